--liquibase formatted sql

--changeset logs:base
CREATE TABLE request_logs (id UInt64, service LowCardinality(String), status UInt16, at DateTime, body String) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (service, at, id) TTL at + INTERVAL 90 DAY DELETE;
--rollback DROP TABLE request_logs;

--changeset logs:errors-1
CREATE TABLE IF NOT EXISTS error_logs (id UInt64, service LowCardinality(String), status UInt16, at DateTime, body String) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (service, at, id) TTL at + INTERVAL 365 DAY DELETE;
--rollback DROP TABLE error_logs;

--changeset logs:errors-2
INSERT INTO error_logs SELECT * FROM request_logs WHERE status >= 500 AND id NOT IN (SELECT id FROM error_logs);
--rollback TRUNCATE TABLE error_logs;
