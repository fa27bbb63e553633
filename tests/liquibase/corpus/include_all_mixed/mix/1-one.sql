--liquibase formatted sql
--changeset mix:1-one.sql
insert into mix_log (file) values ('1-one.sql');
--rollback delete from mix_log where file = '1-one.sql';
