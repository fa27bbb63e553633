--liquibase formatted sql

--changeset ops:base
CREATE TABLE bookings (
  id INT NOT NULL PRIMARY KEY,
  hotel_id INT NOT NULL,
  starts_local DATETIME NOT NULL,
  ends_local DATETIME NULL,
  guests SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  KEY ix_hotel (hotel_id)
) ENGINE=InnoDB;
--rollback DROP TABLE bookings;

--changeset ops:utc-cols
ALTER TABLE bookings ADD COLUMN IF NOT EXISTS starts_utc DATETIME NULL, ADD COLUMN IF NOT EXISTS ends_utc DATETIME NULL;
--rollback ALTER TABLE bookings DROP COLUMN starts_utc, DROP COLUMN ends_utc;

--changeset ops:utc-fill
UPDATE bookings SET starts_utc = CONVERT_TZ(starts_local, 'Europe/Paris', 'UTC'), ends_utc = CONVERT_TZ(ends_local, 'Europe/Paris', 'UTC') WHERE starts_utc IS NULL;
--rollback UPDATE bookings SET starts_utc = NULL, ends_utc = NULL;
