--liquibase formatted sql

--changeset ch:t
CREATE TABLE metrics (name String, value Float64, at DateTime) ENGINE = MergeTree ORDER BY (name, at);
--rollback DROP TABLE metrics;

--changeset ch:seed
INSERT INTO metrics VALUES ('cpu', 0.5, '2024-01-01 00:00:00');
INSERT INTO metrics VALUES ('mem; used', 1.5, '2024-01-01 00:00:00');
--rollback TRUNCATE TABLE metrics;

--changeset ch:mv dbms:clickhouse
CREATE VIEW metrics_v AS SELECT name, max(value) AS peak FROM metrics GROUP BY name;
--rollback DROP VIEW metrics_v;

--changeset ch:mysql-only dbms:mariadb
CREATE TABLE never_here (id Int32) ENGINE = Memory;
--rollback DROP TABLE never_here;
