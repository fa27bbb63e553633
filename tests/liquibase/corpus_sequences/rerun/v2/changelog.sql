--liquibase formatted sql

--changeset a:table
create table rr (id varchar(80), n int);
--rollback drop table rr;

--changeset a:on-change runOnChange:true context:prod labels:B,c
--comment second comment
insert into rr values ('on-change', 2);
--rollback delete from rr where id = 'on-change';

--changeset a:always runAlways:true context:other labels:zz
--comment   changed always   
insert into rr values ('always', 1);
--rollback delete from rr where id = 'always';

--changeset a:long
--comment xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy
insert into rr values ('long', 1);
--rollback delete from rr where id = 'long';
