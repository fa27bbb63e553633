--liquibase formatted sql

--changeset app:ch-base-1
CREATE TABLE records (
  project_id String,
  record_id UUID,
  payload String,
  score Float64,
  tags Array(LowCardinality(String)),
  updated_at DateTime64(3, 'UTC'),
  is_deleted UInt8
) ENGINE = ReplacingMergeTree(updated_at, is_deleted)
ORDER BY (project_id, record_id);
--rollback DROP TABLE records;

--changeset releases:ch-rel-1
CREATE TABLE IF NOT EXISTS release_records (
  release_id String,
  project_id String,
  record_id UUID,
  payload String,
  score Float64,
  tags Array(String),
  copied_at DateTime DEFAULT now()
) ENGINE = MergeTree ORDER BY (release_id, record_id);
--rollback DROP TABLE release_records;

--changeset releases:ch-rel-2
INSERT INTO release_records (release_id, project_id, record_id, payload, score, tags)
SELECT project_id, project_id, record_id, payload, score, tags FROM records FINAL
WHERE is_deleted = 0 AND (SELECT count() FROM release_records) = 0;
--rollback TRUNCATE TABLE release_records;
