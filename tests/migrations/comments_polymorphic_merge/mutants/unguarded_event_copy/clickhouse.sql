--liquibase formatted sql

--changeset app:ch-base-1
CREATE TABLE comment_events (
  event_id UUID,
  event_time DateTime64(3, 'UTC'),
  comment_id UInt64,
  kind Enum8('created' = 1, 'edited' = 2, 'deleted' = 3),
  props Map(String, String),
  tags Array(LowCardinality(String)),
  score Nullable(Decimal(9, 2))
) ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (event_time, event_id);
--rollback DROP TABLE comment_events;

--changeset comments:ch-1
ALTER TABLE comment_events ADD COLUMN IF NOT EXISTS event_day Date MATERIALIZED toDate(event_time);
ALTER TABLE comment_events MATERIALIZE COLUMN event_day;
--rollback ALTER TABLE comment_events DROP COLUMN IF EXISTS event_day;

--changeset comments:ch-2
ALTER TABLE comment_events ADD INDEX IF NOT EXISTS ix_kind kind TYPE set(3) GRANULARITY 4;
ALTER TABLE comment_events MATERIALIZE INDEX ix_kind;
ALTER TABLE comment_events ADD PROJECTION IF NOT EXISTS by_comment (SELECT * ORDER BY comment_id);
ALTER TABLE comment_events MATERIALIZE PROJECTION by_comment;
--rollback ALTER TABLE comment_events DROP PROJECTION IF EXISTS by_comment;
--rollback ALTER TABLE comment_events DROP INDEX IF EXISTS ix_kind;

--changeset comments:ch-3
CREATE TABLE IF NOT EXISTS comment_events_by_comment (
  comment_id UInt64,
  event_id UUID,
  event_time DateTime64(3, 'UTC'),
  kind LowCardinality(String),
  tags Array(String),
  score Decimal(9, 2)
) ENGINE = MergeTree
ORDER BY (comment_id, event_time, event_id);
INSERT INTO comment_events_by_comment
SELECT comment_id, event_id, event_time, toString(kind), CAST(tags, 'Array(String)'), ifNull(score, toDecimal32(0, 2))
FROM comment_events
;
--rollback DROP TABLE IF EXISTS comment_events_by_comment;
