--liquibase formatted sql
--changeset dataset-versioning:mysql-002
--comment: Every draft dataset becomes version 1 (id = dataset id) with a 'latest' tag
-- NOT EXISTS per row (not "skip if the table has rows"): a re-run after a crash completes the backfill.
INSERT INTO dataset_versions (id, dataset_id, workspace_id, version_hash, change_description,
                              created_at, created_by, last_updated_at, last_updated_by)
SELECT UUID(), d.id, d.workspace_id, 'v1', 'Initial version (migrated from draft)',
       d.created_at, d.created_by, d.last_updated_at, d.last_updated_by
FROM datasets d
WHERE NOT EXISTS (SELECT 1 FROM dataset_versions v WHERE v.dataset_id = d.id);
-- Tags come from the versions just written, so a tag can only point at a version that exists.
INSERT INTO dataset_version_tags (workspace_id, dataset_id, tag, version_id,
                                  created_at, created_by, last_updated_at, last_updated_by)
SELECT v.workspace_id, v.dataset_id, 'latest', v.id, v.created_at, v.created_by, v.last_updated_at, v.last_updated_by
FROM dataset_versions v
WHERE v.change_description = 'Initial version (migrated from draft)'
  AND NOT EXISTS (SELECT 1 FROM dataset_version_tags t
                  WHERE t.workspace_id = v.workspace_id AND t.dataset_id = v.dataset_id AND t.tag = 'latest');
--rollback DELETE FROM dataset_version_tags WHERE tag = 'latest' AND version_id IN (SELECT id FROM dataset_versions WHERE change_description = 'Initial version (migrated from draft)');
--rollback DELETE FROM dataset_versions WHERE change_description = 'Initial version (migrated from draft)';
