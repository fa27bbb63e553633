--liquibase formatted sql

--changeset r:table
create table rbf (id varchar(40) primary key);
--rollback drop table rbf;

--changeset r:dev context:dev
insert into rbf values ('dev');
--rollback delete from rbf where id = 'dev';

--changeset r:prod context:prod
insert into rbf values ('prod');
--rollback delete from rbf where id = 'prod';

--changeset r:labelled labels:x
insert into rbf values ('labelled');
--rollback delete from rbf where id = 'labelled';
