--liquibase formatted sql

--changeset shop:ch-base-1
CREATE TABLE product_events (
  event_time DateTime64(3, 'UTC'),
  product_id UInt64,
  kind LowCardinality(String),
  tags Array(String),
  attrs Map(String, String),
  amount Decimal(12, 2)
) ENGINE = MergeTree
PARTITION BY toYYYYMM(event_time)
ORDER BY (product_id, event_time);
--rollback DROP TABLE product_events;

--changeset catalog:ch-1
CREATE TABLE IF NOT EXISTS product_events_by_kind (
  kind Enum8('view' = 1, 'cart' = 2, 'purchase' = 3),
  product_id UInt64,
  event_time DateTime64(3, 'UTC'),
  tags Array(LowCardinality(String)),
  attrs Map(LowCardinality(String), String),
  amount_cents Int64
) ENGINE = MergeTree
ORDER BY (kind, product_id, event_time);
--rollback DROP TABLE IF EXISTS product_events_by_kind;

--changeset catalog:ch-2
INSERT INTO product_events_by_kind (kind, product_id, event_time, tags, attrs, amount_cents)
SELECT CAST(kind AS Enum8('view' = 1, 'cart' = 2, 'purchase' = 3)), product_id, event_time, tags, attrs,
       toInt64(amount * 100)
FROM product_events;
--rollback TRUNCATE TABLE product_events_by_kind;
