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
SELECT user_id,
       argMax(country, updated_at),
       argMax(plan, updated_at),
       argMax(display_name, updated_at),
       argMax(tuple(score), updated_at).1,
       max(updated_at)
FROM user_profiles_raw
WHERE user_id NOT IN (SELECT user_id FROM user_profiles_current)
GROUP BY user_id;
--rollback TRUNCATE TABLE user_profiles_current;
