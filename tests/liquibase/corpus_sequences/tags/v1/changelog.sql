--liquibase formatted sql

--changeset tg:table
create table tg (id int primary key, what varchar(40));
--rollback drop table tg;

--changeset tg:first
insert into tg values (1, 'first');
--rollback delete from tg where id = 1;
