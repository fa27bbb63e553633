--liquibase formatted sql

--changeset app:1
CREATE TABLE orders (id INT PRIMARY KEY, doc JSON NOT NULL);
--rollback DROP TABLE orders;

--changeset mig:1
CREATE TABLE IF NOT EXISTS order_totals (order_id INT PRIMARY KEY, status VARCHAR(40) NULL, note VARCHAR(200) NULL);
--rollback DROP TABLE order_totals;

--changeset mig:2
INSERT IGNORE INTO order_totals (order_id, status, note) SELECT id, doc->>'$.status', doc->'$.note' FROM orders WHERE doc->>'$.status' IS NOT NULL;
--rollback DELETE FROM order_totals;
