--liquibase formatted sql

--changeset analytics:base-1
CREATE TABLE feedback_scores (
    id String,
    entity_type LowCardinality(String),
    entity_id String,
    project_id Nullable(String),
    name String,
    value Decimal64(9),
    reason Nullable(String),
    source Enum8('sdk' = 1, 'ui' = 2, 'online_scoring' = 3),
    tags Array(String),
    created_at DateTime64(9, 'UTC'),
    last_updated_at DateTime64(9, 'UTC')
) ENGINE = ReplacingMergeTree(last_updated_at)
ORDER BY (entity_type, entity_id, name);
--rollback DROP TABLE feedback_scores;

--changeset analytics:scores-1
CREATE TABLE IF NOT EXISTS feedback_scores_by_project (
    project_id String,
    entity_type LowCardinality(String),
    entity_id String,
    name String,
    value Decimal64(9),
    reason String,
    source Enum8('sdk' = 1, 'ui' = 2, 'online_scoring' = 3),
    tags Array(String),
    created_at DateTime64(9, 'UTC'),
    last_updated_at DateTime64(9, 'UTC')
) ENGINE = ReplacingMergeTree(last_updated_at)
ORDER BY (project_id, entity_type, entity_id, name);
--rollback DROP TABLE feedback_scores_by_project;

--changeset analytics:scores-2
INSERT INTO feedback_scores_by_project
SELECT ifNull(project_id, ''), entity_type, entity_id, name, value, ifNull(reason, ''), source, tags, created_at, last_updated_at
FROM feedback_scores FINAL
WHERE (entity_type, entity_id, name) NOT IN (SELECT entity_type, entity_id, name FROM feedback_scores_by_project);
--rollback TRUNCATE TABLE feedback_scores_by_project;
