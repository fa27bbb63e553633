"""Generators: every edge case is reachable, and literals round-trip exactly through the real engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.generators import (
    DatasetShape,
    Nanos,
    dataset_shapes,
    fixed_dataset_shape,
    insert_rows,
    literal,
    profiles,
)
from migration_harness.generators import values as v
from migration_harness.generators.shapes import NAME_CHARS
from migration_harness.targets.local import LocalTarget

FIND = settings(max_examples=2000, database=None, phases=[Phase.generate], deadline=None)


def reachable(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> Any:
    return find(strategy, condition, settings=FIND)


# ---- edge cases are reachable --------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition",
    [
        pytest.param(lambda s: not s.datasets, id="no datasets"),
        pytest.param(lambda s: len({d.workspace_id for d in s.datasets}) < len(s.workspaces), id="empty workspace"),
        pytest.param(lambda s: any(n == 0 for n in _items_per_dataset(s).values()), id="dataset with 0 items"),
        pytest.param(lambda s: any(n == 1 for n in _items_per_dataset(s).values()), id="dataset with 1 item"),
        pytest.param(lambda s: any(n >= 3 for n in _items_per_dataset(s).values()), id="dataset with many items"),
        pytest.param(lambda s: bool(s.orphans()), id="item whose dataset does not exist"),
        pytest.param(lambda s: bool(s.revisions), id="unmerged duplicate item"),
        pytest.param(lambda s: any(d.created_by is None for d in s.datasets), id="NULL created_by"),
        pytest.param(lambda s: any(d.description is None for d in s.datasets), id="NULL description"),
        pytest.param(lambda s: any(len(d.name) == NAME_CHARS for d in s.datasets), id="maximum-length name"),
    ],
)
def test_shape_edge_cases_are_reachable(condition: Callable[[DatasetShape], bool]) -> None:
    reachable(dataset_shapes(), condition)


def _items_per_dataset(shape: DatasetShape) -> dict[str, int]:
    counts = {d.id: 0 for d in shape.datasets}
    for item in shape.latest_items().values():
        if item.dataset_id in counts:
            counts[item.dataset_id] += 1
    return counts


@pytest.mark.parametrize(
    ("strategy", "condition"),
    [
        (v.text(150), lambda s: len(s) == 150 and not s.isascii()),
        (v.text(150), lambda s: "'" in s),
        (v.text(150), lambda s: "\\" in s),
        (v.text(150), lambda s: any(ord(c) > 0xFFFF for c in s)),  # emoji: 4 bytes in utf8mb4
        (v.mysql_timestamps(), lambda t: t == v.MYSQL_TS_MIN),
        (v.mysql_timestamps(), lambda t: t == v.MYSQL_TS_MAX),
        (v.mysql_timestamps(), lambda t: t.microsecond % 1000 != 0),
        (v.clickhouse_nanos(), lambda n: n == v.CH_NANOS_MAX),
        (v.clickhouse_nanos(), lambda n: n < 0),
        (v.clickhouse_nanos(), lambda n: n % 1000 != 0),
        (v.uuids(), lambda u: u[14] == "7"),
    ],
)
def test_value_edge_cases_are_reachable(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> None:
    reachable(strategy, condition)


def test_text_respects_the_character_limit() -> None:
    @given(v.text(5, min_chars=1))
    @settings(max_examples=200, database=None)
    def check(s: str) -> None:
        assert 1 <= len(s) <= 5

    check()


def test_fixed_shape_is_deterministic_and_has_the_edge_cases() -> None:
    shape = fixed_dataset_shape()
    assert shape == fixed_dataset_shape()
    counts = _items_per_dataset(shape)
    assert {0, 1} <= set(counts.values()) and max(counts.values()) > 3
    assert any(d.created_by is None for d in shape.datasets)
    assert shape.orphans() and shape.revisions
    assert any(i.created_at % 1000 for i in shape.items)  # sub-microsecond digits
    assert any(d.created_at == v.MYSQL_TS_MIN for d in shape.datasets)
    assert len(shape.workspaces) > len({d.workspace_id for d in shape.datasets})  # an empty workspace
    stale = shape.revisions[-1]
    assert shape.latest_items()[stale.id] != stale  # an older write inserted later loses under FINAL


def test_reprs_are_short() -> None:
    shape = fixed_dataset_shape()
    assert len(repr(shape.datasets[3])) < 400  # the maximum-length one
    assert repr(Nanos.of(dt.datetime(2024, 1, 2, 3, 4, 5, 6), 7)) == "Nanos('2024-01-02 03:04:05.000006007')"


def test_profiles_are_registered_and_yield_to_the_users_choice() -> None:
    assert settings.get_profile(profiles.DEFAULT).deadline is None
    assert settings.get_profile(profiles.THOROUGH).max_examples > settings.get_profile(profiles.DEFAULT).max_examples
    assert HealthCheck.too_slow in settings.get_profile(profiles.DEFAULT).suppress_health_check


def test_literal_rejects_what_a_dialect_cannot_hold() -> None:
    with pytest.raises(ValueError):
        literal("mysql", Nanos(1))
    with pytest.raises(ValueError):
        literal("mysql", ["a"])
    with pytest.raises(ValueError):
        literal("clickhouse", float("nan"))
    assert literal("mysql", "a'b\\c") == "'a\\'b\\\\c'"


# ---- literals round-trip through the real engines -------------------------------------------------


@pytest.fixture(scope="module")
def engines(local_target: LocalTarget) -> Iterator[dict[str, Engine]]:
    mysql, ch = local_target.scratch("mysql", "gen"), local_target.scratch("clickhouse", "gen")
    mysql.execute("CREATE TABLE t (k INT PRIMARY KEY, s VARCHAR(150) NULL, ts TIMESTAMP(6) NULL, j JSON NULL)")
    ch.execute(
        "CREATE TABLE t (k UInt32, s Nullable(String), a Array(String), ts DateTime64(9, 'UTC')) "
        "ENGINE = MergeTree ORDER BY k"
    )
    yield {"mysql": mysql, "clickhouse": ch}
    local_target.release([mysql, ch])


ROUND_TRIP = settings(max_examples=15, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


@ROUND_TRIP
@given(rows=st.lists(st.tuples(v.nullable(v.text(150)), v.nullable(v.mysql_timestamps())), min_size=1, max_size=40))
def test_mysql_literals_round_trip(engines: dict[str, Engine], rows: list[tuple[Any, Any]]) -> None:
    mysql = engines["mysql"]
    mysql.execute("DELETE FROM t")
    insert_rows(mysql, "t", ["k", "s", "ts"], [(k, s, ts) for k, (s, ts) in enumerate(rows)], batch=16)
    assert mysql.query("SELECT s, ts FROM t ORDER BY k") == rows


@ROUND_TRIP
@given(
    rows=st.lists(
        st.tuples(v.nullable(v.text(150)), st.lists(v.text(20), max_size=3), v.clickhouse_nanos()),
        min_size=1,
        max_size=40,
    )
)
def test_clickhouse_literals_round_trip(engines: dict[str, Engine], rows: list[tuple[Any, Any, Nanos]]) -> None:
    ch = engines["clickhouse"]
    ch.execute("TRUNCATE TABLE t")
    insert_rows(ch, "t", ["k", "s", "a", "ts"], [(k, *row) for k, row in enumerate(rows)], batch=16)
    back = ch.query("SELECT s, a, toUnixTimestamp64Nano(ts) FROM t ORDER BY k")
    assert [(s, a, int(ts)) for s, a, ts in back] == [(s, a, int(ts)) for s, a, ts in rows]


def test_json_documents_round_trip_through_mysql_json(engines: dict[str, Engine]) -> None:
    mysql = engines["mysql"]
    doc = '{"q": "it\'s \\"x\\" \\\\ 🧪 \\u0000", "n": null}'
    mysql.execute("DELETE FROM t")
    insert_rows(mysql, "t", ["k", "j"], [(1, doc)])
    assert mysql.scalar("SELECT j FROM t") == doc
    assert mysql.scalar("SELECT JSON_VALUE(j, '$.q') FROM t") == 'it\'s "x" \\ 🧪 \x00'
