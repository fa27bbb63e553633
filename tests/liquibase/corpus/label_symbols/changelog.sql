--liquibase formatted sql
-- labels the way a team tags by ticket and owner, contexts with parentheses; run with a label filter whose
-- '@core' requires the label core (Liquibase 4.23+): '@core' as a changeset's label never matches it

--changeset ls:table labels:core
create table lsym (id varchar(40) primary key);
--rollback drop table lsym;

--changeset ls:ticket labels:@core,JIRA-101
insert into lsym values ('ticket');
--rollback delete from lsym where id = 'ticket';

--changeset ls:owner labels:@team-payments
insert into lsym values ('owner');
--rollback delete from lsym where id = 'owner';

--changeset ls:release labels:release-2.1,@core
insert into lsym values ('release');
--rollback delete from lsym where id = 'release';

--changeset ls:ctx-parens labels:@core context:"(eu or us) and !test"
insert into lsym values ('ctx-parens');
--rollback delete from lsym where id = 'ctx-parens';

--changeset ls:ctx-parens-off labels:@core context:"(apac) and !test"
insert into lsym values ('ctx-parens-off');
--rollback delete from lsym where id = 'ctx-parens-off';

--changeset ls:at-context labels:core context:@eu
insert into lsym values ('at-context');
--rollback delete from lsym where id = 'at-context';

--changeset ls:unlabelled
insert into lsym values ('unlabelled');
--rollback delete from lsym where id = 'unlabelled';
