--liquibase formatted sql

--changeset ops:ch-base-1
CREATE TABLE user_profiles (
  user_id UInt64,
  version UInt64,
  is_deleted UInt8,
  email String,
  plan LowCardinality(String)
) ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY user_id;
--rollback DROP TABLE user_profiles;

--changeset ops:ch-1
CREATE TABLE IF NOT EXISTS user_profiles_by_plan (
  plan LowCardinality(String),
  user_id UInt64,
  version UInt64,
  is_deleted UInt8,
  email String
) ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (plan, user_id);
--rollback DROP TABLE IF EXISTS user_profiles_by_plan;

--changeset ops:ch-2
INSERT INTO user_profiles_by_plan (plan, user_id, version, is_deleted, email)
SELECT plan, user_id, version, is_deleted, email FROM user_profiles FINAL
WHERE user_id NOT IN (SELECT user_id FROM user_profiles_by_plan);
--rollback TRUNCATE TABLE user_profiles_by_plan;
