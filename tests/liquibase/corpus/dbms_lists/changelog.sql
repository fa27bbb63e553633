--liquibase formatted sql
-- dbms lists written the way a multi-database team does

--changeset dl:table
create table dl (id varchar(40) primary key);
--rollback drop table dl;

--changeset dl:list-with-mariadb dbms:mysql,mariadb
insert into dl values ('list-with-mariadb');
--rollback delete from dl where id = 'list-with-mariadb';

--changeset dl:list-without dbms:postgresql,oracle,mssql
insert into dl values ('list-without');
--rollback delete from dl where id = 'list-without';

--changeset dl:all dbms:all
insert into dl values ('all');
--rollback delete from dl where id = 'all';

--changeset dl:none dbms:none
insert into dl values ('none');
--rollback delete from dl where id = 'none';

--changeset dl:negated-list dbms:!postgresql,!oracle
insert into dl values ('negated-list');
--rollback delete from dl where id = 'negated-list';

--changeset dl:negated-mariadb dbms:!mariadb
insert into dl values ('negated-mariadb');
--rollback delete from dl where id = 'negated-mariadb';

--changeset dl:upper dbms:MariaDB
insert into dl values ('upper');
--rollback delete from dl where id = 'upper';
