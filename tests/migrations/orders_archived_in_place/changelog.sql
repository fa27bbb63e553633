--liquibase formatted sql

--changeset shop:1
CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'open',
  total_cents BIGINT NOT NULL,
  closed_at DATETIME NULL,
  KEY orders_status (status)
);
--rollback DROP TABLE orders;

--changeset shop:2
UPDATE orders SET status = 'archived' WHERE status = 'closed' AND closed_at < '2023-01-01';
--rollback UPDATE orders SET status = 'closed' WHERE status = 'archived';
