--liquibase formatted sql

--changeset shop:base-1
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  country CHAR(2) NOT NULL DEFAULT 'US',
  UNIQUE KEY uk_email (email)
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  total_cents BIGINT NOT NULL,
  placed_at DATETIME(6) NOT NULL,
  KEY ix_customer (customer_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE orders; DROP TABLE customers;

--changeset shop:expand-1
ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_country CHAR(2) NULL;
--rollback ALTER TABLE orders DROP COLUMN customer_country;

--changeset shop:backfill-1
UPDATE orders o JOIN customers c ON c.id = o.customer_id SET o.customer_country = c.country WHERE o.customer_country IS NULL;
--rollback UPDATE orders SET customer_country = NULL;

--changeset shop:contract-1
ALTER TABLE orders MODIFY customer_country CHAR(2) NOT NULL DEFAULT '';
--rollback ALTER TABLE orders MODIFY customer_country CHAR(2) NULL;
