--liquibase formatted sql
-- dbms negation and context expressions on properties, under --contexts dev
--property name:neg value:not-mariadb dbms:!mariadb
--property name:neg value:fallback
--property name:expr value:prod-or-dev context:"prod or dev"
--property name:expr value:fallback
--property name:andexpr value:prod-and-dev context:"prod and dev"
--property name:andexpr value:fallback

--changeset p:table
create table pe (id varchar(40) primary key, v varchar(40));
insert into pe values ('neg', '${neg}'), ('expr', '${expr}'), ('andexpr', '${andexpr}');
--rollback drop table pe;
