--liquibase formatted sql

--changeset shop:1
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_email VARCHAR(190) NOT NULL,
  total DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  placed_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE order_items (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  sku VARCHAR(40) NOT NULL,
  qty SMALLINT UNSIGNED NOT NULL,
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE order_items;
--rollback DROP TABLE orders;

--changeset uuid:1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'uuid'
ALTER TABLE orders ADD COLUMN uuid CHAR(36) NULL AFTER id;
--rollback ALTER TABLE orders DROP COLUMN uuid;

--changeset uuid:2
UPDATE orders SET uuid = LOWER(CONCAT_WS('-', SUBSTR(MD5(CONCAT('order:', id)), 1, 8), SUBSTR(MD5(CONCAT('order:', id)), 9, 4), SUBSTR(MD5(CONCAT('order:', id)), 13, 4), SUBSTR(MD5(CONCAT('order:', id)), 17, 4), SUBSTR(MD5(CONCAT('order:', id)), 21, 12))) WHERE uuid IS NULL;
--rollback UPDATE orders SET uuid = NULL;

--changeset uuid:3
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'orders' AND INDEX_NAME = 'uq_orders_uuid'
ALTER TABLE orders ADD UNIQUE KEY uq_orders_uuid (uuid);
--rollback ALTER TABLE orders DROP KEY uq_orders_uuid;

--changeset uuid:4
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'order_items' AND COLUMN_NAME = 'order_uuid'
ALTER TABLE order_items ADD COLUMN order_uuid CHAR(36) NULL AFTER order_id;
--rollback ALTER TABLE order_items DROP COLUMN order_uuid;

--changeset uuid:5
UPDATE order_items oi JOIN orders o ON o.id = oi.order_id SET oi.order_uuid = o.uuid WHERE oi.order_uuid IS NULL AND oi.qty > 0;
--rollback UPDATE order_items SET order_uuid = NULL;
