--liquibase formatted sql

--changeset inc:tree-d3 
insert into inc values ('tree-d3');
--rollback delete from inc where id = 'tree-d3';
