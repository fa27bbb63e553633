--liquibase formatted sql
-- statements outside a transaction, and failures that failOnError:false lets through

--changeset tx:table
create table txp (id int primary key, note varchar(40));
--rollback drop table txp;

--changeset tx:ddl-dml-no-tx runInTransaction:false
alter table txp add column extra int null;
insert into txp (id, note, extra) values (1, 'no-tx', 10);
create index txp_extra on txp (extra);
--rollback drop index txp_extra on txp;
--rollback delete from txp where id = 1;
--rollback alter table txp drop column extra;

--changeset tx:fail-middle-no-tx runInTransaction:false failOnError:false
insert into txp (id, note) values (2, 'before the failure');
insert into txp (id, note) values (1, 'duplicate key');
insert into txp (id, note) values (3, 'after the failure');
--rollback delete from txp where id in (2, 3);

--changeset tx:fail-middle-tx failOnError:false
insert into txp (id, note) values (4, 'in tx before failure');
insert into no_such_table values (1);
insert into txp (id, note) values (5, 'in tx after failure');
--rollback delete from txp where id in (4, 5);

--changeset tx:after
insert into txp (id, note) values (6, 'after');
--rollback delete from txp where id = 6;
