--liquibase formatted sql

--changeset shop:base-1
CREATE TABLE orders (
  id BINARY(16) NOT NULL PRIMARY KEY,
  customer_ref VARCHAR(64) NOT NULL,
  doc JSON NOT NULL,
  placed_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  status SET('paid','shipped','refunded') NOT NULL DEFAULT '',
  KEY ix_customer (customer_ref)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
--rollback DROP TABLE orders;

--changeset shop:orders-1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'orders' AND table_type = 'BASE TABLE'
ALTER TABLE orders
  ADD COLUMN IF NOT EXISTS total_cents BIGINT AS (CAST(JSON_VALUE(doc, '$.total_cents') AS SIGNED)) STORED,
  ADD INDEX IF NOT EXISTS ix_total (total_cents);
--rollback ALTER TABLE orders DROP INDEX ix_total, DROP COLUMN total_cents;

--changeset shop:orders-2
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'purchase_orders'
RENAME TABLE orders TO purchase_orders;
--rollback RENAME TABLE purchase_orders TO orders;

--changeset shop:orders-3
CREATE OR REPLACE VIEW orders AS SELECT id, customer_ref, doc, placed_at, status FROM purchase_orders;
--rollback DROP VIEW IF EXISTS orders;
