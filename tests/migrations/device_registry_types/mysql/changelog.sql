--liquibase formatted sql

--changeset fleet:1
CREATE TABLE devices (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_uuid UUID NOT NULL,
  name VARCHAR(100) NOT NULL,
  name_upper VARCHAR(100) AS (UPPER(name)) VIRTUAL,
  last_ip INET6 NULL,
  active BIT(1) NOT NULL DEFAULT b'1',
  model_year YEAR NULL,
  flags SET('beta','admin','kiosk') NOT NULL DEFAULT '',
  serial VARBINARY(32) NULL,
  registered_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_devices_uuid (device_uuid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE devices;

--changeset fleet:2
CREATE TABLE IF NOT EXISTS device_registry (
  device_uuid UUID NOT NULL PRIMARY KEY,
  device_id BIGINT UNSIGNED NOT NULL,
  ip INET6 NULL,
  is_active TINYINT(1) NOT NULL,
  model_year YEAR NULL,
  flags SET('beta','admin','kiosk') NOT NULL DEFAULT '',
  serial VARBINARY(32) NULL,
  registered_at DATETIME(6) NOT NULL,
  origin VARCHAR(16) NOT NULL DEFAULT 'backfill',
  UNIQUE KEY uq_registry_device (device_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE device_registry;

--changeset fleet:3
INSERT IGNORE INTO device_registry (device_uuid, device_id, ip, is_active, model_year, flags, serial, registered_at, origin)
SELECT device_uuid, id, last_ip, active, model_year, flags, serial, registered_at, 'backfill' FROM devices;
--rollback DELETE FROM device_registry WHERE origin = 'backfill';

--changeset fleet:4 splitStatements:false
CREATE TRIGGER IF NOT EXISTS devices_register AFTER INSERT ON devices FOR EACH ROW
INSERT INTO device_registry (device_uuid, device_id, ip, is_active, model_year, flags, serial, registered_at, origin)
VALUES (NEW.device_uuid, NEW.id, NEW.last_ip, NEW.active, NEW.model_year, NEW.flags, NEW.serial, NEW.registered_at, 'trigger');
--rollback DROP TRIGGER IF EXISTS devices_register;
