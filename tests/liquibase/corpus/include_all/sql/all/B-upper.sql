--liquibase formatted sql
--changeset inc:B-upper
insert into seq_log (what) values ('B-upper.sql');
--rollback delete from seq_log where what = 'B-upper.sql';
