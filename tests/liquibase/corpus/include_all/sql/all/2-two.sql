--liquibase formatted sql
--changeset inc:2-two
insert into seq_log (what) values ('2-two.sql');
--rollback delete from seq_log where what = '2-two.sql';
