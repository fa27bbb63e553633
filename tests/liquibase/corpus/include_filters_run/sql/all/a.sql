--liquibase formatted sql

--changeset inc:all-a 
insert into inc values ('all-a');
--rollback delete from inc where id = 'all-a';
