--liquibase formatted sql

--changeset rb:one
create table rb_a (id int primary key);
create table rb_b (id int primary key);
--rollback drop table rb_b;
--rollback drop table rb_a;

--changeset rb:block
insert into rb_a values (1), (2);
insert into rb_b values (1);
/* liquibase rollback
delete from rb_b where id = 1;
delete from rb_a where id in (1, 2);
*/

--changeset rb:not-required
select 1;
--rollback not required

--changeset rb:empty
select 2;
--rollback empty

--changeset rb:multi-line
insert into rb_a values (3);
--rollback delete from rb_a
--rollback where id = 3;
