--liquibase formatted sql

--changeset app:1
CREATE TABLE countries (code FixedString(2), name String) ENGINE = MergeTree ORDER BY code;
--rollback DROP TABLE countries;

--changeset app:2
CREATE TABLE visits (visit_id UInt64, country_code FixedString(2), ts DateTime) ENGINE = MergeTree ORDER BY visit_id;
--rollback DROP TABLE visits;

--changeset geo:1
CREATE DICTIONARY IF NOT EXISTS country_names (code String, name String)
PRIMARY KEY code SOURCE(CLICKHOUSE(TABLE 'countries')) LIFETIME(0) LAYOUT(COMPLEX_KEY_HASHED());
--rollback DROP DICTIONARY IF EXISTS country_names;

--changeset geo:2
CREATE TABLE IF NOT EXISTS visits_named (visit_id UInt64, country_code FixedString(2), country_name String, ts DateTime) ENGINE = MergeTree ORDER BY visit_id;
--rollback DROP TABLE IF EXISTS visits_named;

--changeset geo:3
INSERT INTO visits_named SELECT visit_id, country_code, dictGetOrDefault('country_names', 'name', tuple(toString(country_code)), ''), ts FROM visits WHERE visit_id NOT IN (SELECT visit_id FROM visits_named);
--rollback TRUNCATE TABLE visits_named;
