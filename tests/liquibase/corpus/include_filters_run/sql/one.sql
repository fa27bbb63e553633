--liquibase formatted sql

--changeset inc:one context:extra
insert into inc values ('one');
--rollback delete from inc where id = 'one';
