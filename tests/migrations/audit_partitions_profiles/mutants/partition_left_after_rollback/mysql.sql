--liquibase formatted sql

--changeset ops:base-1
CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT,
  happened_at DATETIME NOT NULL,
  actor VARCHAR(64) NOT NULL,
  action VARCHAR(32) NOT NULL,
  PRIMARY KEY (id, happened_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
PARTITION BY RANGE (YEAR(happened_at)) (
  PARTITION p2023 VALUES LESS THAN (2024),
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
--rollback DROP TABLE audit_log;

--changeset ops:part-1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'audit_log' AND PARTITION_NAME = 'p2025'
ALTER TABLE audit_log REORGANIZE PARTITION pmax INTO (
  PARTITION p2025 VALUES LESS THAN (2026),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);
--rollback SELECT 1;
