--liquibase formatted sql
--changeset accounts:users-000
--comment: Baseline users table with a single free-text full_name
CREATE TABLE IF NOT EXISTS users (
    id CHAR(36) NOT NULL,
    org_id VARCHAR(64) NOT NULL,
    email VARCHAR(255) NOT NULL,
    full_name VARCHAR(255) NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT users_pk PRIMARY KEY (id),
    CONSTRAINT users_org_email_uk UNIQUE (org_id, email)
);
--rollback DROP TABLE IF EXISTS users;
