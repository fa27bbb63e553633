--liquibase formatted sql

--changeset web:base-1
CREATE TABLE page_views (
    event_id UUID,
    site_id UInt32,
    visitor_id UUID,
    ts String,
    url String,
    referrer Nullable(String),
    country LowCardinality(String),
    device Enum8('desktop' = 1, 'mobile' = 2, 'tablet' = 3),
    tags Array(String),
    attrs Map(String, String),
    ip String,
    revenue Decimal(18, 4)
) ENGINE = MergeTree ORDER BY (site_id, ts);
--rollback DROP TABLE page_views;

--changeset web:v2-1
CREATE TABLE IF NOT EXISTS page_views_v2 (
    event_id UUID,
    site_id UInt32,
    visitor_id UUID,
    ts DateTime64(3, 'UTC'),
    day Date MATERIALIZED toDate(ts),
    url String,
    referrer Nullable(String),
    country LowCardinality(String),
    device Enum8('desktop' = 1, 'mobile' = 2, 'tablet' = 3),
    tags Array(String),
    attrs Map(String, String),
    ip IPv4,
    revenue Decimal(18, 4)
) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (site_id, visitor_id, ts);
--rollback DROP TABLE IF EXISTS page_views_v2;

--changeset web:v2-2
INSERT INTO page_views_v2 (event_id, site_id, visitor_id, ts, url, referrer, country, device, tags, attrs, ip, revenue)
SELECT event_id, site_id, visitor_id, parseDateTime64BestEffort(ts, 3, 'UTC'), url, referrer, country, device, tags, attrs, toIPv4(ip), revenue
FROM page_views
WHERE event_id NOT IN (SELECT event_id FROM page_views_v2);
--rollback TRUNCATE TABLE page_views_v2;
