--liquibase formatted sql

--changeset inc:deep-d3 
insert into inc values ('deep-d3');
--rollback delete from inc where id = 'deep-d3';
