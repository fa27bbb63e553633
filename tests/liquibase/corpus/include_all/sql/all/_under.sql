--liquibase formatted sql
--changeset inc:_under
insert into seq_log (what) values ('_under.sql');
--rollback delete from seq_log where what = '_under.sql';
