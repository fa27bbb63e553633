--liquibase formatted sql
--changeset mix:sub/x.sql
insert into mix_log (file) values ('sub/x.sql');
--rollback delete from mix_log where file = 'sub/x.sql';
