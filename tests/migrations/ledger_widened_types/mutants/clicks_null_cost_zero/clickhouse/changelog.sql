--liquibase formatted sql

--changeset web:base-1
CREATE TABLE clicks (
  id UInt64,
  ts DateTime('UTC'),
  user_id UInt32,
  url String,
  country LowCardinality(String),
  cost Nullable(Decimal(10, 4))
) ENGINE = MergeTree ORDER BY (id);
--rollback DROP TABLE clicks;

--changeset web:clicks-v2-1
CREATE TABLE IF NOT EXISTS clicks_v2 (
  id UInt64,
  ts DateTime64(3, 'UTC'),
  user_id UInt64,
  url String,
  country String,
  cost Nullable(Decimal(18, 4))
) ENGINE = ReplacingMergeTree ORDER BY (id);
--rollback DROP TABLE IF EXISTS clicks_v2;

--changeset web:clicks-v2-2
INSERT INTO clicks_v2 SELECT id, ts, user_id, url, country, ifNull(cost, 0) FROM clicks WHERE id NOT IN (SELECT id FROM clicks_v2);
--rollback TRUNCATE TABLE clicks_v2;
