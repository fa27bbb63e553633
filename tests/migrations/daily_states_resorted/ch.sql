--liquibase formatted sql

--changeset app:1
CREATE TABLE daily (day Date, site UInt32, visitors AggregateFunction(uniq, UInt64), hits SimpleAggregateFunction(sum, UInt64), last_seen AggregateFunction(max, DateTime)) ENGINE = AggregatingMergeTree ORDER BY (day, site);
--rollback DROP TABLE daily;

--changeset mig:1
CREATE TABLE IF NOT EXISTS daily_by_site (site UInt32, day Date, visitors AggregateFunction(uniq, UInt64), hits SimpleAggregateFunction(sum, UInt64), last_seen AggregateFunction(max, DateTime)) ENGINE = AggregatingMergeTree ORDER BY (site, day);
--rollback DROP TABLE IF EXISTS daily_by_site;

--changeset mig:2
INSERT INTO daily_by_site SELECT site, day, visitors, hits, last_seen FROM daily WHERE (site, day) NOT IN (SELECT site, day FROM daily_by_site);
--rollback TRUNCATE TABLE daily_by_site;
