--liquibase formatted sql

--changeset Auth:Case
create table ci1 (id int);
--rollback drop table ci1;

--changeset a:rr runAlways:true
insert into ci1 values (1);
--rollback delete from ci1 where id = 1;

--changeset auth:CASE
create table ci2 (id int);
--rollback drop table ci2;

--changeset A:RR runAlways:true
insert into ci1 values (2);
--rollback delete from ci1 where id = 2;
