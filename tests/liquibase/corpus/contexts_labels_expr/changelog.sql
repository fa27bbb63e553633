--liquibase formatted sql

--changeset cl:table
create table cl (id varchar(40) primary key);
--rollback drop table cl;

--changeset cl:prod-and-eu context:"prod and eu"
insert into cl values ('prod-and-eu');
--rollback delete from cl where id = 'prod-and-eu';

--changeset cl:prod-not-eu context:"prod and !eu"
insert into cl values ('prod-not-eu');
--rollback delete from cl where id = 'prod-not-eu';

--changeset cl:test-or-eu context:"test or eu"
insert into cl values ('test-or-eu');
--rollback delete from cl where id = 'test-or-eu';

--changeset cl:not-test context:!test
insert into cl values ('not-test');
--rollback delete from cl where id = 'not-test';

--changeset cl:grouped context:"(prod or test) and !eu"
insert into cl values ('grouped');
--rollback delete from cl where id = 'grouped';

--changeset cl:core labels:core
insert into cl values ('core');
--rollback delete from cl where id = 'core';

--changeset cl:api-beta labels:api,beta
insert into cl values ('api-beta');
--rollback delete from cl where id = 'api-beta';

--changeset cl:eu-label labels:eu
insert into cl values ('eu-label');
--rollback delete from cl where id = 'eu-label';

--changeset cl:both context:prod labels:api
insert into cl values ('both');
--rollback delete from cl where id = 'both';
