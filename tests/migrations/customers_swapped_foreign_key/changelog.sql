--liquibase formatted sql

--changeset app:1
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, country CHAR(2) NOT NULL) ENGINE=InnoDB;
CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(10,2) NOT NULL,
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)) ENGINE=InnoDB;
--rollback DROP TABLE orders;
--rollback DROP TABLE customers;

--changeset swap:1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers_old'
CREATE TABLE IF NOT EXISTS customers_new (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, country CHAR(2) NOT NULL, region VARCHAR(10) NOT NULL DEFAULT '') ENGINE=InnoDB;
--rollback DROP TABLE IF EXISTS customers_new;

--changeset swap:2
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers_old'
INSERT IGNORE INTO customers_new (id, name, country, region) SELECT id, name, country, IF(country IN ('DE','FR'), 'EU', 'OTHER') FROM customers;
--rollback DELETE FROM customers_new;

--changeset swap:3
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers_old'
RENAME TABLE customers TO customers_old, customers_new TO customers;
--rollback INSERT IGNORE INTO customers_old (id, name, country) SELECT id, name, country FROM customers;
--rollback RENAME TABLE customers TO customers_new, customers_old TO customers;

--changeset swap:4
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'fk_orders_customer'
ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer, ADD CONSTRAINT fk_orders_customer_v2 FOREIGN KEY (customer_id) REFERENCES customers (id);
--rollback INSERT IGNORE INTO customers_old (id, name, country) SELECT id, name, country FROM customers;
--rollback ALTER TABLE orders DROP FOREIGN KEY fk_orders_customer_v2, ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers_old (id);
