--liquibase formatted sql

--changeset crm:base-1
CREATE TABLE customers (
    tenant_id INT UNSIGNED NOT NULL,
    customer_no VARCHAR(24) NOT NULL,
    email VARCHAR(190) NOT NULL,
    display_name VARCHAR(100) NULL,
    country CHAR(2) NOT NULL DEFAULT 'DE',
    created_on DATE NOT NULL,
    PRIMARY KEY (tenant_id, customer_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
--rollback DROP TABLE customers;

--changeset crm:contacts-1
CREATE TABLE IF NOT EXISTS customer_contacts (
    tenant_id INT UNSIGNED NOT NULL,
    customer_no VARCHAR(24) NOT NULL,
    kind VARCHAR(16) NOT NULL,
    address VARCHAR(190) NOT NULL,
    label VARCHAR(100) NULL,
    PRIMARY KEY (tenant_id, customer_no, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
--rollback DROP TABLE customer_contacts;

--changeset crm:contacts-2
INSERT INTO customer_contacts (tenant_id, customer_no, kind, address, label)
SELECT c.tenant_id, c.customer_no, 'email', LOWER(c.email), c.display_name
FROM customers c
WHERE NOT EXISTS (
    SELECT 1 FROM customer_contacts cc
    WHERE cc.tenant_id = c.tenant_id AND cc.customer_no = c.customer_no AND cc.kind = 'email'
);
--rollback DELETE FROM customer_contacts WHERE kind = 'email';
