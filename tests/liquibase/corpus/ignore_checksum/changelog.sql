--liquibase formatted sql

--changeset ig:table
--validCheckSum 9:00000000000000000000000000000000
create table ig (id int primary key);
--rollback drop table ig;

--changeset ig:lines
--ignoreLines:start
this is not sql at all;
--ignoreLines:end
insert into ig values (1);
--ignoreLines:1
insert into ig values (999);
insert into ig values (2);
--rollback delete from ig where id in (1, 2);

--changeset ig:bare-rollback
insert into ig values (3);
--rollback
