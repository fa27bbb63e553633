--liquibase formatted sql
--changeset mix:1.sql
insert into mix_log (file) values ('1.sql');
--rollback delete from mix_log where file = '1.sql';
