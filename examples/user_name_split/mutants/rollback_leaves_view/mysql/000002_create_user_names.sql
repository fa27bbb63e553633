--liquibase formatted sql
--changeset accounts:users-001
--comment: Structured names, one row per user; sized like full_name so a one-word name always fits
CREATE TABLE IF NOT EXISTS user_names (
    user_id CHAR(36) NOT NULL,
    org_id VARCHAR(64) NOT NULL,
    first_name VARCHAR(255) NULL,
    last_name VARCHAR(255) NULL,
    split_rule VARCHAR(32) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT user_names_pk PRIMARY KEY (user_id),
    INDEX user_names_org_idx (org_id)
);
-- What the application reads during the switch-over: the structured name where there is one, else the old one.
CREATE OR REPLACE VIEW user_display_names AS
SELECT u.id AS user_id, u.org_id, COALESCE(n.first_name, u.full_name) AS first_name, n.last_name
FROM users u LEFT JOIN user_names n ON n.user_id = u.id;
--rollback DROP TABLE IF EXISTS user_names;
