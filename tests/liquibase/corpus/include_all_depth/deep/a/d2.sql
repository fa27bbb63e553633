--liquibase formatted sql

--changeset inc:deep-d2 
insert into inc values ('deep-d2');
--rollback delete from inc where id = 'deep-d2';
