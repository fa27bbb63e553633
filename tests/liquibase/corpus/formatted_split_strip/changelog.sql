--liquibase formatted sql

--changeset fss:table
create table fss (id int primary key, note varchar(60), n int not null default 0);
--rollback drop table fss;

-- a trigger body full of semicolons, kept whole by splitStatements:false (no endDelimiter)
--changeset fss:trigger splitStatements:false
create trigger fss_bi before insert on fss for each row
begin
  if new.n < 0 then set new.n = 0; end if;
  if new.note is null then set new.note = 'from trigger'; end if;
end
--rollback drop trigger fss_bi;

-- stripped: the comments, but not the '--' and '/*' inside string literals
--changeset fss:strip stripComments:true
insert into fss (id, note) values (1, 'a -- not a comment'); -- a real comment; with a semicolon
/* a block comment; also with a semicolon */
insert into fss (id, note, n) values (2, '/* kept */', -5);
--rollback delete from fss where id in (1, 2);

-- kept: the comments (the default), the statement still splits at the right place
--changeset fss:keep stripComments:false
insert into fss (id, note) values (3, 'kept'); /* trailing; block */
insert into fss (id) values (4);
--rollback delete from fss where id = 3; delete from fss where id = 4;

--changeset fss:rollback-lines
insert into fss (id, note) values (5, 'five'), (6, 'six');
--rollback delete from fss where id = 5;
--rollback delete from fss
--rollback where id = 6;

--changeset fss:delimited endDelimiter:\n/
insert into fss (id, note) values (7, 'slash; inside')
/
update fss set n = n + 1 where id = 7
/
--rollback delete from fss where id = 7;
