--liquibase formatted sql

--changeset an:pageviews
CREATE TABLE pageviews (
  site_id UInt32,
  ts DateTime,
  country String,
  path String,
  ms UInt32
) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (site_id, ts);
--rollback DROP TABLE pageviews;

--changeset an:country-lowcard
ALTER TABLE pageviews MODIFY COLUMN country LowCardinality(String);
--rollback ALTER TABLE pageviews MODIFY COLUMN country String;

--changeset an:ms-to-seconds
ALTER TABLE pageviews ADD COLUMN IF NOT EXISTS seconds Float32 DEFAULT ms / 1000;
ALTER TABLE pageviews MATERIALIZE COLUMN seconds;
--rollback ALTER TABLE pageviews DROP COLUMN seconds;

--changeset an:purge-old
ALTER TABLE pageviews DELETE WHERE ts < now() - INTERVAL 2 YEAR SETTINGS mutations_sync = 2;
--rollback SELECT 1;
