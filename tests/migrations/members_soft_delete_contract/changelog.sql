--liquibase formatted sql

--changeset acct:base
CREATE TABLE members (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handle VARCHAR(40) NOT NULL,
  is_deleted TINYINT(1) NOT NULL DEFAULT 0,
  updated_at DATETIME(3) NOT NULL,
  karma INT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_handle (handle)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE members;

--changeset acct:soft-delete-1
ALTER TABLE members ADD COLUMN IF NOT EXISTS deleted_at DATETIME(3) NULL AFTER is_deleted;
--rollback ALTER TABLE members DROP COLUMN IF EXISTS deleted_at;

--changeset acct:soft-delete-2
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'members' AND COLUMN_NAME = 'is_deleted'
UPDATE members SET deleted_at = updated_at WHERE is_deleted = 1 AND deleted_at IS NULL;
--rollback UPDATE members SET deleted_at = NULL;

--changeset acct:soft-delete-3
ALTER TABLE members DROP COLUMN IF EXISTS is_deleted;
--rollback ALTER TABLE members ADD COLUMN is_deleted TINYINT(1) NOT NULL DEFAULT 0 AFTER handle;
--rollback UPDATE members SET is_deleted = (deleted_at IS NOT NULL);
