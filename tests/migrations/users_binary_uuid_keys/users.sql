--liquibase formatted sql

--changeset app:1
CREATE TABLE users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  uuid CHAR(36) CHARACTER SET ascii NOT NULL,
  email VARCHAR(255) NOT NULL,
  flags BIT(8) NOT NULL DEFAULT b'0',
  is_admin TINYINT(1) NOT NULL DEFAULT 0,
  roles SET('reader','writer','owner') NOT NULL DEFAULT 'reader',
  score DOUBLE NULL,
  avatar MEDIUMBLOB NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uq_users_uuid (uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE users;

--changeset app:2
ALTER TABLE users ADD COLUMN IF NOT EXISTS uuid_bin BINARY(16) NULL AFTER uuid;
--rollback ALTER TABLE users DROP COLUMN IF EXISTS uuid_bin;

--changeset app:3
UPDATE users SET uuid_bin = UNHEX(REPLACE(uuid, '-', '')), updated_at = updated_at WHERE uuid_bin IS NULL;
--rollback UPDATE users SET uuid_bin = NULL, updated_at = updated_at;

--changeset app:4
CREATE UNIQUE INDEX IF NOT EXISTS uq_users_uuid_bin ON users (uuid_bin);
--rollback DROP INDEX uq_users_uuid_bin ON users;
