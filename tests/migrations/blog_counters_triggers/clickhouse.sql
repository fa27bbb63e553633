--liquibase formatted sql

--changeset web:ch-base-1
CREATE TABLE page_hits (
  ts DateTime('UTC'),
  site_id UInt32,
  path String,
  bytes UInt64
) ENGINE = MergeTree
ORDER BY (site_id, ts);
--rollback DROP TABLE page_hits;

--changeset rollup:ch-1
CREATE TABLE IF NOT EXISTS daily_site_hits (
  day Date,
  site_id UInt32,
  hits UInt64,
  bytes UInt64
) ENGINE = SummingMergeTree
ORDER BY (site_id, day);
--rollback DROP TABLE IF EXISTS daily_site_hits;

--changeset rollup:ch-2
CREATE MATERIALIZED VIEW IF NOT EXISTS daily_site_hits_mv TO daily_site_hits AS
SELECT toDate(ts) AS day, site_id, count() AS hits, sum(bytes) AS bytes
FROM page_hits GROUP BY day, site_id;
--rollback DROP VIEW IF EXISTS daily_site_hits_mv;

--changeset rollup:ch-3
INSERT INTO daily_site_hits (day, site_id, hits, bytes)
SELECT toDate(ts) AS day, site_id, count(), sum(bytes)
FROM page_hits
WHERE (SELECT count() FROM daily_site_hits) = 0
GROUP BY day, site_id;
--rollback TRUNCATE TABLE daily_site_hits;
