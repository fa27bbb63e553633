--liquibase formatted sql

--changeset inc:order-emoji 
insert into inc values ('order-emoji');
--rollback delete from inc where id = 'order-emoji';
