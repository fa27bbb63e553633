--liquibase formatted sql

--changeset app:1
CREATE TABLE zoo2 (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  asc_code VARCHAR(20) CHARACTER SET ascii NOT NULL,
  bin_name VARCHAR(50) COLLATE utf8mb4_bin NOT NULL,
  ts3 TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  hidden INT NULL INVISIBLE,
  flag BOOLEAN NOT NULL DEFAULT FALSE,
  note LONGTEXT NULL,
  amount DECIMAL(10,0) UNSIGNED NOT NULL,
  hexid CHAR(32) NOT NULL
);
--rollback DROP TABLE zoo2;

--changeset mig:1
CREATE TABLE IF NOT EXISTS zoo2_copy LIKE zoo2;
--rollback DROP TABLE IF EXISTS zoo2_copy;

--changeset mig:2
INSERT IGNORE INTO zoo2_copy (id, asc_code, bin_name, ts3, hidden, flag, note, amount, hexid) SELECT id, asc_code, bin_name, ts3, hidden, flag, note, amount, hexid FROM zoo2;
--rollback DELETE FROM zoo2_copy;
