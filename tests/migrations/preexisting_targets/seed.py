"""Seed module of the preexisting_targets migration (contract: docs/spec.md, "Seed module").

Both targets already hold application rows before the migration: user/API revisions in MySQL
project_revisions, and the events the application double-wrote into the ClickHouse activity feed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.generators import insert_rows, mysql_numbers, uuid_from
from migration_harness.generators import values as v

PROJECT_COLUMNS = ("id", "account_id", "name", "status", "budget", "settings", "created_at", "created_by")
REVISION_COLUMNS = (
    "project_id",
    "revision_no",
    "origin",
    "status",
    "budget",
    "snapshot",
    "author",
    "created_at",
    "recorded_at",
)
EVENT_COLUMNS = ("event_id", "project_id", "kind", "amount", "actor", "occurred_at")
ACTIVITY_COLUMNS = ("event_id", "project_id", "kind", "amount", "occurred_at", "written_by")

DATETIME3_MIN = dt.datetime(1000, 1, 1)
DATETIME3_MAX = dt.datetime(9999, 12, 31, 23, 59, 59, 999000)
DT64_3_MIN = dt.datetime(1900, 1, 1)
DT64_3_MAX = dt.datetime(2299, 12, 31, 23, 59, 59, 999000)
BUDGET_MAX = Decimal("99999999.9999")
STATUSES = ("draft", "active", "archived")
KINDS = ("created", "edited", "budget_changed", "archived")


@dataclass(frozen=True)
class Project:
    id: int
    account_id: int
    name: str
    status: str
    budget: Decimal | None
    settings: str | None  # JSON text
    created_at: dt.datetime
    created_by: str | None


@dataclass(frozen=True)
class Revision:
    project_id: int
    revision_no: int
    origin: str
    status: str
    budget: Decimal | None
    snapshot: str
    author: str | None
    created_at: dt.datetime
    recorded_at: dt.datetime


@dataclass(frozen=True)
class Event:
    event_id: str
    project_id: int
    kind: str
    amount: Decimal | None
    actor: str
    occurred_at: dt.datetime


@dataclass(frozen=True)
class Shape:
    projects: tuple[Project, ...]
    revisions: tuple[Revision, ...]  # origin 'user' / 'api', some of hard-deleted projects
    events: tuple[Event, ...]
    in_feed: tuple[int, ...]  # indexes of the events the application already wrote to the feed


def _rows(records, columns):
    return [tuple(getattr(r, c) for c in columns) for r in records]


def load(engines: dict[str, Engine], shape: Shape) -> None:
    my, ch = engines["mysql"], engines["clickhouse"]
    insert_rows(my, "projects", PROJECT_COLUMNS, _rows(shape.projects, PROJECT_COLUMNS))
    insert_rows(my, "project_revisions", REVISION_COLUMNS, _rows(shape.revisions, REVISION_COLUMNS))
    insert_rows(ch, "project_events", EVENT_COLUMNS, _rows(shape.events, EVENT_COLUMNS))
    feed = [shape.events[i] for i in shape.in_feed]
    insert_rows(
        ch, "project_activity", ACTIVITY_COLUMNS, [(*_rows([e], ACTIVITY_COLUMNS[:-1])[0], "app") for e in feed]
    )


# --- Hypothesis shapes ---------------------------------------------------------------------------------


def _millis(lo: dt.datetime, hi: dt.datetime) -> st.SearchStrategy[dt.datetime]:
    """DATETIME(3) / DateTime64(3) values: both ends, otherwise millisecond precision."""
    inner = st.datetimes(min_value=lo, max_value=hi).map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000, fold=0)
    )
    return st.one_of(st.just(lo), st.just(hi), inner)


_budgets = v.nullable(st.decimals(-BUDGET_MAX, BUDGET_MAX, places=4, allow_nan=False, allow_infinity=False))


@st.composite
def _shape(draw: st.DrawFn) -> Shape:
    ids = draw(st.lists(st.integers(1, 5000), max_size=6, unique=True))
    projects = tuple(
        Project(
            i,
            draw(st.integers(0, 2**64 - 1)),
            draw(v.text(120)),
            draw(st.sampled_from(STATUSES)),
            draw(_budgets),
            draw(v.nullable(v.json_documents())),
            draw(_millis(DATETIME3_MIN, DATETIME3_MAX)),
            draw(v.nullable(v.text(64))),
        )
        for i in ids
    )
    deleted = draw(st.lists(st.integers(5001, 6000), max_size=1))  # revisions whose project was hard-deleted
    revisions = []
    for pid in [p.id for p in projects] + deleted:
        for n in range(1, 1 + draw(st.integers(0, 2))):
            revisions.append(
                Revision(
                    pid,
                    n,
                    draw(st.sampled_from(["user", "api"])),
                    draw(st.sampled_from(STATUSES)),
                    draw(_budgets),
                    draw(v.json_documents()),
                    draw(v.nullable(v.text(64))),
                    draw(_millis(DATETIME3_MIN, DATETIME3_MAX)),
                    dt.datetime(2025, 6, 1, 12, 0, n),
                )
            )
    owners = [p.id for p in projects] + deleted + [9999]
    events = tuple(
        Event(
            draw(v.uuids()),
            draw(st.sampled_from(owners)),
            draw(st.sampled_from(KINDS)),
            draw(_budgets),
            draw(v.text(20)),
            draw(_millis(DT64_3_MIN, DT64_3_MAX)),
        )
        for _ in range(draw(st.integers(0, 6)))
    )
    events = tuple({e.event_id: e for e in events}.values())
    in_feed = tuple(sorted(draw(st.sets(st.integers(0, len(events) - 1))))) if events else ()
    return Shape(projects, tuple(revisions), events, in_feed)


def shapes() -> st.SearchStrategy[Shape]:
    return _shape()


def _uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"preexisting-targets/{name}"))


def fixed_shape() -> Shape:
    ts = dt.datetime(2024, 11, 5, 14, 30, 15, 250000)
    rec = dt.datetime(2025, 1, 2, 3, 4, 5)
    projects = (
        Project(1, 10, "Website relaunch", "active", Decimal("1234.5678"), '{"theme": "dark"}', ts, "alice"),
        Project(2, 10, "Empty draft", "draft", None, None, ts, None),  # no revision yet -> backfilled
        Project(
            3,
            2**64 - 1,
            "🧪 Lab O'Brien \\ Jr.",
            "archived",
            -BUDGET_MAX,
            '{"tags": ["a", "b"], "e": "🚀"}',
            DATETIME3_MIN,
            "api-key",
        ),  # only an API revision -> not backfilled
        Project(4, 0, "x" * 120, "active", BUDGET_MAX, "{}", DATETIME3_MAX, "bob"),  # backfilled
        Project(
            2_147_000_000,
            11,
            "",
            "draft",
            Decimal("0.0001"),
            '{"nested": {"k": null}}',
            dt.datetime(2038, 1, 19, 3, 14, 8, 1000),
            "",
        ),  # backfilled
    )
    revisions = (
        Revision(1, 1, "user", "draft", Decimal("1000"), '{"theme": "light"}', "alice", ts, rec),
        Revision(1, 2, "user", "active", Decimal("1234.5678"), '{"theme": "dark"}', "alice", ts, rec),
        Revision(3, 1, "api", "archived", None, "{}", None, DATETIME3_MIN, rec),
        Revision(77, 1, "user", "active", Decimal("5"), "{}", "carol", ts, rec),  # project 77 was hard-deleted
    )
    t = dt.datetime(2025, 2, 1, 9, 0, 0, 123000)
    events = (
        Event(_uuid("e1"), 1, "created", None, "alice", DT64_3_MIN),
        Event(_uuid("e2"), 1, "budget_changed", Decimal("1234.5678"), "alice", t),
        Event(_uuid("e3"), 2, "created", None, "", t),
        Event(_uuid("e4"), 3, "budget_changed", -BUDGET_MAX, "🧪 api", DT64_3_MAX),
        Event(_uuid("e5"), 77, "archived", None, "carol", t),  # orphan: project 77 is gone
        Event(_uuid("e6"), 4, "edited", Decimal("0.0001"), "bob", t),
        Event(_uuid("e7"), 9999, "created", None, "", t),  # orphan event, also in the feed
    )
    return Shape(projects, revisions, events, in_feed=(1, 3, 6))  # e2, e4, e7 were double-written


def app_writes(engines: dict[str, Engine]) -> None:
    """After the migration (old code path): a user edits the first project that had no revision of its own,
    someone creates a project (id from AUTO_INCREMENT) with its first revision, and both events are logged
    and double-written to the feed."""
    my = engines["mysql"]
    cols = "project_id, revision_no, origin, status, budget, snapshot, author, created_at"
    my.execute(
        f"INSERT INTO project_revisions ({cols}) "
        "SELECT p.id, 1, 'user', p.status, p.budget, '{\"edited\": true}', 'dave', '2026-03-01 10:05:00.500' "
        "FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_revisions r "
        "WHERE r.project_id = p.id AND r.origin IN ('user', 'api')) ORDER BY p.id LIMIT 1"
    )
    my.execute(
        "INSERT INTO projects (account_id, name, status, budget, settings, created_at, created_by) "
        "VALUES (12, 'created after the migration', 'draft', 99.5, '{\"k\": 1}', '2026-03-01 10:00:00.250', 'erin')"
    )
    my.execute(
        f"INSERT INTO project_revisions ({cols}) "
        "SELECT id, 1, 'user', status, budget, settings, created_by, created_at FROM projects "
        "WHERE name = 'created after the migration'"
    )
    ch = engines["clickhouse"]
    t = dt.datetime(2026, 3, 1, 10, 5, 0, 500000)
    new = [
        Event(_uuid("app-1"), 1, "edited", None, "dave", t),
        Event(_uuid("app-2"), 77, "edited", Decimal("-1"), "", t),
    ]
    insert_rows(ch, "project_events", EVENT_COLUMNS, _rows(new, EVENT_COLUMNS))
    insert_rows(ch, "project_activity", ACTIVITY_COLUMNS, [(*_rows([e], ACTIVITY_COLUMNS[:-1])[0], "app") for e in new])


def bulk(engines: dict[str, Engine], scale: int) -> None:
    """Production-like volume inside the engines: a third of the projects have revisions, half the events
    are already in the feed."""
    projects = max(scale // 20, 1)
    my = engines["mysql"]
    my.execute(
        f"INSERT INTO projects ({', '.join(PROJECT_COLUMNS)}) "
        "SELECT n.i + 1, n.i % 97, CONCAT('project ', n.i), ELT(1 + n.i % 3, 'draft', 'active', 'archived'), "
        "IF(n.i % 5 = 0, NULL, (n.i % 100000) / 7), IF(n.i % 4 = 0, NULL, JSON_OBJECT('n', n.i)), "
        "TIMESTAMP('2023-01-01') + INTERVAL n.i SECOND, IF(n.i % 9 = 0, NULL, CONCAT('user-', n.i % 13)) "
        f"FROM {mysql_numbers(projects)} n"
    )
    my.execute(
        f"INSERT INTO project_revisions ({', '.join(REVISION_COLUMNS)}) "
        "SELECT id, 1, 'user', status, budget, '{}', created_by, created_at, '2025-01-01 00:00:00' "
        "FROM projects WHERE id % 3 = 0"
    )
    ch = engines["clickhouse"]
    event_id = uuid_from("clickhouse", "concat('ev-', toString(number))")
    ch.execute(
        f"INSERT INTO project_events ({', '.join(EVENT_COLUMNS)}) "
        f"SELECT {event_id}, toInt32(1 + number % {projects}), 1 + number % 4, "
        "if(number % 3 = 0, NULL, toDecimal64(number % 100000, 4)), '', "
        f"toDateTime64('2024-01-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(number) FROM numbers({scale})"
    )
    ch.execute(
        f"INSERT INTO project_activity ({', '.join(ACTIVITY_COLUMNS)}) "
        "SELECT event_id, project_id, kind, amount, occurred_at, 'app' FROM project_events "
        "WHERE cityHash64(event_id) % 2 = 0"
    )
