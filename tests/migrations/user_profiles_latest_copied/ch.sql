--liquibase formatted sql

--changeset crm:profiles-raw
CREATE TABLE user_profiles_raw (
  user_id UInt64,
  country LowCardinality(String),
  plan Enum8('free' = 1, 'pro' = 2, 'team' = 3),
  display_name String,
  score Nullable(Float64),
  updated_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(updated_at) ORDER BY user_id;
--rollback DROP TABLE user_profiles_raw;

--changeset crm:profiles-current-table
CREATE TABLE IF NOT EXISTS user_profiles_current (
  user_id UInt64,
  country LowCardinality(String),
  plan Enum8('free' = 1, 'pro' = 2, 'team' = 3),
  display_name String,
  score Nullable(Float64),
  updated_at DateTime64(3, 'UTC')
) ENGINE = MergeTree ORDER BY (country, user_id);
--rollback DROP TABLE user_profiles_current;

--changeset crm:profiles-current-fill
INSERT INTO user_profiles_current
SELECT user_id, country, plan, display_name, score, updated_at
FROM user_profiles_raw FINAL
WHERE user_id NOT IN (SELECT user_id FROM user_profiles_current);
--rollback TRUNCATE TABLE user_profiles_current;
