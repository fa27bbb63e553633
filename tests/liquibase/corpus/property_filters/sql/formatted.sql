--liquibase formatted sql
--property name:fmt_db value:mysql-fmt dbms:mysql
--property name:fmt_db value:mariadb-fmt dbms:mariadb
--property name:fmt_ctx value:dev-fmt context:dev
--property name:fmt_ctx value:other-fmt

--changeset x:formatted
insert into props values ('fmt_db', '${fmt_db}'), ('fmt_ctx', '${fmt_ctx}');
--rollback delete from props where id in ('fmt_db', 'fmt_ctx');
