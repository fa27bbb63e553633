--liquibase formatted sql logicalFilePath:shared/LOGICAL.sql

--changeset m:from-root
insert into modt values (2, 'from-root');
--rollback delete from modt where id = 2;
