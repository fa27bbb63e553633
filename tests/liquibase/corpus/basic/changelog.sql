--liquibase formatted sql

--changeset alice:create-people
--comment people table
create table people (
  id int primary key auto_increment,
  name varchar(100) not null,
  born date null
);
--rollback drop table people;

--changeset alice:seed-people
insert into people (name, born) values ('Ann', '1990-01-02');
insert into people (name, born) values ('Bob', null);
--rollback delete from people where name in ('Ann', 'Bob');

--changeset bob:add-email
alter table people add column email varchar(200) null;
update people set email = concat(lower(name), '@example.com');
--rollback alter table people drop column email;
