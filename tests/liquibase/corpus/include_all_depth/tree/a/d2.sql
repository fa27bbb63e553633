--liquibase formatted sql

--changeset inc:tree-d2 
insert into inc values ('tree-d2');
--rollback delete from inc where id = 'tree-d2';
