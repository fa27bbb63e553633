--liquibase formatted sql

--changeset inc:tree-d1 
insert into inc values ('tree-d1');
--rollback delete from inc where id = 'tree-d1';
