--liquibase formatted sql

--changeset ym:sql-1
insert into ym_a values (5, 'from formatted sql');
--rollback delete from ym_a where id = 5;
