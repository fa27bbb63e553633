--liquibase formatted sql

--changeset inc:ends-b 
insert into inc values ('ends-b');
--rollback delete from inc where id = 'ends-b';
