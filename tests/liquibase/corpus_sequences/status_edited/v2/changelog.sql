--liquibase formatted sql

--changeset a:table
create table se (id varchar(80));
--rollback drop table se;

--changeset a:edited
insert into se values ('after the edit');
--rollback delete from se;
