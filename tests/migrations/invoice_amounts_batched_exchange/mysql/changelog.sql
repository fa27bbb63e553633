--liquibase formatted sql

--changeset billing:1
CREATE TABLE invoices (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT NOT NULL,
  amount_cents INT NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  issued_at DATETIME NOT NULL,
  note VARCHAR(200) NULL,
  KEY invoices_customer (customer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE invoices;

--changeset billing:1b
CREATE TABLE invoice_events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  invoice_id BIGINT UNSIGNED NOT NULL,
  kind VARCHAR(30) NOT NULL,
  at DATETIME NOT NULL,
  KEY invoice_events_invoice (invoice_id, kind)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE invoice_events;

--changeset billing:2
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS amount DECIMAL(12,2) NULL AFTER amount_cents;
--rollback ALTER TABLE invoices DROP COLUMN IF EXISTS amount;

--changeset billing:3 splitStatements:false
CREATE OR REPLACE PROCEDURE backfill_invoice_amount()
BEGIN
  DECLARE done INT DEFAULT 0;
  REPEAT
    UPDATE invoices SET amount = amount_cents / 100 WHERE amount IS NULL LIMIT 500;
    SET done = (ROW_COUNT() = 0);
  UNTIL done END REPEAT;
END
--rollback DROP PROCEDURE IF EXISTS backfill_invoice_amount;

--changeset billing:4
CALL backfill_invoice_amount();
--rollback UPDATE invoices SET amount = NULL;

--changeset billing:5
INSERT INTO invoice_events (invoice_id, kind, at)
SELECT i.id, 'amount-backfilled', i.issued_at FROM invoices i
WHERE NOT EXISTS (SELECT 1 FROM invoice_events e WHERE e.invoice_id = i.id AND e.kind = 'amount-backfilled');
--rollback DELETE FROM invoice_events WHERE kind = 'amount-backfilled';
