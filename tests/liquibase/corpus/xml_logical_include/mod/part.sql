--liquibase formatted sql
--changeset mod:part
CREATE TABLE part_from_mod (id INT PRIMARY KEY);
--rollback DROP TABLE part_from_mod;
