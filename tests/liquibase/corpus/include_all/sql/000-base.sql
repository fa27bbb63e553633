--liquibase formatted sql
--changeset inc:base
create table seq_log (n int primary key auto_increment, what varchar(50));
--rollback drop table seq_log;
