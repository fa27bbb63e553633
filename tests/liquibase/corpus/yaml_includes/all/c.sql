--liquibase formatted sql
--changeset yi:c
insert into yi_t values (4, 'sql');
--rollback delete from yi_t where id = 4;
