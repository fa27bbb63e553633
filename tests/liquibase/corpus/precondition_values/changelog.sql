--liquibase formatted sql
-- more sql-check values compared as the server's text

--changeset p:table
create table sq (c char(4), v varchar(4), u varchar(8), y year, e enum('a','b')) default charset utf8mb4;
insert into sq values ('ab', 'ab ', 'é€😀', 2024, 'b');
--rollback drop table sq;

--changeset p:char-padded
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:ab select c from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:varchar-trailing-space
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'ab ' select v from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:unicode
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'é€😀' select u from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:empty-string-vs-null
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:null select ''
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:count
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:1 select count(*) from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:negative-decimal
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'-0.50' select cast(-0.5 as decimal(4,2))
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:bigint-max
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:18446744073709551615 select cast(18446744073709551615 as unsigned)
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:timestamp
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:'2024-01-02 03:04:05.5' select cast('2024-01-02 03:04:05.5' as datetime(1))
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:year
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:2024 select y from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;

--changeset p:enum
--preconditions onFail:MARK_RAN onError:CONTINUE
--precondition-sql-check expectedResult:b select e from sq
insert into sq (c) values ('zz');
--rollback delete from sq where c = 'zz' limit 1;
