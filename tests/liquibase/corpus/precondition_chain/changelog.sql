--liquibase formatted sql
-- preconditions that read what the previous changesets wrote

--changeset pc:config
create table app_config (k varchar(40) primary key, v varchar(80));
insert into app_config values ('mode', 'legacy mode'), ('version', '3');
--rollback drop table app_config;

--changeset pc:upgrade-if-legacy
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:"legacy mode" select v from app_config where k = 'mode'
update app_config set v = 'modern' where k = 'mode';
--rollback update app_config set v = 'legacy mode' where k = 'mode';

--changeset pc:only-when-still-legacy
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:"legacy mode" select v from app_config where k = 'mode'
insert into app_config values ('never', 'should be marked ran');
--rollback delete from app_config where k = 'never';

--changeset pc:two-checks
--preconditions onFail:MARK_RAN onError:MARK_RAN
--precondition-sql-check expectedResult:modern select v from app_config where k = 'mode'
--precondition-sql-check expectedResult:3 select v from app_config where k = 'version'
insert into app_config values ('both', 'passed');
--rollback delete from app_config where k = 'both';

--changeset pc:check-errors
--preconditions onFail:HALT onError:MARK_RAN
--precondition-sql-check expectedResult:1 select count(*) from missing_table
insert into app_config values ('error', 'should be marked ran');
--rollback delete from app_config where k = 'error';

--changeset pc:continue-skip
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:0 select count(*) from app_config
insert into app_config values ('skipped', 'not recorded');
--rollback delete from app_config where k = 'skipped';

--changeset pc:count-after
--preconditions onFail:HALT
--precondition-sql-check expectedResult:3 select count(*) from app_config
insert into app_config values ('count', 'three before me');
--rollback delete from app_config where k = 'count';
