--liquibase formatted sql

--changeset web:base-001
CREATE TABLE IF NOT EXISTS hits (
  event_time DateTime64(3, 'UTC'),
  site_id UInt32,
  visitor_id UUID,
  ip IPv4,
  country LowCardinality(String),
  revenue Decimal(18, 4),
  attrs Map(String, String),
  path_segments Array(String),
  geo Tuple(lat Float64, lon Float64),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (site_id, visitor_id, event_time);
--rollback DROP TABLE IF EXISTS hits;

--changeset web:rollup-001
CREATE TABLE IF NOT EXISTS site_daily (
  day Date,
  site_id UInt32,
  visitors AggregateFunction(uniq, UUID),
  hits SimpleAggregateFunction(sum, UInt64),
  revenue SimpleAggregateFunction(sum, Decimal(38, 4))
) ENGINE = AggregatingMergeTree
ORDER BY (site_id, day);
--rollback DROP TABLE IF EXISTS site_daily;

--changeset web:rollup-002
CREATE MATERIALIZED VIEW IF NOT EXISTS site_daily_mv TO site_daily AS
SELECT toDate(event_time) AS day, site_id, uniqState(visitor_id) AS visitors,
       toUInt64(count()) AS hits, toDecimal128(sum(revenue), 4) AS revenue
FROM hits GROUP BY day, site_id;
--rollback DROP VIEW IF EXISTS site_daily_mv;

--changeset web:rollup-003
INSERT INTO site_daily
SELECT toDate(event_time) AS day, site_id, uniqState(visitor_id), toUInt64(count()), toDecimal128(sum(revenue), 4)
FROM hits
WHERE (site_id, toDate(event_time)) NOT IN (SELECT site_id, day FROM site_daily)
GROUP BY day, site_id;
--rollback TRUNCATE TABLE site_daily;

--changeset web:hits-001
ALTER TABLE hits ADD COLUMN IF NOT EXISTS country_code FixedString(2) DEFAULT upper(substring(country, 1, 2));
ALTER TABLE hits MATERIALIZE COLUMN country_code;
--rollback ALTER TABLE hits DROP COLUMN IF EXISTS country_code;
