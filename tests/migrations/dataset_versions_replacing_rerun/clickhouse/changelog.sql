--liquibase formatted sql

--changeset data-team:ch-base-1
CREATE TABLE dataset_items (
    id FixedString(36),
    dataset_id FixedString(36),
    workspace_id String,
    source Enum8('unknown' = 0, 'sdk' = 1, 'manual' = 2, 'trace' = 3, 'span' = 4),
    trace_id String DEFAULT '',
    span_id String DEFAULT '',
    data Map(String, String),
    created_at DateTime64(9, 'UTC') DEFAULT now64(9),
    last_updated_at DateTime64(6, 'UTC') DEFAULT now64(6),
    created_by String,
    last_updated_by String
) ENGINE = ReplacingMergeTree(last_updated_at)
ORDER BY (workspace_id, dataset_id, source, trace_id, span_id, id);
--rollback DROP TABLE dataset_items;

--changeset data-team:ch-base-2
CREATE TABLE dataset_item_versions (
    id FixedString(36),
    dataset_item_id FixedString(36),
    dataset_id FixedString(36),
    dataset_version_id FixedString(36),
    workspace_id String,
    source Enum8('unknown' = 0, 'sdk' = 1, 'manual' = 2, 'trace' = 3, 'span' = 4),
    trace_id String DEFAULT '',
    span_id String DEFAULT '',
    data Map(String, String),
    created_at DateTime64(9, 'UTC'),
    last_updated_at DateTime64(6, 'UTC') DEFAULT now64(6),
    created_by String,
    last_updated_by String
) ENGINE = ReplacingMergeTree(last_updated_at)
ORDER BY (workspace_id, dataset_id, dataset_version_id, id);
--rollback DROP TABLE dataset_item_versions;

--changeset data-team:ch-versioning-1
--comment: draft items become items of version 1 (version id = dataset id); re-runs collapse by the sorting key
INSERT INTO dataset_item_versions
    (id, dataset_item_id, dataset_id, dataset_version_id, workspace_id, source, trace_id, span_id, data,
     created_at, last_updated_at, created_by, last_updated_by)
SELECT id, id, dataset_id, dataset_id, workspace_id, source, trace_id, span_id, data,
       created_at, last_updated_at, created_by, last_updated_by
FROM dataset_items FINAL;
--rollback ALTER TABLE dataset_item_versions DELETE WHERE dataset_version_id = dataset_id SETTINGS mutations_sync = 1;
