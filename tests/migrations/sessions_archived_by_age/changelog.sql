--liquibase formatted sql

--changeset ops:sessions
CREATE TABLE sessions (
  id CHAR(36) NOT NULL PRIMARY KEY,
  user_id INT NOT NULL,
  started_at DATETIME NOT NULL,
  last_seen_at DATETIME NULL,
  KEY ix_started (started_at)
);
--rollback DROP TABLE sessions;

--changeset ops:sessions-archive-table
CREATE TABLE IF NOT EXISTS sessions_archive LIKE sessions;
--rollback DROP TABLE sessions_archive;

--changeset ops:sessions-archive-move
INSERT IGNORE INTO sessions_archive SELECT * FROM sessions WHERE started_at < NOW() - INTERVAL 90 DAY;
DELETE FROM sessions WHERE started_at < NOW() - INTERVAL 90 DAY;
--rollback INSERT IGNORE INTO sessions SELECT * FROM sessions_archive;
--rollback DELETE FROM sessions_archive;
