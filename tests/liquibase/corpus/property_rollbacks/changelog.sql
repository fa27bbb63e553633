--liquibase formatted sql
--property name:tbl value:pr_items
--property name:status_ok value:'ok'
--property name:greeting value:hello-${tbl}
--property name:schema_note value:it's

--changeset pr:table
create table ${tbl} (id int primary key, label varchar(80), state varchar(20));
--rollback drop table ${tbl};

--changeset pr:literals
insert into ${tbl} values (1, 'literal ${tbl} in a string', ${status_ok});
insert into ${tbl} values (2, '${greeting}', 'nested');
insert into ${tbl} values (3, 'undefined ${nope} stays; and ${tbl}', 'u');
insert into ${tbl} values (4, 'escaped $${tbl} stays?', 'e');
--rollback delete from ${tbl} where label like '%${tbl}%' or label = '${greeting}';
--rollback delete from ${tbl} where state in ('nested', 'e');

--changeset pr:late-property
insert into ${tbl} values (5, '${defined_later}', 'late');
--rollback delete from ${tbl} where state = '${late_state}';
--property name:defined_later value:now-defined
--property name:late_state value:late

--changeset pr:quote-in-value
insert into ${tbl} values (6, "${schema_note}", 'quote');
--rollback delete from ${tbl} where label = "${schema_note}";
