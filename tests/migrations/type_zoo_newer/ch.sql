--liquibase formatted sql

--changeset app:1
CREATE TABLE zoo2 (
  id UInt64,
  j JSON,
  lfs LowCardinality(FixedString(3)),
  nip Nullable(IPv4),
  dtu DateTime('UTC'),
  at Array(Tuple(k String, n UInt8)),
  mlc Map(LowCardinality(String), UInt64),
  v Variant(String, UInt64, Array(UInt8)),
  pt Point,
  poly Polygon,
  e16 Enum16('a b' = 1000, 'it''s' = -1000)
) ENGINE = MergeTree ORDER BY id;
--rollback DROP TABLE zoo2;

--changeset mig:1
CREATE TABLE IF NOT EXISTS zoo2_copy AS zoo2;
--rollback DROP TABLE IF EXISTS zoo2_copy;

--changeset mig:2
INSERT INTO zoo2_copy SELECT * FROM zoo2 WHERE id NOT IN (SELECT id FROM zoo2_copy);
--rollback TRUNCATE TABLE zoo2_copy;
