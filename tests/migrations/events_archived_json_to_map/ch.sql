--liquibase formatted sql

--changeset an:base
CREATE TABLE events (
  id UInt64,
  tenant LowCardinality(String),
  at DateTime64(3, 'UTC'),
  props String,
  value Nullable(Decimal(12, 3))
) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (tenant, at, id);
--rollback DROP TABLE events;

--changeset an:archive-table
CREATE TABLE IF NOT EXISTS events_archive (
  id UInt64,
  tenant LowCardinality(String),
  at DateTime64(3, 'UTC'),
  props Map(String, String),
  value Nullable(Decimal(12, 3))
) ENGINE = ReplacingMergeTree ORDER BY (tenant, id);
--rollback DROP TABLE events_archive;

--changeset an:archive-copy
INSERT INTO events_archive SELECT id, tenant, at, JSONExtract(props, 'Map(String, String)'), value FROM events WHERE at < '2024-01-01 00:00:00';
--rollback TRUNCATE TABLE events_archive;

--changeset an:archive-delete
DELETE FROM events WHERE at < '2024-01-01 00:00:00';
--rollback INSERT INTO events SELECT id, tenant, at, toJSONString(props), value FROM events_archive FINAL;
