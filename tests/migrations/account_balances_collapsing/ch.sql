--liquibase formatted sql

--changeset bank:ch-base-1
CREATE TABLE balance_states (
  account_id UInt64,
  currency LowCardinality(String),
  balance Decimal(18, 2),
  as_of DateTime,
  sign Int8
) ENGINE = CollapsingMergeTree(sign) ORDER BY (account_id, currency);
--rollback DROP TABLE balance_states;

--changeset bank:ch-mig-1
CREATE TABLE IF NOT EXISTS balances (
  account_id UInt64,
  currency LowCardinality(String),
  balance Decimal(18, 2),
  as_of DateTime
) ENGINE = ReplacingMergeTree(as_of) ORDER BY (account_id, currency);
--rollback DROP TABLE balances;

--changeset bank:ch-mig-2
INSERT INTO balances SELECT account_id, currency, balance, as_of FROM balance_states FINAL;
--rollback TRUNCATE TABLE balances;
