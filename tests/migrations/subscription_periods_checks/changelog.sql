--liquibase formatted sql

--changeset billing:1
CREATE TABLE subscriptions (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  account_id INT NOT NULL,
  plan VARCHAR(20) NOT NULL,
  starts_at DATETIME NOT NULL,
  ends_at DATETIME NULL,
  seats INT NOT NULL DEFAULT 1,
  max_seats INT NOT NULL DEFAULT 10,
  CONSTRAINT ends_after_start CHECK (ends_at IS NULL OR ends_at > starts_at),
  CONSTRAINT seats_within CHECK (seats <= max_seats)
);
--rollback DROP TABLE subscriptions;

--changeset billing:2
CREATE TABLE IF NOT EXISTS subscription_periods (
  subscription_id INT NOT NULL PRIMARY KEY,
  account_id INT NOT NULL,
  period_start DATETIME NOT NULL,
  period_end DATETIME NULL
);
INSERT IGNORE INTO subscription_periods (subscription_id, account_id, period_start, period_end)
SELECT id, account_id, starts_at, ends_at FROM subscriptions;
--rollback DROP TABLE subscription_periods;
