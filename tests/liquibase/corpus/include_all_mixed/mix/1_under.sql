--liquibase formatted sql
--changeset mix:1_under.sql
insert into mix_log (file) values ('1_under.sql');
--rollback delete from mix_log where file = '1_under.sql';
