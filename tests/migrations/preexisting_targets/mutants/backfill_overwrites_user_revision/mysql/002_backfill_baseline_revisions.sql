--liquibase formatted sql

--changeset projects:rev-001
--comment: Revisions written by the migration get their own origin
ALTER TABLE project_revisions MODIFY COLUMN origin ENUM('user', 'api', 'backfill') NOT NULL;
--rollback ALTER TABLE project_revisions MODIFY COLUMN origin ENUM('user', 'api') NOT NULL;

--changeset projects:rev-002
--comment: Every project gets revision 1 (origin backfill), a snapshot of the project as it is
-- Upsert, so that a re-run does not fail on the primary key.
INSERT INTO project_revisions (project_id, revision_no, origin, status, budget, snapshot, author, created_at)
SELECT p.id, 1, 'backfill', p.status, p.budget, COALESCE(p.settings, '{}'), p.created_by, p.created_at
FROM projects p
ON DUPLICATE KEY UPDATE origin = VALUES(origin), status = VALUES(status), budget = VALUES(budget),
                        snapshot = VALUES(snapshot), author = VALUES(author), created_at = VALUES(created_at);
--rollback DELETE FROM project_revisions WHERE origin = 'backfill';
