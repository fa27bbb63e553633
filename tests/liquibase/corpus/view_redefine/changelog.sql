--liquibase formatted sql
-- views redefined over time; the rollback restores the previous definition over several lines

--changeset vw:base
create table emp (id int primary key, name varchar(40), dept varchar(20), salary int);
insert into emp values (1, 'ann', 'eng', 100), (2, 'bob', 'ops', 80), (3, 'cy', 'eng', 120);
create view eng_staff as select id, name from emp where dept = 'eng';
--rollback drop view eng_staff;
--rollback drop table emp;

--changeset vw:add-salary
create or replace view eng_staff as
  select id, name, salary
  from emp
  where dept = 'eng';
--rollback create or replace view eng_staff as
--rollback   select id, name from emp where dept = 'eng';

--changeset vw:view-on-view
create view eng_rich as select name from eng_staff where salary > 110 with check option;
create algorithm=merge sql security invoker view dept_totals (dept, total) as select dept, sum(salary) from emp group by dept;
--rollback drop view dept_totals, eng_rich;

--changeset vw:snapshot
create table eng_snapshot as select * from eng_staff;
--rollback drop table eng_snapshot;
