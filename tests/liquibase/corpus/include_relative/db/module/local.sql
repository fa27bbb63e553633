--liquibase formatted sql

--changeset m:local
insert into modt values (1, 'local');
--rollback delete from modt where id = 1;
