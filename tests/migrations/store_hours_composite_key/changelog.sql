--liquibase formatted sql

--changeset ops:stores
CREATE TABLE stores (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  tz VARCHAR(40) NOT NULL DEFAULT 'UTC'
);
--rollback DROP TABLE stores;

--changeset ops:hours
CREATE TABLE store_hours (
  store_id INT UNSIGNED NOT NULL,
  weekday TINYINT UNSIGNED NOT NULL,
  opens TIME NOT NULL,
  closes TIME NOT NULL,
  PRIMARY KEY (store_id, weekday),
  CONSTRAINT fk_hours_store FOREIGN KEY (store_id) REFERENCES stores (id),
  CONSTRAINT weekday_range CHECK (weekday BETWEEN 1 AND 7)
);
--rollback DROP TABLE store_hours;

--changeset ops:minutes-table
CREATE TABLE IF NOT EXISTS store_opening_minutes (
  store_id INT UNSIGNED NOT NULL,
  weekday TINYINT UNSIGNED NOT NULL,
  open_minute SMALLINT UNSIGNED NOT NULL,
  close_minute SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (store_id, weekday),
  CONSTRAINT fk_minutes_store FOREIGN KEY (store_id) REFERENCES stores (id)
);
--rollback DROP TABLE store_opening_minutes;

--changeset ops:minutes-copy
INSERT INTO store_opening_minutes (store_id, weekday, open_minute, close_minute)
SELECT store_id, weekday, HOUR(opens) * 60 + MINUTE(opens), HOUR(closes) * 60 + MINUTE(closes)
FROM store_hours
ON DUPLICATE KEY UPDATE open_minute = VALUES(open_minute), close_minute = VALUES(close_minute);
--rollback DELETE FROM store_opening_minutes;
