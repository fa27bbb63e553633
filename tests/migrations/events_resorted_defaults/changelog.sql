--liquibase formatted sql

--changeset app:1
CREATE TABLE events (
  tenant LowCardinality(String),
  event_id UInt64,
  ts DateTime,
  kind String,
  referrer Nullable(String),
  amount Nullable(Decimal(18, 4))
) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (event_id);
--rollback DROP TABLE events;

--changeset analytics:2
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events_backup'
CREATE TABLE IF NOT EXISTS events_v2 (
  tenant LowCardinality(String),
  event_id UInt64,
  ts DateTime64(3),
  kind LowCardinality(String),
  referrer String,
  amount Decimal(18, 4)
) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (tenant, ts, event_id);
--rollback DROP TABLE IF EXISTS events_v2;

--changeset analytics:3
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events_backup'
INSERT INTO events_v2 SELECT tenant, event_id, ts, kind, ifNull(referrer, ''), ifNull(amount, 0) FROM events
WHERE event_id NOT IN (SELECT event_id FROM events_v2);
--rollback TRUNCATE TABLE events_v2;

--changeset analytics:4
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events_backup'
RENAME TABLE events TO events_backup, events_v2 TO events;
--rollback INSERT INTO events_backup SELECT tenant, event_id, toDateTime(ts), kind, nullIf(referrer, ''), amount FROM events WHERE event_id NOT IN (SELECT event_id FROM events_backup);
--rollback RENAME TABLE events TO events_v2, events_backup TO events;
