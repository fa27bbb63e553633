--liquibase formatted sql

--changeset analytics:1
CREATE TABLE IF NOT EXISTS events (
  ts DateTime,
  user_id UInt64,
  kind LowCardinality(String),
  props Map(String, String)
) ENGINE = MergeTree ORDER BY ts;
--rollback DROP TABLE IF EXISTS events;

--changeset analytics:2
CREATE TABLE IF NOT EXISTS events_by_user (
  ts DateTime,
  user_id UInt64,
  kind LowCardinality(String),
  props Map(String, String)
) ENGINE = MergeTree ORDER BY (user_id, ts);
TRUNCATE TABLE events_by_user;
INSERT INTO events_by_user SELECT ts, user_id, kind, props FROM events;
--rollback DROP TABLE IF EXISTS events_by_user;

--changeset analytics:3
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'events' AND sorting_key = 'ts'
EXCHANGE TABLES events AND events_by_user;
--rollback EXCHANGE TABLES events AND events_by_user;
--rollback INSERT INTO events SELECT * FROM events_by_user EXCEPT ALL SELECT * FROM events;
