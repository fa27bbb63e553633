--liquibase formatted sql
--changeset dataset-versioning:mysql-000
--comment: Baseline datasets table (drafts, before versioning)
CREATE TABLE IF NOT EXISTS datasets (
    id CHAR(36) NOT NULL,
    workspace_id VARCHAR(150) NOT NULL,
    name VARCHAR(150) NOT NULL,
    description VARCHAR(255) NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_by VARCHAR(100) NULL,
    last_updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    last_updated_by VARCHAR(100) NOT NULL DEFAULT 'admin',
    CONSTRAINT datasets_pk PRIMARY KEY (id),
    CONSTRAINT datasets_workspace_id_name_uk UNIQUE (workspace_id, name)
);
--rollback DROP TABLE IF EXISTS datasets;
