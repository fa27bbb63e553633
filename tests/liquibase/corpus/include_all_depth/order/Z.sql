--liquibase formatted sql

--changeset inc:order-Z 
insert into inc values ('order-Z');
--rollback delete from inc where id = 'order-Z';
