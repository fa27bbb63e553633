--liquibase formatted sql
--changeset inc:10-ten
insert into seq_log (what) values ('10-ten.sql');
--rollback delete from seq_log where what = '10-ten.sql';
