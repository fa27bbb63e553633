--liquibase formatted sql

--changeset inc:ends-a 
insert into inc values ('ends-a');
--rollback delete from inc where id = 'ends-a';
