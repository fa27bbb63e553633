--liquibase formatted sql

--changeset shop:base
CREATE TABLE orders (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  doc JSON NOT NULL,
  placed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE orders;

--changeset shop:email-col
ALTER TABLE orders ADD COLUMN IF NOT EXISTS customer_email VARCHAR(255) NULL;
--rollback ALTER TABLE orders DROP COLUMN customer_email;

--changeset shop:email-fill
UPDATE orders SET customer_email = JSON_UNQUOTE(JSON_EXTRACT(doc, '$.customer.email')) WHERE customer_email IS NULL;
--rollback UPDATE orders SET customer_email = NULL;
