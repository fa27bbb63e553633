--liquibase formatted sql
-- a team coming from SQL Server scripts: GO on its own line; another one using ;; and a regex-looking delimiter

--changeset ew:table
create table ew (id int primary key, txt varchar(60));
--rollback drop table ew;

--changeset ew:go endDelimiter:GO
insert into ew values (1, 'one; with semicolon')
GO
insert into ew values (2, 'GOOD things')
GO
--rollback delete from ew where id in (1, 2);

--changeset ew:double-semicolon endDelimiter:;;
insert into ew values (3, 'three; single');;
insert into ew values (4, 'four')
;;
--rollback delete from ew where id in (3, 4);

--changeset ew:go-lower endDelimiter:go
insert into ew values (5, 'lower go')
go
insert into ew values (6, 'ago')
--rollback delete from ew where id in (5, 6);
