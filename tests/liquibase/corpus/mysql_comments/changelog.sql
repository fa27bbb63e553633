--liquibase formatted sql
-- MySQL-style comments: '#' lines, versioned /*! */ comments, '--' without a following space

--changeset mc:table
create table mc (id int primary key, note varchar(40)) /*!50000 ENGINE=InnoDB */;
--rollback drop table mc;

--changeset mc:hash
# a hash comment without a semicolon
insert into mc values (1, 'hash');
insert into mc values (2, 'two') # trailing hash comment
;
--rollback delete from mc where id in (1, 2);

--changeset mc:versioned stripComments:false
/*!40101 SET @saved_note = 'x' */;
insert into mc values (3, /*!99999 'not run', */ 'kept versioned');
--rollback delete from mc where id = 3;

--changeset mc:versioned-stripped
insert into mc values (4, 'stripped'/*!, 'extra'*/);
--rollback delete from mc where id = 4;

-- '6--1' is 7 for MariaDB, but Liquibase strips '--1);' as a comment: the update fails here on both sides
--changeset mc:dashes
insert into mc values (5, 'five');--no space after dashes
insert into mc values (6, 6--1);
--rollback delete from mc where id in (5, 6);
