--liquibase formatted sql

--changeset billing:base-1
CREATE TABLE customers (
    ref VARCHAR(40) NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    country CHAR(2) NULL
);
CREATE TABLE invoices (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    customer_ref VARCHAR(40) NOT NULL,
    amount DECIMAL(12,2) NOT NULL,
    currency CHAR(3) NOT NULL DEFAULT 'EUR',
    issued_on DATE NOT NULL,
    status ENUM('draft','sent','paid','void') NOT NULL DEFAULT 'draft',
    notes TEXT NULL,
    CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_ref) REFERENCES customers (ref)
);
--rollback DROP TABLE invoices; DROP TABLE customers;

--changeset billing:ledger-1
CREATE TABLE IF NOT EXISTS invoice_ledger (
    invoice_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    customer_ref VARCHAR(40) NOT NULL,
    amount_cents BIGINT NOT NULL,
    currency CHAR(3) NOT NULL,
    booked_on DATE NOT NULL,
    source VARCHAR(16) NOT NULL DEFAULT 'backfill',
    KEY invoice_ledger_customer (customer_ref)
);
--rollback DROP TABLE IF EXISTS invoice_ledger;

--changeset billing:ledger-2 splitStatements:false
CREATE PROCEDURE IF NOT EXISTS backfill_ledger(IN batch INT)
BEGIN
    DECLARE last_id BIGINT UNSIGNED DEFAULT 0;
    DECLARE next_id BIGINT UNSIGNED;
    batches: LOOP
        SELECT MAX(id) INTO next_id FROM (SELECT id FROM invoices WHERE id > last_id ORDER BY id LIMIT batch) b;
        IF next_id IS NULL THEN
            LEAVE batches;
        END IF;
        INSERT INTO invoice_ledger (invoice_id, customer_ref, amount_cents, currency, booked_on)
            SELECT id, customer_ref, ROUND(amount * 100), currency, issued_on
            FROM invoices
            WHERE id > last_id AND id <= next_id AND status <> 'void'
            ON DUPLICATE KEY UPDATE invoice_id = invoice_id;
        SET last_id = next_id;
    END LOOP;
END
--rollback DROP PROCEDURE IF EXISTS backfill_ledger;

--changeset billing:ledger-3
CALL backfill_ledger(50);
--rollback DELETE FROM invoice_ledger WHERE source = 'backfill';
