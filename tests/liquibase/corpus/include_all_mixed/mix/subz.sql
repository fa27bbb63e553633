--liquibase formatted sql
--changeset mix:subz.sql
insert into mix_log (file) values ('subz.sql');
--rollback delete from mix_log where file = 'subz.sql';
