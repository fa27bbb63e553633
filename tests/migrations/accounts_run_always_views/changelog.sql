--liquibase formatted sql

--changeset app:base-1
CREATE TABLE accounts (
  id BIGINT NOT NULL PRIMARY KEY,
  email VARCHAR(190) NOT NULL,
  status ENUM('active','closed') NOT NULL DEFAULT 'active',
  closed_at DATETIME(6) NULL,
  KEY ix_status (status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE accounts;

--changeset app:base-2 runAlways:true
CREATE OR REPLACE VIEW all_accounts AS SELECT id, email FROM accounts;
--rollback DROP VIEW IF EXISTS all_accounts;

--changeset app:acc-1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'accounts' AND COLUMN_NAME = 'email_domain'
ALTER TABLE accounts ADD COLUMN email_domain VARCHAR(190) GENERATED ALWAYS AS (SUBSTRING_INDEX(email, '@', -1)) STORED;
--rollback ALTER TABLE accounts DROP COLUMN email_domain;

--changeset app:acc-2 runOnChange:true
CREATE OR REPLACE VIEW active_accounts AS SELECT id, email, email_domain FROM accounts WHERE status = 'active';
--rollback DROP VIEW IF EXISTS active_accounts;

--changeset app:acc-3 runAlways:true
CREATE OR REPLACE VIEW account_domains AS SELECT email_domain, COUNT(*) AS n FROM accounts GROUP BY email_domain;
--rollback DROP VIEW IF EXISTS account_domains;

--changeset app:acc-4
CREATE TABLE IF NOT EXISTS closed_accounts (
  id BIGINT NOT NULL PRIMARY KEY,
  email VARCHAR(190) NOT NULL,
  closed_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO closed_accounts (id, email, closed_at)
SELECT id, email, COALESCE(closed_at, '1970-01-01 00:00:01') FROM accounts WHERE status = 'closed'
ON DUPLICATE KEY UPDATE email = VALUES(email);
--rollback DROP TABLE IF EXISTS closed_accounts;
