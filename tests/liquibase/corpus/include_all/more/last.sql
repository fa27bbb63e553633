--liquibase formatted sql
--changeset inc:last
insert into seq_log (what) values ('last');
--rollback delete from seq_log where what = 'last';
