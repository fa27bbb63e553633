--liquibase formatted sql

--changeset shop:orders
create table orders (
  id int primary key,
  qty int not null check (qty > 0),
  unit_price decimal(8,2) not null,
  total decimal(10,2) as (qty * unit_price) persistent,
  total_v decimal(10,2) as (qty * unit_price) virtual,
  attrs json check (json_valid(attrs)),
  color varchar(20) as (json_unquote(json_extract(attrs, '$.color'))) virtual,
  secret varchar(20) invisible default 'hidden',
  constraint price_positive check (unit_price >= 0)
);
--rollback drop table orders;

--changeset shop:rows
insert into orders (id, qty, unit_price, attrs) values (1, 2, 3.50, '{"color": "red", "tags": ["a;b", "c"]}');
insert into orders (id, qty, unit_price, attrs, secret) values (2, 1, 0, '{"color": "blue"}', 'seen');
--rollback delete from orders;

--changeset shop:violates failOnError:false
insert into orders (id, qty, unit_price) values (3, 0, 1);
--rollback delete from orders where id = 3;

--changeset shop:index-on-generated
create index orders_color on orders (color);
alter table orders add column note varchar(20) invisible;
--rollback alter table orders drop column note;
--rollback drop index orders_color on orders;
