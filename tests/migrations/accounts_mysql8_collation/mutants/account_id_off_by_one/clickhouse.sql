--liquibase formatted sql

--changeset analytics:base-1
CREATE TABLE events (
  event_id UUID,
  user_id UInt64,
  name LowCardinality(String),
  at DateTime('UTC')
) ENGINE = MergeTree ORDER BY (user_id, at, event_id);
--rollback DROP TABLE events;

--changeset analytics:accounts-1
ALTER TABLE events ADD COLUMN IF NOT EXISTS account_id UInt64 DEFAULT user_id + 1;
ALTER TABLE events MATERIALIZE COLUMN account_id;
--rollback ALTER TABLE events DROP COLUMN IF EXISTS account_id;
