--liquibase formatted sql

--changeset bank:base-1
CREATE TABLE accounts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  owner_email VARCHAR(191) NOT NULL,
  status ENUM('active','closed') NOT NULL DEFAULT 'active',
  opened_on DATE NOT NULL,
  UNIQUE KEY uq_owner (owner_email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
--rollback DROP TABLE accounts;

--changeset bank:base-2
CREATE TABLE account_limits (
  account_id BIGINT UNSIGNED NOT NULL,
  currency CHAR(3) NOT NULL,
  daily_limit DECIMAL(12,2) NOT NULL,
  PRIMARY KEY (account_id, currency),
  CONSTRAINT fk_lim_acc FOREIGN KEY (account_id) REFERENCES accounts(id)
) ENGINE=InnoDB;
--rollback DROP TABLE account_limits;

--changeset bank:mig-1
ALTER TABLE accounts MODIFY status ENUM('active','closed','frozen') NOT NULL DEFAULT 'active';
--rollback ALTER TABLE accounts MODIFY status ENUM('active','closed') NOT NULL DEFAULT 'active';

--changeset bank:mig-2
CREATE TABLE IF NOT EXISTS account_limits_v2 (
  account_id BIGINT UNSIGNED NOT NULL,
  currency CHAR(3) NOT NULL,
  limit_minor BIGINT NOT NULL,
  source VARCHAR(16) NOT NULL DEFAULT 'migrated',
  PRIMARY KEY (account_id, currency)
) ENGINE=InnoDB;
INSERT IGNORE INTO account_limits_v2 (account_id, currency, limit_minor)
SELECT account_id, currency, ROUND(daily_limit * 100) FROM account_limits;
--rollback DROP TABLE account_limits_v2;
