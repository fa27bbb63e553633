--liquibase formatted sql

--changeset analytics:base-1
CREATE TABLE IF NOT EXISTS events (
    tenant_id UInt32,
    event_id UInt64,
    kind LowCardinality(String),
    payload String,
    at DateTime64(3, 'UTC'),
    version UInt32
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant_id, event_id);
--rollback DROP TABLE IF EXISTS events;

--changeset analytics:swap-1
CREATE TABLE IF NOT EXISTS events_next (
    tenant_id UInt32,
    event_id UInt64,
    kind LowCardinality(String),
    payload String,
    at DateTime64(3, 'UTC'),
    day Date MATERIALIZED toDate(at),
    version UInt32
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(at)
ORDER BY (tenant_id, event_id);
--rollback DROP TABLE IF EXISTS events_next;

--changeset analytics:swap-2
INSERT INTO events_next (tenant_id, event_id, kind, payload, at, version)
SELECT tenant_id, event_id, kind, payload, at, version
FROM events FINAL
WHERE (tenant_id, event_id) NOT IN (SELECT tenant_id, event_id FROM events_next);
--rollback TRUNCATE TABLE IF EXISTS events_next;

--changeset analytics:swap-3
EXCHANGE TABLES events AND events_next;
--rollback INSERT INTO events_next (tenant_id, event_id, kind, payload, at, version) SELECT tenant_id, event_id, kind, payload, at, version FROM events WHERE (tenant_id, event_id, version) NOT IN (SELECT tenant_id, event_id, version FROM events_next);
--rollback EXCHANGE TABLES events AND events_next;
