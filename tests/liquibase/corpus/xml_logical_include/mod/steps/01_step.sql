--liquibase formatted sql
--changeset mod:step
INSERT INTO part_from_mod VALUES (1);
--rollback DELETE FROM part_from_mod WHERE id = 1;
