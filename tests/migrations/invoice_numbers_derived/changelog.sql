--liquibase formatted sql

--changeset billing:base-1
CREATE TABLE invoices (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_ref VARCHAR(40) NOT NULL,
  amount_cents BIGINT NOT NULL,
  issued_on DATE NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE invoices;

--changeset billing:numbers-1
CREATE TABLE IF NOT EXISTS invoice_numbers (
  invoice_id INT UNSIGNED NOT NULL PRIMARY KEY,
  public_no VARCHAR(16) NOT NULL,
  token CHAR(32) NOT NULL,
  UNIQUE KEY uq_public_no (public_no),
  CONSTRAINT fk_numbers_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE IF EXISTS invoice_numbers;

--changeset billing:numbers-2
INSERT IGNORE INTO invoice_numbers (invoice_id, public_no, token)
SELECT id, CONCAT('INV-', LPAD(id, 10, '0')), LEFT(SHA2(CONCAT('invoice:', id), 256), 32) FROM invoices;
--rollback DELETE FROM invoice_numbers;
