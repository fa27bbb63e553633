--liquibase formatted sql

--changeset projects:ch-base-001
--comment: Baseline project event log (plain MergeTree, append-only)
CREATE TABLE IF NOT EXISTS ${CH_DB}.project_events
(
    event_id    UUID,
    project_id  Int32,
    kind        Enum8('created' = 1, 'edited' = 2, 'budget_changed' = 3, 'archived' = 4),
    amount      Nullable(Decimal(12, 4)),
    actor       String DEFAULT '',
    occurred_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (project_id, occurred_at, event_id);
--rollback DROP TABLE IF EXISTS ${CH_DB}.project_events;

--changeset projects:ch-base-002
--comment: Baseline activity feed; the application has written every new event here too since it shipped
CREATE TABLE IF NOT EXISTS ${CH_DB}.project_activity
(
    event_id    UUID,
    project_id  Int32,
    kind        Enum8('created' = 1, 'edited' = 2, 'budget_changed' = 3, 'archived' = 4),
    amount      Nullable(Decimal(12, 4)),
    occurred_at DateTime64(3, 'UTC'),
    written_by  LowCardinality(String)
)
ENGINE = MergeTree
ORDER BY (project_id, occurred_at, event_id);
--rollback DROP TABLE IF EXISTS ${CH_DB}.project_activity;
