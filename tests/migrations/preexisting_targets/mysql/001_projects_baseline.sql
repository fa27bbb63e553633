--liquibase formatted sql

--changeset projects:base-001
--comment: Baseline projects table (ids from AUTO_INCREMENT)
CREATE TABLE IF NOT EXISTS projects (
    id INT NOT NULL AUTO_INCREMENT,
    account_id BIGINT UNSIGNED NOT NULL,
    name VARCHAR(120) NOT NULL,
    status ENUM('draft', 'active', 'archived') NOT NULL DEFAULT 'draft',
    budget DECIMAL(12, 4) NULL,
    settings JSON NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    created_by VARCHAR(64) NULL,
    CONSTRAINT projects_pk PRIMARY KEY (id),
    INDEX projects_account_idx (account_id)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
--rollback DROP TABLE IF EXISTS projects;

--changeset projects:base-002
--comment: Baseline revisions: numbered 1.. per project by the application; recorded_at is set by the server
CREATE TABLE IF NOT EXISTS project_revisions (
    project_id INT NOT NULL,
    revision_no SMALLINT UNSIGNED NOT NULL,
    origin ENUM('user', 'api') NOT NULL,
    status ENUM('draft', 'active', 'archived') NOT NULL,
    budget DECIMAL(12, 4) NULL,
    snapshot JSON NOT NULL,
    author VARCHAR(64) NULL,
    created_at DATETIME(3) NOT NULL,
    recorded_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT project_revisions_pk PRIMARY KEY (project_id, revision_no),
    INDEX project_revisions_origin_idx (origin)
) DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
--rollback DROP TABLE IF EXISTS project_revisions;
