--liquibase formatted sql

--changeset crm:base-1
CREATE TABLE users (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(190) NOT NULL,
    street VARCHAR(100) NULL,
    city VARCHAR(60) NULL,
    zip VARCHAR(10) NULL,
    created_at DATETIME NOT NULL,
    UNIQUE KEY users_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
--rollback DROP TABLE users;

--changeset crm:addr-1
CREATE TABLE IF NOT EXISTS addresses (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    street VARCHAR(100) NULL,
    city VARCHAR(60) NULL,
    zip VARCHAR(10) NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
ALTER TABLE users ADD COLUMN IF NOT EXISTS address_id INT NULL;
--rollback ALTER TABLE users DROP COLUMN IF EXISTS address_id;
--rollback DROP TABLE IF EXISTS addresses;

--changeset crm:addr-2
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'users' AND column_name = 'street'
INSERT INTO addresses (street, city, zip)
SELECT DISTINCT u.street, u.city, u.zip
FROM users u
WHERE (u.street IS NOT NULL OR u.city IS NOT NULL OR u.zip IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM addresses a WHERE a.street <=> u.street AND a.city <=> u.city AND a.zip <=> u.zip);
UPDATE users u
JOIN addresses a ON a.street <=> u.street AND a.city <=> u.city AND a.zip <=> u.zip
SET u.address_id = a.id
WHERE u.address_id IS NULL;
--rollback UPDATE users SET address_id = NULL;
--rollback DELETE FROM addresses;

--changeset crm:addr-3
ALTER TABLE users DROP COLUMN IF EXISTS street, DROP COLUMN IF EXISTS city, DROP COLUMN IF EXISTS zip;
--rollback ALTER TABLE users ADD COLUMN IF NOT EXISTS street VARCHAR(100) NULL AFTER email, ADD COLUMN IF NOT EXISTS city VARCHAR(60) NULL AFTER street, ADD COLUMN IF NOT EXISTS zip VARCHAR(10) NULL AFTER city;
