--liquibase formatted sql

--changeset br:table
create table br (id int primary key, doc varchar(200));
--rollback drop table br;

--changeset br:json
insert into br values (1, '{"a": 1, "b": {"c": [1, 2]}}');
insert into br values (2, 'unknown ${not_defined} stays');
insert into br values (3, 'dollar $ and } brace');
--rollback delete from br;
