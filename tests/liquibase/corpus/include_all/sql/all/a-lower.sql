--liquibase formatted sql
--changeset inc:a-lower
insert into seq_log (what) values ('a-lower.sql');
--rollback delete from seq_log where what = 'a-lower.sql';
