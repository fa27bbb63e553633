--liquibase formatted sql

--changeset inc:three labels:li
insert into inc values ('three');
--rollback delete from inc where id = 'three';
