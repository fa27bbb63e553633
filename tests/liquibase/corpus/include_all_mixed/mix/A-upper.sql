--liquibase formatted sql
--changeset mix:A-upper.sql
insert into mix_log (file) values ('A-upper.sql');
--rollback delete from mix_log where file = 'A-upper.sql';
