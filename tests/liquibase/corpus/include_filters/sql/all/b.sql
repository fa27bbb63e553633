--liquibase formatted sql

--changeset inc:all-b context:extra labels:lk
insert into inc values ('all-b');
--rollback delete from inc where id = 'all-b';
