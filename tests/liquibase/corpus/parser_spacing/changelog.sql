-- Liquibase Formatted SQL
-- header and directives written loosely: spacing, letter case, ids holding colons, quoted names

--  changeset   sp:table
create table sp (id varchar(60) primary key);
--ROLLBACK drop table sp;

--ChangeSet sp:upper-keyword
insert into sp values ('upper-keyword');
-- rollback delete from sp where id = 'upper-keyword';

--changeset sp:v1:2:with-colons
insert into sp values ('with-colons');
--rollback delete from sp where id = 'with-colons';

--changeset "Sam Porter":"id with spaces"
insert into sp values ('quoted');
--rollback delete from sp where id = 'quoted';

--changeset sp:attrs-first-then-more runOnChange:TRUE   stripComments:FALSE splitStatements:True
insert into sp values ('attrs'); -- kept comment
insert into sp values ('attrs-2');
--rollback delete from sp where id like 'attrs%';

--changeset sp:tabs	context:ctx-a
insert into sp values ('tabs');
--rollback delete from sp where id = 'tabs';
