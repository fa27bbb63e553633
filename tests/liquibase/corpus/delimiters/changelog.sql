--liquibase formatted sql

--changeset dev:table
create table counters (id int primary key, n int not null default 0);
--rollback drop table counters;

--changeset dev:proc endDelimiter://
create procedure bump(in k int)
begin
  insert into counters (id, n) values (k, 1) on duplicate key update n = n + 1;
  select n from counters where id = k;
end//
--rollback drop procedure bump;

--changeset dev:trigger
create trigger counters_bi before insert on counters for each row
begin
  if new.n < 0 then
    set new.n = 0;
  end if;
end;
--rollback drop trigger counters_bi;

--changeset dev:dollar endDelimiter:$$
create function twice(x int) returns int deterministic
begin
  return x * 2;
end$$
insert into counters (id, n) values (100, 7)$$
--rollback drop function twice;
--rollback delete from counters where id = 100;

--changeset dev:calls
call bump(1);
call bump(1);
call bump(2);
insert into counters (id, n) values (3, twice(21));
--rollback delete from counters where id in (1, 2, 3);

--changeset dev:nosplit splitStatements:false
insert into counters (id, n) values (50, 5)
--rollback delete from counters where id = 50;
