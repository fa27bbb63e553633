--liquibase formatted sql

--changeset m:common
insert into modt values (4, 'common');
--rollback delete from modt where id = 4;

--changeset m:common-renamed logicalFilePath:../outside.sql
insert into modt values (5, 'renamed');
--rollback delete from modt where id = 5;
