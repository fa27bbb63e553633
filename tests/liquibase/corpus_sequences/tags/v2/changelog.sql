--liquibase formatted sql

--changeset tg:table
create table tg (id int primary key, what varchar(40));
--rollback drop table tg;

--changeset tg:first
insert into tg values (1, 'first');
--rollback delete from tg where id = 1;

--changeset tg:second
insert into tg values (2, 'second');
--rollback delete from tg where id = 2;

--changeset tg:always runAlways:true
insert into tg (id, what) select coalesce(max(id), 0) + 100, 'always' from tg;
--rollback delete from tg where what = 'always';
