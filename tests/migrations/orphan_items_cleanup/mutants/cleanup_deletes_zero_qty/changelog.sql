--liquibase formatted sql

--changeset shop:1
CREATE TABLE orders (id INT PRIMARY KEY, placed_at DATETIME NOT NULL);
CREATE TABLE order_items (id INT PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(20) NOT NULL, qty INT NOT NULL, KEY ix_order (order_id));
--rollback DROP TABLE order_items;
--rollback DROP TABLE orders;

--changeset cleanup:1
CREATE TABLE IF NOT EXISTS order_items_orphans LIKE order_items;
INSERT IGNORE INTO order_items_orphans SELECT i.* FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL;
--rollback DROP TABLE order_items_orphans;

--changeset cleanup:2
DELETE i FROM order_items i LEFT JOIN orders o ON o.id = i.order_id WHERE o.id IS NULL OR i.qty = 0;
--rollback INSERT IGNORE INTO order_items SELECT * FROM order_items_orphans;

--changeset cleanup:3
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'fk_items_order'
ALTER TABLE order_items ADD CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id);
--rollback ALTER TABLE order_items DROP FOREIGN KEY fk_items_order;
