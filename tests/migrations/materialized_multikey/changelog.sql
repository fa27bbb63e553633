--liquibase formatted sql

--changeset analytics:events-raw-000
--comment: Baseline: raw events as the ingest writes them; the application reads them FINAL
-- An event id is unique per tenant only; an edit is a new row with a later updated_at.
CREATE TABLE IF NOT EXISTS events_raw
(
    tenant_id    LowCardinality(String),
    event_id     UInt64,
    kind         LowCardinality(String),
    user_id      Nullable(UInt64),
    price        Decimal(18, 6),
    attrs        Map(String, String),
    tags         Array(String),
    raw_payload  String EPHEMERAL '',
    payload_hash UInt64 DEFAULT cityHash64(raw_payload),
    source       LowCardinality(String) DEFAULT 'sdk',
    occurred_at  DateTime64(6, 'UTC'),
    updated_at   DateTime64(6, 'UTC'),
    occurred_day Date32 MATERIALIZED toDate32(occurred_at),
    is_refund    UInt8 ALIAS price < 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (tenant_id, event_id);
--rollback DROP TABLE IF EXISTS events_raw;

--changeset analytics:events-001
--comment: The deduplicated events table, keyed like events_raw: (tenant_id, event_id), never event_id alone
CREATE TABLE IF NOT EXISTS events
(
    tenant_id    LowCardinality(String),
    event_id     UInt64,
    kind         LowCardinality(String),
    user_id      Nullable(UInt64),
    price        Decimal(18, 6),
    attrs        Map(String, String),
    tags         Array(String),
    payload_hash UInt64,
    source       LowCardinality(String),
    occurred_at  DateTime64(6, 'UTC'),
    updated_at   DateTime64(6, 'UTC'),
    occurred_day Date32 MATERIALIZED toDate32(occurred_at),
    is_refund    UInt8 MATERIALIZED price < 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (tenant_id, event_id);
--rollback DROP TABLE IF EXISTS events;

--changeset analytics:events-002
--comment: Copy the version the application reads (FINAL) of every raw event, once per (tenant_id, event_id)
-- The guard is per key, so a re-run after an interrupted copy adds exactly the missing events.
INSERT INTO events (tenant_id, event_id, kind, user_id, price, attrs, tags, payload_hash, source,
                    occurred_at, updated_at)
SELECT tenant_id, event_id, kind, user_id, price, attrs, tags, payload_hash, source, occurred_at, updated_at
FROM events_raw FINAL
WHERE (tenant_id, event_id) NOT IN (SELECT tenant_id, event_id FROM events);
--rollback TRUNCATE TABLE IF EXISTS events;
