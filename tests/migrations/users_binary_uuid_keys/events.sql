--liquibase formatted sql

--changeset an:1
CREATE TABLE IF NOT EXISTS events (
  event_id UUID,
  user_uuid String,
  kind Enum8('view' = 1, 'click' = 2, 'buy' = 3),
  amount Nullable(Float64),
  at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY (user_uuid, at);
--rollback DROP TABLE events;

--changeset an:2
ALTER TABLE events ADD COLUMN IF NOT EXISTS user_key FixedString(16) DEFAULT unhex(replaceAll(user_uuid, '-', ''));
--rollback ALTER TABLE events DROP COLUMN user_key;

--changeset an:3
ALTER TABLE events MATERIALIZE COLUMN user_key;
--rollback SELECT 1;
