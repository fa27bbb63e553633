--liquibase formatted sql
--property name:who value:payments-team

--changeset c:table
--comment: colon form, and trailing spaces   
create table cm (id int primary key, note varchar(60));
--rollback drop table cm;

--changeset c:two-comments
--comment first comment line
--comment second comment line
insert into cm values (1, 'two');
--rollback delete from cm where id = 1;

--changeset c:comment-after-sql
insert into cm values (2, 'after');
--comment written after the statement
insert into cm values (3, 'after again');
--rollback delete from cm where id in (2, 3);

--changeset c:comment-property
--comment owned by ${who}; see ticket #42
insert into cm values (4, '${who}');
--rollback delete from cm where id = 4;

--changeset c:comment-spaced
--   comment    lots of   inner    spaces
insert into cm values (5, 'spaced');
--rollback delete from cm where id = 5;

--changeset c:COMMENT-upper
--COMMENT Upper Case Keyword
insert into cm values (6, 'upper');
--rollback delete from cm where id = 6;

--changeset c:comment-empty-colon
--comment: 
insert into cm values (7, 'empty');
--rollback delete from cm where id = 7;
