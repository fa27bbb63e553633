--liquibase formatted sql
--changeset dataset-versioning:ch-000
--comment: Baseline draft items; the application reads them FINAL (last write by last_updated_at wins)
CREATE TABLE IF NOT EXISTS ${ANALYTICS_DB_DATABASE_NAME}.dataset_items ON CLUSTER '{cluster}'
(
    id              FixedString(36),
    workspace_id    String,
    dataset_id      FixedString(36),
    source          Enum8('unknown' = 0, 'sdk' = 1, 'manual' = 2, 'span' = 3, 'trace' = 4),
    trace_id        String DEFAULT '',
    span_id         String DEFAULT '',
    data            String DEFAULT '{}',
    metadata        String DEFAULT '',
    tags            Array(String) DEFAULT [],
    created_at      DateTime64(9, 'UTC') DEFAULT now64(9),
    last_updated_at DateTime64(9, 'UTC') DEFAULT now64(9),
    created_by      String DEFAULT '',
    last_updated_by String DEFAULT ''
)
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${ANALYTICS_DB_DATABASE_NAME}/dataset_items', '{replica}', last_updated_at)
ORDER BY (workspace_id, dataset_id, id);
--rollback DROP TABLE IF EXISTS ${ANALYTICS_DB_DATABASE_NAME}.dataset_items ON CLUSTER '{cluster}';
