--liquibase formatted sql
--changeset dataset-versioning:mysql-001
--comment: Versions and tags of datasets; IF NOT EXISTS so a re-run after a partial apply succeeds
CREATE TABLE IF NOT EXISTS dataset_versions (
    id CHAR(36) NOT NULL,
    dataset_id CHAR(36) NOT NULL,
    workspace_id VARCHAR(150) NOT NULL,
    version_hash VARCHAR(64) NOT NULL,
    change_description VARCHAR(255) NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_by VARCHAR(100) NULL,
    last_updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    last_updated_by VARCHAR(100) NOT NULL DEFAULT 'admin',
    CONSTRAINT dataset_versions_pk PRIMARY KEY (id),
    CONSTRAINT dataset_versions_dataset_hash_uk UNIQUE (workspace_id, dataset_id, version_hash),
    INDEX dataset_versions_dataset_idx (dataset_id)
);
CREATE TABLE IF NOT EXISTS dataset_version_tags (
    workspace_id VARCHAR(150) NOT NULL,
    dataset_id CHAR(36) NOT NULL,
    tag VARCHAR(100) NOT NULL,
    version_id CHAR(36) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    created_by VARCHAR(100) NULL,
    last_updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    last_updated_by VARCHAR(100) NOT NULL DEFAULT 'admin',
    CONSTRAINT dataset_version_tags_pk PRIMARY KEY (workspace_id, dataset_id, tag),
    INDEX dataset_version_tags_version_idx (version_id)
);
--rollback DROP TABLE IF EXISTS dataset_version_tags;
