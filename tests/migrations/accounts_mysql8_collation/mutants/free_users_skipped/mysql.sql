--liquibase formatted sql

--changeset app:base-1
CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  email VARCHAR(191) NOT NULL,
  plan ENUM('free','pro','team') NOT NULL DEFAULT 'free',
  created_at DATETIME NOT NULL,
  UNIQUE KEY uq_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
--rollback DROP TABLE users;

--changeset billing:accounts-1
CREATE TABLE IF NOT EXISTS accounts (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  owner_email VARCHAR(191) NOT NULL,
  plan ENUM('free','pro','team') NOT NULL,
  opened_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
INSERT IGNORE INTO accounts (id, owner_email, plan, opened_at)
SELECT id, email, plan, created_at FROM users WHERE plan <> 'free';
--rollback DROP TABLE IF EXISTS accounts;
