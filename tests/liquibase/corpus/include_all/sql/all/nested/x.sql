--liquibase formatted sql
--changeset inc:x
insert into seq_log (what) values ('nested/x.sql');
--rollback delete from seq_log where what = 'nested/x.sql';
