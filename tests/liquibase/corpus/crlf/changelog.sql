--liquibase formatted sql

--changeset win:crlf-1
create table crlf_t (
  id int primary key,
  txt varchar(50)
);
--rollback drop table crlf_t;

--changeset win:crlf-2
insert into crlf_t values (1, 'line1');
insert into crlf_t values (2, 'two
lines');
--rollback delete from crlf_t;
