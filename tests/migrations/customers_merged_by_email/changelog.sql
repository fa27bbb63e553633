--liquibase formatted sql

--changeset crm:customers
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  email VARCHAR(190) NOT NULL,
  name VARCHAR(100) NULL,
  KEY ix_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE customers;

--changeset crm:orders
CREATE TABLE orders (
  id INT UNSIGNED NOT NULL PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  total DECIMAL(10, 2) NOT NULL,
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE orders;

--changeset crm:merge-map
CREATE TABLE IF NOT EXISTS customer_merges (
  old_id INT UNSIGNED NOT NULL PRIMARY KEY,
  kept_id INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO customer_merges (old_id, kept_id)
SELECT c.id, k.kept_id
FROM customers c
JOIN (SELECT email, MIN(id) AS kept_id FROM customers GROUP BY email) k ON k.email = c.email
WHERE c.id <> k.kept_id;
--rollback DROP TABLE customer_merges;

--changeset crm:merge-backups
CREATE TABLE IF NOT EXISTS customers_removed LIKE customers;
INSERT IGNORE INTO customers_removed SELECT c.* FROM customers c JOIN customer_merges m ON m.old_id = c.id;
CREATE TABLE IF NOT EXISTS orders_repointed (
  order_id INT UNSIGNED NOT NULL PRIMARY KEY,
  old_customer_id INT UNSIGNED NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO orders_repointed (order_id, old_customer_id)
SELECT o.id, o.customer_id FROM orders o JOIN customer_merges m ON m.old_id = o.customer_id;
--rollback DROP TABLE orders_repointed;
--rollback DROP TABLE customers_removed;

--changeset crm:repoint-orders
UPDATE orders o JOIN customer_merges m ON m.old_id = o.customer_id SET o.customer_id = m.kept_id;
--rollback UPDATE orders o JOIN orders_repointed r ON r.order_id = o.id SET o.customer_id = r.old_customer_id;

--changeset crm:delete-duplicates
DELETE c FROM customers c JOIN customer_merges m ON m.old_id = c.id;
--rollback INSERT INTO customers SELECT * FROM customers_removed;
