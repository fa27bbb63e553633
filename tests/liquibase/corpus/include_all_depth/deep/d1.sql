--liquibase formatted sql

--changeset inc:deep-d1 
insert into inc values ('deep-d1');
--rollback delete from inc where id = 'deep-d1';
