--liquibase formatted sql

--changeset flags:table
create table runs (id int primary key auto_increment, what varchar(40));
--rollback drop table runs;

--changeset flags:always runAlways:true
insert into runs (what) values ('always');
--rollback delete from runs where what = 'always';

--changeset flags:on-change runOnChange:true
create or replace view runs_v as select what from runs;
--rollback drop view runs_v;

--changeset flags:no-tx runInTransaction:false
insert into runs (what) values ('no-tx');
--rollback delete from runs where what = 'no-tx';

--changeset flags:may-fail failOnError:false
insert into no_such_table values (1);
--rollback select 1;
