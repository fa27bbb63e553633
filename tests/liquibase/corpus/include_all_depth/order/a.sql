--liquibase formatted sql

--changeset inc:order-a 
insert into inc values ('order-a');
--rollback delete from inc where id = 'order-a';
