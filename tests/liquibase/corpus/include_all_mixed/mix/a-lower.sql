--liquibase formatted sql
--changeset mix:a-lower.sql
insert into mix_log (file) values ('a-lower.sql');
--rollback delete from mix_log where file = 'a-lower.sql';
