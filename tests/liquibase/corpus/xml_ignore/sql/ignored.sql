--liquibase formatted sql

--changeset x:in-ignored-include
insert into ign values (2);
--rollback delete from ign where id = 2;
