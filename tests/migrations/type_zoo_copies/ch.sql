--liquibase formatted sql

--changeset app:1
CREATE TABLE zoo (
  id UInt64,
  e8 Enum8('neg' = -3, 'zero' = 0, 'pos' = 5),
  lcn LowCardinality(Nullable(String)),
  nd Nullable(Decimal(20, 6)),
  dt64 DateTime64(6, 'Asia/Tokyo'),
  d32 Date32,
  ip6 IPv6,
  b Bool,
  u128 UInt128,
  i256 Int256,
  f32 Float32,
  fs FixedString(16),
  ans Array(Nullable(String)),
  m Map(String, Array(UInt8)),
  tup Tuple(a String, b Nullable(Int32)),
  sa SimpleAggregateFunction(max, UInt32)
) ENGINE = MergeTree ORDER BY id;
--rollback DROP TABLE zoo;

--changeset mig:1
CREATE TABLE IF NOT EXISTS zoo_copy AS zoo;
--rollback DROP TABLE IF EXISTS zoo_copy;

--changeset mig:2
INSERT INTO zoo_copy SELECT * FROM zoo WHERE id NOT IN (SELECT id FROM zoo_copy);
--rollback TRUNCATE TABLE zoo_copy;
