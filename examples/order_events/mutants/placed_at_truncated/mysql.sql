--liquibase formatted sql

--changeset shop:base-001
--comment: Baseline customers and orders; an order may be a guest order (no customer)
CREATE TABLE IF NOT EXISTS customers (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    email VARCHAR(190) NOT NULL,
    full_name VARCHAR(120) NULL,
    tier ENUM('free', 'pro', 'enterprise') NOT NULL DEFAULT 'free',
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT customers_pk PRIMARY KEY (id),
    CONSTRAINT customers_email_uk UNIQUE (email)
);
CREATE TABLE IF NOT EXISTS orders (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    customer_id BIGINT UNSIGNED NULL,
    status ENUM('pending', 'paid', 'shipped', 'refunded') NOT NULL,
    total DECIMAL(12, 2) NOT NULL,
    currency CHAR(3) NOT NULL DEFAULT 'EUR',
    notes TEXT NULL,
    attrs JSON NULL,
    placed_at DATETIME(6) NOT NULL,
    CONSTRAINT orders_pk PRIMARY KEY (id),
    CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
);
--rollback DROP TABLE IF EXISTS orders;
--rollback DROP TABLE IF EXISTS customers;

--changeset shop:summaries-001
--comment: One summary row per order, for the reporting screens
CREATE TABLE IF NOT EXISTS order_summaries (
    order_id BIGINT UNSIGNED NOT NULL,
    customer_id BIGINT UNSIGNED NULL,
    customer_email VARCHAR(190) NULL,
    status ENUM('pending', 'paid', 'shipped', 'refunded') NOT NULL,
    total DECIMAL(12, 2) NOT NULL,
    currency CHAR(3) NOT NULL,
    placed_at DATETIME NOT NULL,
    origin VARCHAR(16) NOT NULL,
    CONSTRAINT order_summaries_pk PRIMARY KEY (order_id)
);
--rollback DROP TABLE IF EXISTS order_summaries;

--changeset shop:summaries-002
--comment: Backfill a summary for every order; guest orders (no customer) too, hence the LEFT JOIN
INSERT INTO order_summaries (order_id, customer_id, customer_email, status, total, currency, placed_at, origin)
SELECT o.id, o.customer_id, c.email, o.status, o.total, o.currency, o.placed_at, 'backfill'
FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
WHERE NOT EXISTS (SELECT 1 FROM order_summaries s WHERE s.order_id = o.id);
--rollback DELETE FROM order_summaries WHERE origin = 'backfill';
