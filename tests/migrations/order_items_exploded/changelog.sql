--liquibase formatted sql

--changeset shop:orders
CREATE TABLE orders (
  id BIGINT NOT NULL PRIMARY KEY,
  placed_on DATE NOT NULL,
  items JSON NOT NULL
);
--rollback DROP TABLE orders;

--changeset shop:order-items-table
CREATE TABLE IF NOT EXISTS order_items (
  order_id BIGINT NOT NULL,
  position INT NOT NULL,
  sku VARCHAR(32) NOT NULL,
  qty INT NOT NULL,
  PRIMARY KEY (order_id, position),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id)
);
--rollback DROP TABLE order_items;

--changeset shop:order-items-explode
INSERT IGNORE INTO order_items (order_id, position, sku, qty)
SELECT o.id, j.position, j.sku, j.qty
FROM orders o,
     JSON_TABLE(o.items, '$[*]' COLUMNS (
       position FOR ORDINALITY,
       sku VARCHAR(32) PATH '$.sku',
       qty INT PATH '$.qty'
     )) AS j;
--rollback DELETE FROM order_items;
