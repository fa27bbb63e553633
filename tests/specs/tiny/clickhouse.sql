--liquibase formatted sql

--changeset tiny:ch-base-1
CREATE TABLE events (id UInt64, team String, payload String, at DateTime64(9, 'UTC')) ENGINE = ReplacingMergeTree(at) ORDER BY id;
--rollback DROP TABLE events;

--changeset tiny:ch-mig-1
CREATE TABLE IF NOT EXISTS event_copies (id UInt64, team String, payload String, at DateTime64(9, 'UTC'), origin String) ENGINE = ReplacingMergeTree(at) ORDER BY id;
--rollback DROP TABLE event_copies;

--changeset tiny:ch-mig-2
INSERT INTO event_copies SELECT id, team, payload, at, 'migration' FROM events FINAL WHERE id NOT IN (SELECT id FROM event_copies);
--rollback ALTER TABLE event_copies DELETE WHERE origin = 'migration' SETTINGS mutations_sync = 2;
