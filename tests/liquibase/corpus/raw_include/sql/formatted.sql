--liquibase formatted sql
--changeset fmt:after-plain
insert into plain_t values (2, 'formatted');
--rollback delete from plain_t where id = 2;
