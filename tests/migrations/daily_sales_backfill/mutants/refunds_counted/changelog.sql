--liquibase formatted sql

--changeset sales:base-1
CREATE TABLE sales (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  store_id SMALLINT UNSIGNED NOT NULL,
  sold_at DATETIME NOT NULL,
  amount DECIMAL(10,2) NOT NULL,
  refunded TINYINT(1) NOT NULL DEFAULT 0,
  KEY ix_store_day (store_id, sold_at)
) ENGINE=InnoDB;
CREATE TABLE daily_sales (
  store_id SMALLINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  sales_count INT NOT NULL,
  revenue DECIMAL(14,2) NOT NULL,
  origin VARCHAR(16) NOT NULL DEFAULT 'app',
  PRIMARY KEY (store_id, day, origin)
) ENGINE=InnoDB;
--rollback DROP TABLE daily_sales; DROP TABLE sales;

--changeset sales:backfill-1
INSERT INTO daily_sales (store_id, day, sales_count, revenue, origin)
SELECT store_id, DATE(sold_at), COUNT(*), SUM(amount), 'backfill'
FROM sales
GROUP BY store_id, DATE(sold_at)
ON DUPLICATE KEY UPDATE sales_count = VALUES(sales_count), revenue = VALUES(revenue);
--rollback DELETE FROM daily_sales WHERE origin = 'backfill';
