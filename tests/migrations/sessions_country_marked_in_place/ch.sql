--liquibase formatted sql

--changeset web:1
CREATE TABLE IF NOT EXISTS sessions (
  session_id UUID,
  site_id UInt32,
  started_at DateTime64(3, 'UTC'),
  country LowCardinality(String),
  pages UInt16
) ENGINE = ReplacingMergeTree ORDER BY (site_id, session_id);
--rollback DROP TABLE IF EXISTS sessions;

--changeset web:2
ALTER TABLE sessions UPDATE country = 'ZZ' WHERE country = '' AND started_at < '2024-06-01 00:00:00' SETTINGS mutations_sync = 2;
--rollback ALTER TABLE sessions UPDATE country = '' WHERE country = 'ZZ' AND started_at < '2024-06-01 00:00:00' SETTINGS mutations_sync = 2;
