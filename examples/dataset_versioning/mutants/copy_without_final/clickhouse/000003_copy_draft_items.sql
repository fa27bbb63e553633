--liquibase formatted sql
--changeset dataset-versioning:ch-002
--comment: Draft items become the items of version 1 (version id = dataset id, item version id = item id)
-- Copies every stored write of an item, stale versions included. The NOT IN is per item (not per
-- dataset), so a re-run after an interrupted copy fills in exactly the items that are missing.
INSERT INTO ${ANALYTICS_DB_DATABASE_NAME}.dataset_item_versions
    (id, dataset_item_id, dataset_id, dataset_version_id, workspace_id, source, trace_id, span_id,
     data, metadata, tags, created_at, last_updated_at, created_by, last_updated_by, migrated_by)
SELECT id, id, dataset_id, dataset_id, workspace_id, source, trace_id, span_id,
       data, metadata, tags, created_at, last_updated_at, created_by, last_updated_by, 'migration'
FROM ${ANALYTICS_DB_DATABASE_NAME}.dataset_items
WHERE (workspace_id, dataset_id, id) NOT IN (
    SELECT workspace_id, dataset_version_id, dataset_item_id
    FROM ${ANALYTICS_DB_DATABASE_NAME}.dataset_item_versions
    WHERE migrated_by = 'migration'
);
--rollback ALTER TABLE ${ANALYTICS_DB_DATABASE_NAME}.dataset_item_versions ON CLUSTER '{cluster}' DELETE WHERE migrated_by = 'migration' SETTINGS mutations_sync = 2;
