--liquibase formatted sql

--changeset projects:rev-001
--comment: Revisions written by the migration get their own origin
ALTER TABLE project_revisions MODIFY COLUMN origin ENUM('user', 'api', 'backfill') NOT NULL;
--rollback ALTER TABLE project_revisions MODIFY COLUMN origin ENUM('user', 'api') NOT NULL;

--changeset projects:rev-002
--comment: Every project without any revision gets revision 0 (origin backfill), a snapshot of the project as it is
-- Revision 0 is never used by the application (it numbers from 1), so the id (project_id, 0) is
-- deterministic and cannot clash with a user's revision. NOT EXISTS per project: a re-run adds nothing,
-- a re-run after a crash completes the backfill. The rollback removes only what the backfill wrote.
INSERT INTO project_revisions (project_id, revision_no, origin, status, budget, snapshot, author, created_at)
SELECT p.id, 0, 'backfill', p.status, p.budget, COALESCE(p.settings, '{}'), p.created_by, p.created_at
FROM projects p
WHERE NOT EXISTS (SELECT 1 FROM project_revisions r WHERE r.project_id = p.id);
--rollback DELETE FROM project_revisions WHERE origin = 'backfill';
