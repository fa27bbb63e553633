--liquibase formatted sql

--changeset shop:lines
CREATE TABLE order_lines (
  order_id UInt64,
  line_no UInt16,
  sku LowCardinality(String),
  note LowCardinality(Nullable(String)),
  tags Array(String),
  amount Decimal(38, 10),
  booked_at DateTime('Europe/Berlin')
) ENGINE = MergeTree ORDER BY (order_id, line_no);
--rollback DROP TABLE order_lines;

--changeset shop:line-versions
CREATE TABLE IF NOT EXISTS order_line_versions (
  version_id UInt64,
  order_id UInt64,
  line_no UInt16,
  sku LowCardinality(String),
  note LowCardinality(Nullable(String)),
  tags Array(String),
  amount Decimal(38, 10),
  booked_at DateTime('Europe/Berlin')
) ENGINE = ReplacingMergeTree ORDER BY (version_id, line_no);
--rollback DROP TABLE order_line_versions;

--changeset shop:line-versions-fill
INSERT INTO order_line_versions
SELECT order_id, order_id, line_no, sku, note, tags, amount, booked_at FROM order_lines;
--rollback TRUNCATE TABLE order_line_versions;
