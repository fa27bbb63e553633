--liquibase formatted sql

--changeset web:base-1
CREATE TABLE page_views (id UUID, host String, path String, viewed_at DateTime64(3), bytes UInt32) ENGINE = MergeTree ORDER BY (host, id);
--rollback DROP TABLE page_views;

--changeset web:region-1
ALTER TABLE page_views ADD COLUMN IF NOT EXISTS region LowCardinality(String) DEFAULT '';
--rollback ALTER TABLE page_views DROP COLUMN IF EXISTS region;

--changeset web:region-2
ALTER TABLE page_views UPDATE region = if(position(host, '.') > 0, splitByChar('.', host)[1], 'unknown') WHERE region = '' SETTINGS mutations_sync = 2;
--rollback ALTER TABLE page_views UPDATE region = '' WHERE 1 SETTINGS mutations_sync = 2;
