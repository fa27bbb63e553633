--liquibase formatted sql

--changeset app:1
CREATE TABLE zoo (
  id INT PRIMARY KEY,
  tt TINYTEXT, mb MEDIUMBLOB, b16 BINARY(16), vb VARBINARY(20), bit8 BIT(8), y YEAR, t6 TIME(6),
  dt6 DATETIME(6), ts TIMESTAMP NULL DEFAULT NULL, j JSON, en ENUM('a','b c','d''e'), st SET('x','y','z'),
  dbig DECIMAL(65,30), du DOUBLE, f73 FLOAT(7,3), ti TINYINT UNSIGNED, ch CHAR(3) CHARACTER SET latin1
);
--rollback DROP TABLE zoo;

--changeset mig:1
CREATE TABLE IF NOT EXISTS zoo_copy LIKE zoo;
--rollback DROP TABLE IF EXISTS zoo_copy;

--changeset mig:2
INSERT IGNORE INTO zoo_copy SELECT * FROM zoo;
--rollback DELETE FROM zoo_copy;
