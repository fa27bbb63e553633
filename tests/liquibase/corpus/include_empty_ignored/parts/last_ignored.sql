--liquibase formatted sql

--changeset ie:table
create table ie (id int primary key);
--rollback drop table ie;

--changeset ie:row
insert into ie values (1);
--rollback delete from ie where id = 1;

--changeset ie:ignored-last ignore:true
insert into ie values (2);
--rollback delete from ie where id = 2;
