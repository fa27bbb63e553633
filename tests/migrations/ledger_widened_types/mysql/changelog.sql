--liquibase formatted sql

--changeset pay:base-1
CREATE TABLE payments (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_ref VARCHAR(40) NOT NULL,
  amount DECIMAL(12,2) NOT NULL,
  currency CHAR(3) NOT NULL DEFAULT 'EUR',
  status ENUM('new','paid','void') NOT NULL DEFAULT 'new',
  ratio FLOAT NULL,
  paid_at DATETIME(3) NULL,
  note TEXT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE payments;

--changeset pay:ledger-1
CREATE TABLE IF NOT EXISTS payment_ledger (
  payment_id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  account_ref VARCHAR(64) NOT NULL,
  amount DECIMAL(14,2) NOT NULL,
  currency CHAR(3) NOT NULL,
  status VARCHAR(8) NOT NULL,
  ratio DOUBLE NULL,
  paid_at DATETIME(3) NULL,
  booked_by VARCHAR(20) NOT NULL DEFAULT 'migration'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE payment_ledger;

--changeset pay:ledger-2
INSERT INTO payment_ledger (payment_id, account_ref, amount, currency, status, ratio, paid_at)
SELECT p.id, p.account_ref, p.amount, p.currency, p.status, p.ratio, p.paid_at
FROM payments p
WHERE p.status <> 'void'
  AND NOT EXISTS (SELECT 1 FROM payment_ledger l WHERE l.payment_id = p.id);
--rollback DELETE FROM payment_ledger WHERE booked_by = 'migration';
