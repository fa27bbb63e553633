--liquibase formatted sql

--changeset pre:base
create table pre_t (id int primary key);
insert into pre_t values (1);
--rollback drop table pre_t;

--changeset pre:sql-check-pass
--preconditions onFail:HALT onError:HALT
--precondition-sql-check expectedResult:1 select count(*) from pre_t
insert into pre_t values (2);
--rollback delete from pre_t where id = 2;

--changeset pre:mark-ran
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from pre_t
insert into pre_t values (99);
--rollback delete from pre_t where id = 99;

--changeset pre:continue
--preconditions onFail:CONTINUE
--precondition-table-exists table:no_such_table
insert into pre_t values (98);
--rollback delete from pre_t where id = 98;

--changeset pre:table-exists
--preconditions onFail:MARK_RAN
--precondition-table-exists table:pre_t
insert into pre_t values (3);
--rollback delete from pre_t where id = 3;

--changeset pre:warn
--preconditions onFail:WARN
--precondition-sql-check expectedResult:5 select count(*) from pre_t
insert into pre_t values (4);
--rollback delete from pre_t where id = 4;
