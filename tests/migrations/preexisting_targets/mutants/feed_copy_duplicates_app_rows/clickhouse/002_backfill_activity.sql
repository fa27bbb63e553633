--liquibase formatted sql

--changeset projects:ch-001
--comment: Copy into the activity feed every event it does not have yet, marked written_by = 'backfill'
-- The guard is per event: a re-run after an interrupted copy adds exactly the missing ones.
INSERT INTO ${CH_DB}.project_activity (event_id, project_id, kind, amount, occurred_at, written_by)
SELECT event_id, project_id, kind, amount, occurred_at, 'backfill'
FROM ${CH_DB}.project_events
WHERE event_id NOT IN (SELECT event_id FROM ${CH_DB}.project_activity WHERE written_by = 'backfill');
--rollback ALTER TABLE ${CH_DB}.project_activity DELETE WHERE written_by = 'backfill' SETTINGS mutations_sync = 2;
