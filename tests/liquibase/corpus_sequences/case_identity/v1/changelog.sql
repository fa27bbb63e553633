--liquibase formatted sql

--changeset Auth:Case
create table ci1 (id int);
--rollback drop table ci1;

--changeset a:rr runAlways:true
insert into ci1 values (1);
--rollback delete from ci1 where id = 1;
