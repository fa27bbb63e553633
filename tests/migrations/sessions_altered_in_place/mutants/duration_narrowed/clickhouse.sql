--liquibase formatted sql

--changeset web:base-1
CREATE TABLE sessions (
    tenant LowCardinality(String),
    session_id UUID,
    user_agent String,
    country FixedString(2),
    duration_ms UInt32,
    tags Array(String),
    props Map(LowCardinality(String), String),
    updated_at DateTime64(6, 'UTC')
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (tenant, session_id);
--rollback DROP TABLE sessions;

--changeset web:sessions-1
ALTER TABLE sessions RENAME COLUMN IF EXISTS user_agent TO ua;
--rollback ALTER TABLE sessions RENAME COLUMN IF EXISTS ua TO user_agent;

--changeset web:sessions-2
ALTER TABLE sessions MODIFY COLUMN duration_ms UInt16;
--rollback ALTER TABLE sessions MODIFY COLUMN duration_ms UInt32;

--changeset web:sessions-3
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS is_bot UInt8 DEFAULT multiSearchAny(lower(ua), ['bot', 'crawler', 'spider']);
ALTER TABLE sessions MATERIALIZE COLUMN is_bot;
--rollback ALTER TABLE sessions DROP COLUMN IF EXISTS is_bot;
