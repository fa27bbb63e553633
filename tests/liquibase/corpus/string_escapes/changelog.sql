--liquibase formatted sql
-- string literals ending in a backslash, hex and binary literals holding ';', doubled quotes at the end

--changeset se:table
create table se (id int primary key, s varchar(80), b varbinary(20));
--rollback drop table se;

--changeset se:backslash-end
insert into se (id, s) values (1, 'ends with backslash\\');
insert into se (id, s) values (2, 'tab\tand newline\n; escaped');
insert into se (id, s) values (3, 'doubled at end''');
insert into se (id, s) values (4, "double quoted \\");
--rollback delete from se where id between 1 and 4;

--changeset se:binary
insert into se (id, b) values (5, x'3B2D2D');
insert into se (id, b) values (6, _binary';--');
insert into se (id, b) values (7, 0x3b3b);
insert into se (id, s) values (8, concat('a', ';', 'b'));
--rollback delete from se where id between 5 and 8;

--changeset se:percent-and-question
insert into se (id, s) values (9, 'what? 100% ;-)');
insert into se (id, s) values (10, '`not an identifier; really`');
--rollback delete from se where id in (9, 10);
