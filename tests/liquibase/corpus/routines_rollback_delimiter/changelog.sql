--liquibase formatted sql
-- a team that keeps stored code in migrations: the rollback of a procedure change recreates the old body.
-- '$$' must stand apart ('end $$' or a line of its own): glued to a word ('end$$') it is part of that word
-- for Liquibase's tokenizer, nothing is split and the server gets the '$$'

--changeset ops:ledger
create table ledger (id int primary key auto_increment, account varchar(20) not null, amount decimal(10,2) not null, posted datetime null);
create table balances (account varchar(20) primary key, total decimal(12,2) not null default 0);
--rollback drop table balances;
--rollback drop table ledger;

--changeset ops:post-proc-v1 endDelimiter:$$
create procedure post_entry(in p_account varchar(20), in p_amount decimal(10,2))
begin
  declare v_existing int default 0;
  select count(*) into v_existing from balances where account = p_account;
  if v_existing = 0 then
    insert into balances (account, total) values (p_account, 0);
  end if;
  insert into ledger (account, amount) values (p_account, p_amount);
end
$$
--rollback drop procedure post_entry;

--changeset ops:ledger-trigger endDelimiter://
create trigger ledger_ai after insert on ledger for each row
begin
  update balances set total = total + new.amount where account = new.account;
end//
--rollback drop trigger ledger_ai;

-- rollbackEndDelimiter first: endDelimiter is '$$' for the body, '//' for the rollback
--changeset ops:post-proc-v2 rollbackEndDelimiter:// endDelimiter:$$
drop procedure post_entry $$
create procedure post_entry(in p_account varchar(20), in p_amount decimal(10,2))
begin
  insert ignore into balances (account, total) values (p_account, 0);
  insert into ledger (account, amount, posted) values (p_account, p_amount, '2024-05-01 10:00:00');
end $$
--rollback drop procedure post_entry//
--rollback create procedure post_entry(in p_account varchar(20), in p_amount decimal(10,2))
--rollback begin
--rollback   declare v_existing int default 0;
--rollback   select count(*) into v_existing from balances where account = p_account;
--rollback   if v_existing = 0 then
--rollback     insert into balances (account, total) values (p_account, 0);
--rollback   end if;
--rollback   insert into ledger (account, amount) values (p_account, p_amount);
--rollback end//

--changeset ops:postings
call post_entry('acme', 10.50);
call post_entry('acme', -2.25);
call post_entry('zeta', 7);
--rollback delete from ledger;
--rollback delete from balances;

--changeset ops:fn splitStatements:false
create function account_total(p varchar(20)) returns decimal(12,2) reads sql data
return (select coalesce(sum(amount), 0) from ledger where account = p)
--rollback drop function account_total;

-- Liquibase reads the attribute with a greedy '.*endDelimiter:', so a later rollbackEndDelimiter wins:
-- this body is split at ';', not at '$$'
--changeset ops:delimiter-order endDelimiter:$$ rollbackEndDelimiter:;
insert into balances (account, total) values ('order-1', 1);
insert into balances (account, total) values ('order-2', 2);
--rollback delete from balances where account = 'order-1'; delete from balances where account = 'order-2';
