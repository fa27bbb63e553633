--liquibase formatted sql
-- issue 13 #7: sql-check results: NULL, row counts, columns, fractional DATETIME text

--changeset p:table
create table pre_dt (d6 datetime(6), d6z datetime(6), d0 datetime, d3 datetime(3), b bit(1), ti tinyint(1));
insert into pre_dt values ('2024-01-02 03:04:05.12', '2024-01-02 03:04:05', '2024-01-02 03:04:05', '2024-01-02 03:04:05.12', b'1', 1);
--rollback drop table pre_dt;

--changeset p:null-vs-null
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:null select null
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:zero-rows
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select 1 from dual where 1=0
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:two-rows
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select 1 union all select 2
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:two-columns
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select 1, 2
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime6
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05.120000' select d6 from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime6-short
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05.12' select d6 from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime6-zero
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05.000000' select d6z from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime6-zero-short
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05' select d6z from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime0
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05' select d0 from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:datetime3
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05.120' select d3 from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:decimal
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'1.50' select cast(1.5 as decimal(5,2))
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:double-one
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select cast(1 as double)
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:double-one-point-zero
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'1.0' select cast(1 as double)
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:bool
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select true
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:bit
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select b from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:tinyint1-true
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:true select ti from pre_dt
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;

--changeset p:trailing-semicolon
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select 1;
insert into pre_dt (d0) values ('2000-01-01 00:00:00');
--rollback delete from pre_dt where d0 = '2000-01-01 00:00:00' limit 1;
