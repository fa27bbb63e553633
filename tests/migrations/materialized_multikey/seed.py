"""Seed module of the materialized_multikey migration (contract: docs/spec.md, "Seed module").

A shape is a list of INSERT batches into events_raw: the first batch holds the first version of every
event, each later batch one edit (its own INSERT, so the versions stay in separate, unmerged parts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.generators import literal
from migration_harness.generators import values as v

# raw_payload is EPHEMERAL (only feeds payload_hash); source and payload_hash have defaults.
COLUMNS = (
    "tenant_id",
    "event_id",
    "kind",
    "user_id",
    "price",
    "attrs",
    "tags",
    "raw_payload",
    "source",
    "occurred_at",
    "updated_at",
)
TS_MIN = dt.datetime(1900, 1, 1)
TS_MAX = dt.datetime(2299, 12, 31, 23, 59, 59, 999999)
PRICE_MAX = Decimal("999999999999.999999")
UINT64_MAX = 2**64 - 1


@dataclass(frozen=True)
class Event:
    tenant_id: str
    event_id: int
    kind: str
    user_id: int | None
    price: Decimal
    attrs: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    raw_payload: str
    source: str
    occurred_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Shape:
    batches: tuple[tuple[Event, ...], ...]


def _sql(column: str, value: object) -> str:
    if column == "attrs":  # Map(String, String): no generic literal for it
        return "map(" + ", ".join(f"{literal('clickhouse', k)}, {literal('clickhouse', x)}" for k, x in value) + ")"
    return literal("clickhouse", value)


def _row(e: Event, columns: tuple[str, ...]) -> str:
    return "(" + ", ".join(_sql(c, getattr(e, c)) for c in columns) + ")"


def _insert(ch: Engine, events: tuple[Event, ...] | list[Event], columns: tuple[str, ...] = COLUMNS) -> None:
    if events:
        ch.execute(
            f"INSERT INTO events_raw ({', '.join(columns)}) VALUES " + ", ".join(_row(e, columns) for e in events)
        )


def load(engines: dict[str, Engine], shape: Shape) -> None:
    for batch in shape.batches:
        _insert(engines["clickhouse"], batch)


# --- Hypothesis shapes ---------------------------------------------------------------------------------

_ts = st.datetimes(min_value=TS_MIN, max_value=TS_MAX - dt.timedelta(seconds=10))
_small_text = v.text(12)


@st.composite
def _event(draw: st.DrawFn, tenant: str, event_id: int, updated_at: dt.datetime) -> Event:
    return Event(
        tenant,
        event_id,
        draw(st.sampled_from(["click", "view", "purchase", ""])),
        draw(v.nullable(st.integers(0, UINT64_MAX))),
        draw(st.decimals(-PRICE_MAX, PRICE_MAX, places=6, allow_nan=False, allow_infinity=False)),
        tuple(sorted(draw(st.dictionaries(_small_text, _small_text, max_size=3)).items())),
        tuple(draw(st.lists(_small_text, max_size=3))),
        draw(_small_text),
        draw(st.sampled_from(["sdk", "api", "import"])),
        draw(st.one_of(st.just(TS_MIN), st.just(TS_MAX), _ts)),
        updated_at,
    )


@st.composite
def _shape(draw: st.DrawFn) -> Shape:
    tenants = st.sampled_from(["acme", "globex", "", "tenant 🧪"])
    keys = draw(st.lists(st.tuples(tenants, st.sampled_from([0, 1, 2, 7, UINT64_MAX])), max_size=8, unique=True))
    first, edits = [], []
    for tenant, event_id in keys:
        stamp = draw(_ts)
        first.append(draw(_event(tenant, event_id, stamp)))
        for n in range(draw(st.integers(0, 2))):  # later versions, strictly newer
            edits.append(draw(_event(tenant, event_id, stamp + dt.timedelta(seconds=1 + n, microseconds=1))))
    order = draw(st.permutations(edits)) if edits else []
    return Shape((tuple(first), *((e,) for e in order)))


def shapes() -> st.SearchStrategy[Shape]:
    return _shape()


def fixed_shape() -> Shape:
    t0 = dt.datetime(2025, 3, 1, 8, 0, 0, 123456)
    acme1 = Event(
        "acme", 1, "purchase", 42, Decimal("19.990000"), (("currency", "EUR"),), ("promo",), '{"v":1}', "sdk", t0, t0
    )
    first = (
        acme1,
        # same event id in another tenant: a different event
        Event("globex", 1, "view", None, Decimal("0"), (), (), "", "api", t0, t0),
        Event(
            "acme",
            2,
            "click",
            None,
            Decimal("-0.000001"),
            (("k'ey", "va\\lue"), ("emoji", "🚀")),
            ("a", "b", "O'Brien"),
            "x" * 1000,
            "sdk",
            TS_MIN,
            t0,
        ),
        Event(
            "globex", UINT64_MAX, "purchase", UINT64_MAX, PRICE_MAX, (("", ""),), ("",), "", "import", TS_MAX, TS_MAX
        ),
        Event("", 0, "", 0, -PRICE_MAX, (), ("日本語",), "payload", "sdk", dt.datetime(1970, 1, 1), TS_MIN),
        Event(
            "tenant 🧪",
            7,
            "refund",
            9,
            Decimal("-5.250000"),
            (("reason", "tab\tnew\nline"),),
            (),
            "r",
            "api",
            dt.datetime(2149, 6, 6, 23, 59, 59, 999999),
            t0,
        ),
    )
    # Edits, each its own INSERT (unmerged): acme/1 twice (the last one wins), globex/1 user removed -> NULL
    # kept, tenant 🧪/7 re-priced. The middle acme/1 edit is inserted last but is not the newest version.
    edits = (
        Event(
            "acme",
            1,
            "purchase",
            42,
            Decimal("17.500000"),
            (("currency", "EUR"), ("coupon", "SPRING")),
            ("promo", "edited"),
            '{"v":3}',
            "sdk",
            t0,
            t0 + dt.timedelta(hours=2),
        ),
        Event("globex", 1, "view", 77, Decimal("1.000000"), (), ("late",), "", "api", t0, t0 + dt.timedelta(minutes=5)),
        Event(
            "tenant 🧪",
            7,
            "refund",
            None,
            Decimal("-5.000000"),
            (),
            (),
            "r2",
            "api",
            dt.datetime(2149, 6, 6, 23, 59, 59, 999999),
            t0 + dt.timedelta(microseconds=1),
        ),
        Event(
            "acme",
            1,
            "purchase",
            42,
            Decimal("18.000000"),
            (("currency", "EUR"),),
            ("promo",),
            '{"v":2}',
            "sdk",
            t0,
            t0 + dt.timedelta(hours=1),
        ),
    )
    return Shape((first, *((e,) for e in edits)))


def app_writes(engines: dict[str, Engine]) -> None:
    """After the migration the ingest keeps writing events_raw: a new event (defaults: source, payload_hash)
    and a new version of acme/1."""
    now = dt.datetime(2026, 4, 1, 12, 0, 0, 654321)
    ch = engines["clickhouse"]
    new = Event("acme", 1000, "view", None, Decimal("0.5"), (("via", "app"),), ("after",), "", "", now, now)
    _insert(
        ch, [new], ("tenant_id", "event_id", "kind", "user_id", "price", "attrs", "tags", "occurred_at", "updated_at")
    )
    edit = Event("acme", 1, "purchase", 42, Decimal("16"), (), (), '{"v":4}', "sdk", now, now)
    _insert(ch, [edit])


def bulk(engines: dict[str, Engine], scale: int) -> None:
    """Production-like volume inside the engine: ids repeat across 5 tenants, every 10th event edited once."""
    select = (
        "SELECT ['acme', 'globex', 'initech', 'umbrella', ''][1 + n % 5], intDiv(n, 5), ['click', 'view'][1 + n % 2], "
        "if(n % 7 = 0, NULL, n % 1000), toDecimal64(n % 100000, 6) / 100, map('n', toString(n)), "
        "arrayMap(x -> toString(x), range(n % 3)), toString(n), 'sdk', "
        "toDateTime64('2024-01-01 00:00:00', 6, 'UTC') + toIntervalSecond(n), "
        "toDateTime64('2025-01-01 00:00:00', 6, 'UTC') + toIntervalMicrosecond({bump}) "
        "FROM (SELECT number AS n FROM numbers({scale})) {where}"
    )
    ch = engines["clickhouse"]
    head = f"INSERT INTO events_raw ({', '.join(COLUMNS)}) "
    ch.execute(head + select.format(bump="n", scale=scale, where=""))
    ch.execute(head + select.format(bump="n + 1000000", scale=scale, where="WHERE n % 10 = 0"))
