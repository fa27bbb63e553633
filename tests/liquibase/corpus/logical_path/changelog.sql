--liquibase formatted sql logicalFilePath:db/custom/main.sql

--changeset lp:one
create table lp (id int primary key);
--rollback drop table lp;

--changeset lp:two logicalFilePath:db/other.sql
insert into lp values (1);
--rollback delete from lp;
