--liquibase formatted sql

--changeset ch:events
CREATE TABLE events ON CLUSTER '{cluster}' (
  id UInt64,
  ts DateTime,
  kind LowCardinality(String),
  ver UInt32
) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/events', '{replica}', ver)
ORDER BY (id);
--rollback DROP TABLE events ON CLUSTER '{cluster}' SYNC;

--changeset ch:plain
CREATE TABLE plain ON CLUSTER main (id UInt64, note String)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/plain', '{replica}') ORDER BY id;
--rollback DROP TABLE plain ON CLUSTER main SYNC;

--changeset ch:data
INSERT INTO events VALUES (1, '2024-01-01 00:00:00', 'a;b', 1), (1, '2024-01-01 00:00:00', 'newer', 2);
INSERT INTO plain VALUES (1, 'it''s -- here; ok');
--rollback TRUNCATE TABLE events ON CLUSTER '{cluster}';
--rollback TRUNCATE TABLE plain ON CLUSTER main;

--changeset ch:alter
ALTER TABLE events ON CLUSTER '{cluster}' ADD COLUMN IF NOT EXISTS source String DEFAULT 'x';
--rollback ALTER TABLE events ON CLUSTER '{cluster}' DROP COLUMN source;
