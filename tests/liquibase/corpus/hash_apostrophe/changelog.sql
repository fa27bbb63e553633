--liquibase formatted sql
-- a '#' comment holding an apostrophe and a semicolon, between statements of one changeset

--changeset ha:table
create table ha (id int primary key, note varchar(40));
--rollback drop table ha;

--changeset ha:rows
insert into ha values (1, 'one');
# the next row isn't the last one
insert into ha values (2, 'two');
--rollback delete from ha where id in (1, 2);
