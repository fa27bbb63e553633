--liquibase formatted sql

--changeset inc:order-fullwidth-a 
insert into inc values ('order-fullwidth-a');
--rollback delete from inc where id = 'order-fullwidth-a';
