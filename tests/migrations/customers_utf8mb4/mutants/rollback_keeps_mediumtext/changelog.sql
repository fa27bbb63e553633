--liquibase formatted sql

--changeset legacy:base-1
CREATE TABLE customers (
    id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(50) NOT NULL,
    city VARCHAR(40) NULL,
    tier ENUM('bronze','silver','gold') NOT NULL DEFAULT 'bronze',
    balance INT NOT NULL DEFAULT 0,
    notes TEXT NULL
) ENGINE = InnoDB DEFAULT CHARSET = latin1;
--rollback DROP TABLE customers;

--changeset legacy:modern-1
ALTER TABLE customers CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
--rollback ALTER TABLE customers CONVERT TO CHARACTER SET latin1 COLLATE latin1_swedish_ci;

--changeset legacy:modern-2
ALTER TABLE customers
    MODIFY name VARCHAR(100) NOT NULL,
    MODIFY balance BIGINT NOT NULL DEFAULT 0,
    MODIFY tier ENUM('bronze','silver','gold','platinum') NOT NULL DEFAULT 'bronze';
--rollback ALTER TABLE customers MODIFY name VARCHAR(50) NOT NULL, MODIFY balance INT NOT NULL DEFAULT 0, MODIFY tier ENUM('bronze','silver','gold') NOT NULL DEFAULT 'bronze';
