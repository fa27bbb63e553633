--liquibase formatted sql

--changeset crm:base-1
CREATE TABLE contacts (
    tenant_id INT NOT NULL,
    email VARCHAR(190) COLLATE utf8mb4_unicode_ci NOT NULL,
    display_name VARCHAR(100) NULL,
    prefs JSON NULL,
    score DOUBLE NULL,
    created_on DATE NOT NULL,
    PRIMARY KEY (tenant_id, email)
) DEFAULT CHARSET = utf8mb4;
--rollback DROP TABLE contacts;

--changeset crm:archive-1
CREATE TABLE IF NOT EXISTS contacts_archive AS SELECT tenant_id, email, display_name, prefs, score, created_on, CAST('2025-01-01' AS DATE) AS archived_on FROM contacts WHERE created_on < '2020-01-01';
--rollback DROP TABLE IF EXISTS contacts_archive;

--changeset crm:archive-2
DELETE FROM contacts WHERE created_on < '2020-01-01' AND (tenant_id, email) IN (SELECT tenant_id, email FROM contacts_archive);
--rollback INSERT INTO contacts (tenant_id, email, display_name, prefs, score, created_on) SELECT tenant_id, email, display_name, prefs, score, created_on FROM contacts_archive a WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.tenant_id = a.tenant_id AND c.email = a.email);
