--liquibase formatted sql

--changeset shop:ch-base-001
--comment: Baseline page views as the tracker writes them; an edit is a new row with a later updated_at
CREATE TABLE IF NOT EXISTS page_views
(
    site        LowCardinality(String),
    view_id     UUID,
    order_id    Nullable(UInt64),
    kind        Enum8('view' = 1, 'click' = 2, 'purchase' = 3),
    props       Map(String, String),
    tags        Array(LowCardinality(String)),
    geo         Tuple(country String, city Nullable(String)),
    amount      Nullable(Decimal(18, 4)),
    duration_ms UInt32 DEFAULT 0,
    viewed_at   DateTime64(3, 'UTC'),
    updated_at  DateTime64(6, 'UTC'),
    viewed_day  Date MATERIALIZED toDate(viewed_at)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (site, view_id);
--rollback DROP TABLE IF EXISTS page_views;

--changeset shop:ch-001
--comment: The new views table, partitioned for retention; same key
CREATE TABLE IF NOT EXISTS page_views_v2
(
    site        LowCardinality(String),
    view_id     UUID,
    order_id    Nullable(UInt64),
    kind        Enum8('view' = 1, 'click' = 2, 'purchase' = 3),
    props       Map(String, String),
    tags        Array(LowCardinality(String)),
    geo         Tuple(country String, city Nullable(String)),
    amount      Nullable(Decimal(18, 4)),
    duration_ms UInt32,
    viewed_at   DateTime64(3, 'UTC'),
    updated_at  DateTime64(6, 'UTC'),
    viewed_day  Date MATERIALIZED toDate(viewed_at)
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(viewed_day)
ORDER BY (site, view_id);
--rollback DROP TABLE IF EXISTS page_views_v2;

--changeset shop:ch-002
--comment: Copy what the application reads (FINAL), once per (site, view_id)
INSERT INTO page_views_v2 (site, view_id, order_id, kind, props, tags, geo, amount, duration_ms, viewed_at, updated_at)
SELECT site, view_id, order_id, kind, props, tags, geo, amount, duration_ms, viewed_at, updated_at
FROM page_views FINAL
WHERE (site, view_id) NOT IN (SELECT site, view_id FROM page_views_v2);
--rollback TRUNCATE TABLE IF EXISTS page_views_v2;
