--liquibase formatted sql
--changeset mod:step
INSERT INTO part_from_elsewhere VALUES (1);
--rollback DELETE FROM part_from_elsewhere WHERE id = 1;
