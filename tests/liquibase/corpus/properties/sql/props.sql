--liquibase formatted sql
--property name:fileProp value:from_sql_file

--changeset prop:${suffix}-create
create table ${table} (id int primary key, label ${colType}, origin varchar(64));
--rollback drop table ${table};

--changeset prop:${suffix}-fill
insert into ${table} values (1, '${fileProp}', '${onlyPg}');
insert into ${table} values (2, '${TABLE}', 'case-insensitive name');
--rollback delete from ${table};
