--liquibase formatted sql

--changeset zoë:ünïcode-table
--comment Ωmega tàble 日本
create table wörter (id int primary key, wort varchar(100) character set utf8mb4);
--rollback drop table wörter;

--changeset zoë:ünïcode-data
insert into wörter values (1, 'héllo wörld');
insert into wörter values (2, '日本語のテキスト; セミコロン');
insert into wörter values (3, 'emoji 🎉🚀 done');
insert into wörter values (4, 'nbsp here');
--rollback delete from wörter;
