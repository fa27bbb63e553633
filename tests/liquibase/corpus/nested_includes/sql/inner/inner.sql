--liquibase formatted sql

--changeset x:inner context:c labels:lc
insert into nest values ('inner');
--rollback delete from nest where id = 'inner';

--changeset x:inner-plain
insert into nest values ('inner-plain');
--rollback delete from nest where id = 'inner-plain';
