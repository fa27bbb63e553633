--liquibase formatted sql
--changeset dataset-versioning:ch-001
--comment: Items of dataset versions; migrated_by marks the rows this migration copied
CREATE TABLE IF NOT EXISTS ${ANALYTICS_DB_DATABASE_NAME}.dataset_item_versions ON CLUSTER '{cluster}'
(
    id                 FixedString(36),
    dataset_item_id    FixedString(36),
    dataset_id         FixedString(36),
    dataset_version_id FixedString(36),
    workspace_id       String,
    source             Enum8('unknown' = 0, 'sdk' = 1, 'manual' = 2, 'span' = 3, 'trace' = 4),
    trace_id           String DEFAULT '',
    span_id            String DEFAULT '',
    data               String DEFAULT '{}',
    metadata           String DEFAULT '',
    tags               Array(String) DEFAULT [],
    created_at         DateTime64(3, 'UTC') DEFAULT now64(3),
    last_updated_at    DateTime64(3, 'UTC') DEFAULT now64(3),
    created_by         String DEFAULT '',
    last_updated_by    String DEFAULT '',
    migrated_by        LowCardinality(String) DEFAULT ''
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${ANALYTICS_DB_DATABASE_NAME}/dataset_item_versions', '{replica}', last_updated_at)
ORDER BY (workspace_id, dataset_id, dataset_version_id, id);
--rollback DROP TABLE IF EXISTS ${ANALYTICS_DB_DATABASE_NAME}.dataset_item_versions ON CLUSTER '{cluster}';
