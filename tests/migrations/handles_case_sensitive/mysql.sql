--liquibase formatted sql

--changeset crm:base-1
CREATE TABLE members (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  handle VARCHAR(40) NOT NULL,
  bio VARCHAR(200) NULL COMMENT 'shown on the profile',
  UNIQUE KEY uq_members_handle (handle)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
--rollback DROP TABLE members;

--changeset crm:handle-cs-1
ALTER TABLE members MODIFY handle VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
--rollback ALTER TABLE members MODIFY handle VARCHAR(40) NOT NULL;
