--liquibase formatted sql

--changeset shop:base-1
CREATE TABLE products (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  sku VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  tag_list VARCHAR(500) NULL,
  price DECIMAL(12,2) NOT NULL,
  status ENUM('draft','active','retired') NOT NULL DEFAULT 'draft',
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_products_sku (sku)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
--rollback DROP TABLE products;

--changeset catalog:tags-1
CREATE TABLE IF NOT EXISTS product_tags (
  product_id BIGINT UNSIGNED NOT NULL,
  tag VARCHAR(64) NOT NULL,
  PRIMARY KEY (product_id, tag),
  KEY ix_product_tags_tag (tag),
  CONSTRAINT fk_product_tags_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
--rollback DROP TABLE IF EXISTS product_tags;

--changeset catalog:tags-2
INSERT IGNORE INTO product_tags (product_id, tag)
WITH RECURSIVE parts (product_id, tag, rest) AS (
  SELECT id, SUBSTRING_INDEX(tag_list, ',', 1),
         IF(LOCATE(',', tag_list) > 0, SUBSTRING(tag_list, LOCATE(',', tag_list) + 1), NULL)
  FROM products WHERE tag_list IS NOT NULL
  UNION ALL
  SELECT product_id, SUBSTRING_INDEX(rest, ',', 1),
         IF(LOCATE(',', rest) > 0, SUBSTRING(rest, LOCATE(',', rest) + 1), NULL)
  FROM parts WHERE rest IS NOT NULL
)
SELECT product_id, LEFT(TRIM(tag), 64) FROM parts WHERE TRIM(tag) <> '';
--rollback DELETE FROM product_tags;

--changeset catalog:cents-1
ALTER TABLE products ADD COLUMN IF NOT EXISTS price_cents BIGINT NULL AFTER price;
UPDATE products SET price_cents = ROUND(price * 100) WHERE price_cents IS NULL;
--rollback ALTER TABLE products DROP COLUMN IF EXISTS price_cents;
