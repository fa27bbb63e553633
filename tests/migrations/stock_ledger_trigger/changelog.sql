--liquibase formatted sql

--changeset inv:base
CREATE TABLE products (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, sku VARCHAR(40) NOT NULL UNIQUE, stock INT NOT NULL DEFAULT 0, updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6));
--rollback DROP TABLE products;

--changeset inv:ledger-1
CREATE TABLE IF NOT EXISTS stock_ledger (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, product_id INT NOT NULL, delta INT NOT NULL, reason VARCHAR(20) NOT NULL, KEY ix_product (product_id));
--rollback DROP TABLE stock_ledger;

--changeset inv:ledger-2
INSERT INTO stock_ledger (product_id, delta, reason) SELECT p.id, p.stock, 'opening' FROM products p WHERE NOT EXISTS (SELECT 1 FROM stock_ledger l WHERE l.product_id = p.id AND l.reason = 'opening');
--rollback DELETE FROM stock_ledger WHERE reason = 'opening';

--changeset inv:ledger-3 splitStatements:false
CREATE TRIGGER IF NOT EXISTS products_stock_ledger AFTER UPDATE ON products FOR EACH ROW
BEGIN
  IF NEW.stock <> OLD.stock THEN
    INSERT INTO stock_ledger (product_id, delta, reason) VALUES (NEW.id, NEW.stock - OLD.stock, 'change');
  END IF;
END
--rollback DROP TRIGGER IF EXISTS products_stock_ledger;
