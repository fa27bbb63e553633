--liquibase formatted sql

--changeset dba:audit-log
CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  actor VARCHAR(64) NOT NULL,
  action VARCHAR(32) NOT NULL,
  payload JSON NULL,
  logged_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  KEY ix_actor (actor)
) ENGINE=InnoDB;
--rollback DROP TABLE audit_log;

--changeset dba:audit-log-pk
ALTER TABLE audit_log DROP PRIMARY KEY, ADD PRIMARY KEY (id, logged_at);
--rollback ALTER TABLE audit_log DROP PRIMARY KEY, ADD PRIMARY KEY (id);

--changeset dba:audit-log-partitions
ALTER TABLE audit_log PARTITION BY RANGE COLUMNS (logged_at) (
  PARTITION p2022 VALUES LESS THAN ('2023-01-01'),
  PARTITION p2023 VALUES LESS THAN ('2024-01-01'),
  PARTITION p2024 VALUES LESS THAN ('2025-01-01'),
  PARTITION pmax VALUES LESS THAN (MAXVALUE)
);
--rollback ALTER TABLE audit_log REMOVE PARTITIONING;
