--liquibase formatted sql

--changeset ann:notes
create table notes (id int primary key, body varchar(300), tag varchar(40));
--rollback drop table notes;

--changeset ann:tricky-strings
-- a comment with a semicolon; and 'quote
insert into notes values (1, 'semi; colon', 'a');
insert into notes values (2, 'dash -- not a comment', 'b'); -- trailing comment; here
insert into notes values (3, 'slash /* not a comment */ end', 'c');
/* block comment; with ; semicolons
   over two lines */
insert into notes values (4, 'it''s doubled', 'd');
insert into notes values (5, 'it\'s backslashed; still one', 'e');
insert into notes values (6, "double \"quoted\"; text", 'f');
insert into `notes` (`id`, `body`, `tag`) values (7, 'back`tick; inside', 'g');
--rollback delete from notes where id between 1 and 7;

--changeset ann:keep-comments stripComments:false
insert into notes values (8, 'kept', 'h'); -- this comment goes to the server
/* so does this one */ insert into notes values (9, 'also kept', 'i');
--rollback delete from notes where id in (8, 9);

--changeset ann:go-word
insert into notes values (10, 'go
go', 'j');
--rollback delete from notes where id = 10;
