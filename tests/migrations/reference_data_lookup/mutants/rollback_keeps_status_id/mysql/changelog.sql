--liquibase formatted sql

--changeset shop:base-1
CREATE TABLE order_statuses (id TINYINT UNSIGNED PRIMARY KEY, name VARCHAR(16) NOT NULL UNIQUE);
INSERT INTO order_statuses (id, name) VALUES (1, 'new'), (2, 'paid'), (3, 'shipped'), (4, 'cancelled');
--rollback DROP TABLE order_statuses;

--changeset shop:base-2
CREATE TABLE orders (
    id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
    customer_email VARCHAR(320) NOT NULL,
    status ENUM('new', 'paid', 'shipped', 'cancelled') NOT NULL DEFAULT 'new',
    total DECIMAL(12, 2) NOT NULL,
    placed_at DATETIME(3) NOT NULL
);
--rollback DROP TABLE orders;

--changeset shop:base-3
CREATE TABLE order_events (
    id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
    order_id BIGINT UNSIGNED NOT NULL,
    status_id TINYINT UNSIGNED NOT NULL,
    noted_at DATETIME(6) NOT NULL,
    CONSTRAINT order_events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT order_events_status_fk FOREIGN KEY (status_id) REFERENCES order_statuses (id)
);
--rollback DROP TABLE order_events;

--changeset shop:status-1
ALTER TABLE orders ADD COLUMN IF NOT EXISTS status_id TINYINT UNSIGNED NULL;
--rollback SELECT 1;

--changeset shop:status-2
UPDATE orders o JOIN order_statuses s ON s.name = o.status SET o.status_id = s.id WHERE o.status_id IS NULL;
--rollback UPDATE orders SET status_id = NULL;

--changeset shop:status-3
ALTER TABLE orders ADD FOREIGN KEY IF NOT EXISTS orders_status_fk (status_id) REFERENCES order_statuses (id);
--rollback ALTER TABLE orders DROP FOREIGN KEY IF EXISTS orders_status_fk;
--rollback ALTER TABLE orders DROP INDEX IF EXISTS orders_status_fk;
