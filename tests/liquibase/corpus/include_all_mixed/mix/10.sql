--liquibase formatted sql
--changeset mix:10.sql
insert into mix_log (file) values ('10.sql');
--rollback delete from mix_log where file = '10.sql';
