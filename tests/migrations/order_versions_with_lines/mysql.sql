--liquibase formatted sql

--changeset shop:orders
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  customer_ref VARCHAR(64) NOT NULL,
  status ENUM('draft','placed','shipped','cancelled') NOT NULL DEFAULT 'draft',
  placed_at TIMESTAMP NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE orders;

--changeset shop:order-versions
CREATE TABLE IF NOT EXISTS order_versions (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  order_id BIGINT UNSIGNED NOT NULL,
  version_no INT NOT NULL,
  tag VARCHAR(16) NOT NULL,
  status_at_version ENUM('draft','placed','shipped','cancelled') NOT NULL,
  UNIQUE KEY uq_order_version (order_id, version_no),
  CONSTRAINT fk_version_order FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE order_versions;

--changeset shop:order-versions-fill
INSERT IGNORE INTO order_versions (id, order_id, version_no, tag, status_at_version)
SELECT id, id, 1, 'latest', status FROM orders;
--rollback DELETE FROM order_versions WHERE version_no = 1;
