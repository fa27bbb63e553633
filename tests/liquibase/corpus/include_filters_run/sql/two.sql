--liquibase formatted sql

--changeset inc:two context:"x and y" labels:l2
insert into inc values ('two');
--rollback delete from inc where id = 'two';
