--liquibase formatted sql
-- issue 13 #8: changeset labels are a comma list (never an expression); how CONTEXTS and LABELS are stored

--changeset l:table
create table lab (id varchar(40) primary key);
--rollback drop table lab;

--changeset l:expr labels:"l1 and !l3"
insert into lab values ('expr');
--rollback delete from lab where id = 'expr';

--changeset l:comma labels:"l1, l3"
insert into lab values ('comma');
--rollback delete from lab where id = 'comma';

--changeset l:upper labels:L1
insert into lab values ('upper');
--rollback delete from lab where id = 'upper';

--changeset l:space labels:"l1 l3"
insert into lab values ('space');
--rollback delete from lab where id = 'space';

--changeset l:ctx-list context:Dev,Test
insert into lab values ('ctx-list');
--rollback delete from lab where id = 'ctx-list';

--changeset l:ctx-spaced context:"dev, test"
insert into lab values ('ctx-spaced');
--rollback delete from lab where id = 'ctx-spaced';

--changeset l:ctx-expr contextFilter:"dev and !test"
insert into lab values ('ctx-expr');
--rollback delete from lab where id = 'ctx-expr';
