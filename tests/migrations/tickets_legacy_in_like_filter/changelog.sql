--liquibase formatted sql

--changeset shop:base
CREATE TABLE tickets (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  status VARCHAR(20) NOT NULL,
  source VARCHAR(40) NOT NULL,
  opened_at DATETIME NOT NULL,
  body TEXT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE tickets;

--changeset shop:archive
CREATE TABLE IF NOT EXISTS legacy_tickets (
  ticket_id BIGINT NOT NULL PRIMARY KEY,
  status VARCHAR(20) NOT NULL,
  source VARCHAR(40) NOT NULL,
  opened_at DATETIME NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT IGNORE INTO legacy_tickets (ticket_id, status, source, opened_at)
SELECT id, status, source, opened_at FROM tickets
WHERE status IN ('closed', 'refunded') AND source LIKE 'legacy-%';
--rollback DROP TABLE legacy_tickets;
