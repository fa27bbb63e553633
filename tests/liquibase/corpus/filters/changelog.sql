--liquibase formatted sql

--changeset f:table
create table filt (id int primary key, note varchar(40));
--rollback drop table filt;

--changeset f:ctx-dev context:dev
insert into filt values (1, 'dev');
--rollback delete from filt where id = 1;

--changeset f:ctx-prod contextFilter:"prod and !dev"
insert into filt values (2, 'prod');
--rollback delete from filt where id = 2;

--changeset f:label labels:fast,smoke
insert into filt values (3, 'labelled');
--rollback delete from filt where id = 3;

--changeset f:dbms-mariadb dbms:mariadb
insert into filt values (4, 'mariadb');
--rollback delete from filt where id = 4;

--changeset f:dbms-mysql dbms:mysql
insert into filt values (5, 'mysql');
--rollback delete from filt where id = 5;

--changeset f:dbms-pg dbms:postgresql
insert into filt values (6, 'postgres');
--rollback delete from filt where id = 6;

--changeset f:dbms-not-h2 dbms:!h2
insert into filt values (7, 'not h2');
--rollback delete from filt where id = 7;

--changeset f:ignored ignore:true
insert into filt values (8, 'ignored');
--rollback delete from filt where id = 8;
