--liquibase formatted sql

--changeset inc:ends-sub-b 
insert into inc values ('ends-sub-b');
--rollback delete from inc where id = 'ends-sub-b';
