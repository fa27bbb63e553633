--liquibase formatted sql

--changeset audit:prices
create table prices (
  sku varchar(20) primary key,
  price decimal(8,2) not null
) with system versioning;
--rollback drop table prices;

--changeset audit:seed
insert into prices values ('a-1', 9.99), ('b-2', 19.50);
update prices set price = 10.49 where sku = 'a-1';
delete from prices where sku = 'b-2';
--rollback delete history from prices;
--rollback delete from prices;

--changeset audit:versioned-later
create table stock (sku varchar(20) primary key, qty int not null);
alter table stock add system versioning;
--rollback drop table stock;

--changeset audit:explicit-period
create table contracts (
  id int primary key,
  holder varchar(40),
  vs timestamp(6) generated always as row start invisible,
  ve timestamp(6) generated always as row end invisible,
  period for system_time (vs, ve)
) with system versioning;
insert into contracts (id, holder) values (1, 'x'), (2, 'y');
--rollback drop table contracts;
