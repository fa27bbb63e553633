"""Generators: types parse, every edge value is reachable and round-trips exactly through the real engines,
shapes respect the schema's keys and relations, and a shape prints as a table of rows."""

from __future__ import annotations

import datetime as dt
import random
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.errors import HarnessError
from migration_harness.generators import (
    GeneratedSeed,
    edges,
    insert_rows,
    literal,
    parse_clickhouse,
    parse_mysql,
    profiles,
    realistic,
    strategy,
)
from migration_harness.generators.build import unique_key
from migration_harness.generators.columns import boundaries
from migration_harness.generators.dialect_sql import ClickHouseDataSQL, MySQLDataSQL
from migration_harness.runs import MigrationRun
from migration_harness.spec import load_spec
from migration_harness.targets.local import LocalTarget

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROUND_TRIP = settings(max_examples=10, deadline=None, database=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip


def test_types_parse_with_their_ranges() -> None:
    t = parse_clickhouse("Map(String, Nullable(Decimal(18, 6)))")
    assert t.kind == "map" and t.items[1].nullable and t.items[1].scale == 6
    named = parse_clickhouse("Tuple(country String, city Nullable(String))")
    assert named.names == ("country", "city") and named.items[1].nullable
    assert parse_clickhouse("Enum8('a' = 1, 'b' = 2)").values == ("a", "b")
    assert parse_clickhouse("LowCardinality(Nullable(String))").low_cardinality
    assert parse_mysql("bigint(20) unsigned", False).hi == 2**64 - 1
    assert parse_mysql("enum('draft','active')", True).values == ("draft", "active")
    assert parse_mysql("char(36)", False).kind == "uuid"
    assert (parse_mysql("bit(1)", False).kind, parse_mysql("bit(5)", False).hi) == ("bool", 31)


def test_edge_values_per_type() -> None:
    assert edges(parse_mysql("varchar(5)", True))[0] is None
    assert any(len(e) == 5 and not e.isascii() for e in edges(parse_mysql("varchar(5)", False)) if e)
    assert "O'Brien" in "".join(e for e in edges(parse_clickhouse("String")))
    dt64 = [e % 10**9 for e in edges(parse_clickhouse("DateTime64(9, 'UTC')"))]
    assert any(e % 1000 for e in dt64)  # sub-microsecond digits
    assert {-(2**7), 2**7 - 1} <= set(edges(parse_clickhouse("Int8")))
    assert "unknown" in edges(parse_clickhouse("Enum8('unknown' = 0, 'sdk' = 1)"))
    assert "::ffff:192.0.2.1" in edges(parse_mysql("inet6", False))  # an IPv4 address as INET6 holds it
    clock = parse_mysql("time(3)", False)
    assert "23:59:59.999" in edges(clock) and find(strategy(clock), lambda v: _fraction(v) not in ("", "0"))


def test_literal_rejects_what_a_dialect_cannot_hold() -> None:
    with pytest.raises(ValueError):
        literal("mysql", ["a"])
    assert literal("mysql", "a'b\\c") == "'a\\'b\\\\c'"


def test_profiles_are_registered() -> None:
    assert settings.get_profile(profiles.DEFAULT).deadline is None


# ---- on real engines ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def order_events(local_target: LocalTarget) -> Iterator[tuple[GeneratedSeed, MigrationRun]]:
    """The no-Python example at its baseline, with the generated seed that read its schema."""
    spec = load_spec(EXAMPLES / "order_events" / "spec.toml")
    engines = {kind: local_target.scratch(kind, "gen") for kind in spec.databases}
    run = MigrationRun(spec, engines)
    run.apply_baseline()
    for kind, engine in engines.items():  # as a harness run does: no background merge may collapse versions
        engine.production_like(spec.databases[kind].migration_settings)
    seed = GeneratedSeed(spec)
    seed.learn(engines)
    yield seed, run
    local_target.release(list(engines.values()))


def _clear(engines: dict[str, Engine]) -> None:
    engines["mysql"].execute("SET FOREIGN_KEY_CHECKS = 0")
    for table in ("orders", "customers"):
        engines["mysql"].execute(f"DELETE FROM {table}")
    engines["mysql"].execute("SET FOREIGN_KEY_CHECKS = 1")
    engines["clickhouse"].execute("TRUNCATE TABLE page_views")


def test_fixed_shape_round_trips_and_has_the_structure(order_events: tuple[GeneratedSeed, MigrationRun]) -> None:
    seed, run = order_events
    engines = run.engines
    shape = seed.fixed_shape()
    assert shape == seed.fixed_shape()  # deterministic
    _clear(engines)
    seed.load(engines, shape)
    orders = shape.rows("mysql.orders")
    assert int(engines["mysql"].scalar("SELECT COUNT(*) FROM orders")) == len(orders)
    assert any(o["customer_id"] is None for o in orders)  # guest orders
    totals = {str(r[0]) for r in engines["mysql"].query("SELECT total FROM orders")}
    assert {"9999999999.99", "-9999999999.99", "0.01"} <= totals  # DECIMAL(12, 2) limits
    views = engines["clickhouse"]
    raw, final = views.scalar("SELECT count() FROM page_views"), views.scalar("SELECT count() FROM page_views FINAL")
    assert int(raw) > int(final)  # unmerged versions
    assert int(views.scalar("SELECT countIf(empty(props)) FROM page_views")) > 0
    assert int(views.scalar("SELECT uniqExact(site) FROM page_views")) >= 2  # several groups
    assert int(views.scalar("SELECT count() FROM page_views WHERE toString(viewed_at) LIKE '2299-12-31%'")) == 1
    assert "mysql.orders:" in repr(shape) and "newer version" in repr(shape) and "stale version" in repr(shape)


@ROUND_TRIP
@given(data=st.data())
def test_generated_shapes_load_into_both_engines(order_events: tuple[GeneratedSeed, MigrationRun], data: Any) -> None:
    seed, run = order_events
    shape = data.draw(seed.shapes())
    _clear(run.engines)
    seed.load(run.engines, shape)
    for table in ("mysql.orders", "clickhouse.page_views"):
        kind, name = table.split(".")
        stored = int(run.engines[kind].scalar(f"SELECT COUNT(*) FROM {name}"))
        assert stored == len(shape.rows(table))
    plan = seed.model.plan("mysql.customers")
    keys = [unique_key(plan, r, ("email",)) for r in shape.rows("mysql.customers")]
    assert len(keys) == len(set(keys))


def test_bulk_volume_is_generated_in_the_engines(order_events: tuple[GeneratedSeed, MigrationRun]) -> None:
    seed, run = order_events
    _clear(run.engines)
    seed.bulk(run.engines, 2000)
    ch = run.engines["clickhouse"]
    assert int(ch.scalar("SELECT count() FROM page_views")) > int(ch.scalar("SELECT count() FROM page_views FINAL"))
    # Parents hold the scale too: a batched UPDATE of a parent table must reach its batch size.
    assert int(run.engines["mysql"].scalar("SELECT COUNT(*) FROM orders")) == 2000


@pytest.fixture(scope="module")
def engines(local_target: LocalTarget) -> Iterator[dict[str, Engine]]:
    mysql = local_target.scratch("mysql", "gen")
    mysql.execute("CREATE TABLE t (k INT PRIMARY KEY, j JSON NULL)")
    mysql.execute("CREATE TABLE clock (k INT PRIMARY KEY, at TIME(3) NULL)")
    yield {"mysql": mysql}
    local_target.release([mysql])


def test_json_documents_round_trip_through_mysql_json(engines: dict[str, Engine]) -> None:
    mysql = engines["mysql"]
    doc = '{"q": "it\'s \\"x\\" \\\\ 🧪 \\u0000", "n": null}'
    insert_rows(mysql, "t", ["k", "j"], [(1, doc)])
    assert mysql.scalar("SELECT j FROM t") == doc


@settings(ROUND_TRIP)
@given(data=st.data())
def test_time_values_keep_the_fraction_the_column_keeps(engines: dict[str, Engine], data: Any) -> None:
    """A copy into TIME (no fraction) of a TIME(3) column cuts every value's milliseconds: only values with a
    fraction show it, so the edges, shapes, realistic rows and bulk volume must all have one."""
    mysql, t = engines["mysql"], parse_mysql("time(3)", True)
    rnd, fake = random.Random(7), Faker()
    drawn = data.draw(st.lists(strategy(t, allow_null=False), min_size=5, max_size=5))
    made = [*edges(t)[1:], *drawn, *(realistic(t, "at", fake, rnd) for _ in range(5))]
    mysql.execute("DELETE FROM clock")
    insert_rows(mysql, "clock", ["k", "at"], list(enumerate(made)))
    stored = [v for (v,) in mysql.query("SELECT CAST(at AS CHAR) FROM clock ORDER BY k")]
    assert list(map(_fraction, stored)) == list(map(_fraction, made))  # nothing rounded or cut
    fixed = [*edges(t)[1:], *made[-5:]]
    assert sum("." in m and not m.endswith(".000") for m in fixed) >= len(fixed) - 3
    bulk = MySQLDataSQL().value(t, "123456", "at")
    assert _fraction(mysql.scalar(f"SELECT CAST(CAST({bulk} AS TIME(3)) AS CHAR)")) not in ("", "0")


def test_bulk_time_columns_of_a_row_differ(local_target: LocalTarget) -> None:
    """A session's start and end were the same instant in every bulk row, so a duration computed in minutes
    instead of seconds was 0 either way and went unseen at volume."""
    mysql, ch = local_target.scratch("mysql", "apart"), local_target.scratch("clickhouse", "apart")
    for engine, dialect, types in (
        (mysql, MySQLDataSQL(), [parse_mysql("datetime(6)", False), parse_mysql("date", False)]),
        (ch, ClickHouseDataSQL(), [parse_clickhouse("DateTime64(3, 'UTC')"), parse_clickhouse("Date")]),
    ):
        for t in types:
            start, end = (dialect.value(t, "n", name) for name in ("started_at", "ended_at"))
            rows = f"SELECT {start} AS s, {end} AS e FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) x"
            assert engine.scalar(f"SELECT SUM(s = e) FROM ({rows}) y") == 0, (engine.dialect, t.raw)
    local_target.release([mysql, ch])


def _fraction(clock: str) -> str:
    return clock.partition(".")[2].rstrip("0")


def test_a_deleted_flag_gets_only_the_values_final_accepts(local_target: LocalTarget, tmp_path: Path) -> None:
    """ReplacingMergeTree(version, is_deleted) refuses any flag but 0 and 1 under FINAL (INCORRECT_DATA): the
    generated data holds both, and nothing else, in the fixed shape, the Hypothesis shapes and bulk."""
    (tmp_path / "ch.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\nCREATE TABLE stock (sku String, qty Int32, version UInt64, "
        "is_deleted UInt8) ENGINE = ReplacingMergeTree(version, is_deleted) ORDER BY sku;\n"
        "--rollback DROP TABLE stock;\n"
        "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "spec.toml").write_text(
        '[databases.clickhouse]\nchangelog = "ch.sql"\nmigration = ["t:m"]\n\n[generate]\n\n'
        '[[mappings]]\nname = "m"\ndatabase = "clickhouse"\nsource = "stock"\ntarget = "stock"\nkey = { sku = "sku" }\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    engines = {"clickhouse": local_target.scratch("clickhouse", "deleted")}
    try:
        MigrationRun(spec, engines).apply_baseline()
        seed, ch = GeneratedSeed(spec), engines["clickhouse"]
        seed.learn(engines)

        def flags_after(load: Any) -> set[int]:
            ch.execute("TRUNCATE TABLE stock")
            load()
            ch.query("SELECT count() FROM stock FINAL")  # refused with any other flag
            return {int(v) for (v,) in ch.query("SELECT DISTINCT is_deleted FROM stock")}

        @settings(max_examples=5, deadline=None, database=None)
        @given(shape=seed.shapes())
        def generated(shape: Any) -> None:
            assert flags_after(lambda: seed.load(engines, shape)) <= {0, 1}

        generated()
        assert flags_after(lambda: seed.bulk(engines, 500)) <= {0, 1}
        assert flags_after(lambda: seed.load(engines, seed.fixed_shape())) == {0, 1}  # a deleted row too
    finally:
        local_target.release(list(engines.values()))


def test_bulk_keys_stay_unique_and_collapsing_states_get_cancelled(local_target: LocalTarget, tmp_path: Path) -> None:
    """Bulk volume could not be written where a primary key is a column a mapping groups by (every row one of
    two values) or a narrow text column beside a parent's id (CHAR(3): every row 'acc'); a CollapsingMergeTree
    held no cancelling row, so a copy that keeps cancelled states looked right at volume."""
    (tmp_path / "my.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\n"
        "CREATE TABLE accounts (id CHAR(36) PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
        "CREATE TABLE limits (account_id CHAR(36) NOT NULL, currency CHAR(3) NOT NULL, PRIMARY KEY (account_id, "
        "currency), FOREIGN KEY (account_id) REFERENCES accounts (id));\n"
        "CREATE TABLE hours (account_id CHAR(36) NOT NULL, weekday TINYINT NOT NULL, logins SMALLINT NOT NULL "
        "DEFAULT 1, PRIMARY KEY (account_id, weekday), FOREIGN KEY (account_id) REFERENCES accounts (id), "
        "CHECK (weekday BETWEEN 1 AND 7));\n"
        "--rollback DROP TABLE hours; DROP TABLE limits; DROP TABLE accounts;\n"
        "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "ch.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\nCREATE TABLE states (k UInt64, v String, sign Int8) "
        "ENGINE = CollapsingMergeTree(sign) ORDER BY k;\n--rollback DROP TABLE states;\n"
        "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "spec.toml").write_text(
        '[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n'
        '[databases.clickhouse]\nchangelog = "ch.sql"\nmigration = ["t:m"]\n\n[generate]\n\n'
        '[[mappings]]\nname = "a"\ndatabase = "mysql"\nsource = "accounts"\ntarget = "accounts"\n'
        'key = { id = "id" }\ngroup_by = { id = "id" }\n\n'
        '[[mappings]]\nname = "s"\ndatabase = "clickhouse"\nsource = "states"\nsource_read = "FINAL"\n'
        'target = "states"\nkey = { k = "k" }\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    engines = {kind: local_target.scratch(kind, "bulkkeys") for kind in ("mysql", "clickhouse")}
    try:
        MigrationRun(spec, engines).apply_baseline()
        seed = GeneratedSeed(spec)
        seed.learn(engines)
        seed.bulk(engines, 1000)  # refused with a duplicate key before
        mysql, ch = engines["mysql"], engines["clickhouse"]
        assert int(mysql.scalar("SELECT COUNT(DISTINCT id) FROM accounts")) == 1000  # parents hold the scale too
        assert int(mysql.scalar("SELECT COUNT(DISTINCT currency) FROM limits")) > 2
        # No column of (account, weekday 1..7) tells 1000 rows apart: each combination once, a parent's together.
        weekdays = int(mysql.scalar("SELECT COUNT(DISTINCT weekday) FROM hours"))
        assert int(mysql.scalar("SELECT COUNT(*) FROM hours")) == 1000 and weekdays > 1
        assert int(mysql.scalar("SELECT MAX(n) FROM (SELECT COUNT(*) n FROM hours GROUP BY account_id) x")) == weekdays
        assert int(mysql.scalar("SELECT COUNT(*) FROM hours WHERE logins = 1")) >= 200  # the DEFAULT, a row in 5
        assert int(ch.scalar("SELECT countIf(sign = -1) FROM states")) == 50  # every 20th of 1000
    finally:
        local_target.release(list(engines.values()))


def test_a_column_of_a_type_it_cannot_make_is_left_to_its_default_or_named(
    local_target: LocalTarget, tmp_path: Path
) -> None:
    """MariaDB's GEOMETRY has no generator: with a default or NULL allowed the column is left out (the server
    fills it); NOT NULL without a default is one error naming the column and the spec key that fixes it."""
    (tmp_path / "my.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\nCREATE TABLE places (id INT PRIMARY KEY, "
        "spot POINT NULL, area POLYGON NOT NULL);\n--rollback DROP TABLE places;\n"
        "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "spec.toml").write_text(
        '[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n\n[generate]\n\n'
        '[[mappings]]\nname = "m"\ndatabase = "mysql"\nsource = "places"\ntarget = "places"\nkey = { id = "id" }\n'
    )
    engines = {"mysql": local_target.scratch("mysql", "unknown types")}
    try:
        MigrationRun(load_spec(tmp_path / "spec.toml"), engines).apply_baseline()
        with pytest.raises(HarnessError, match=r"type polygon for mysql places\.area \(NOT NULL, no default\).*"
                                                r'"places\.area" = \{ values'):  # fmt: skip
            GeneratedSeed(load_spec(tmp_path / "spec.toml")).learn(engines)
        polygon = "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))')"
        engines["mysql"].execute(f"ALTER TABLE places MODIFY area POLYGON NOT NULL DEFAULT ({polygon})")
        seed = GeneratedSeed(load_spec(tmp_path / "spec.toml"))
        seed.learn(engines)
        seed.load(engines, seed.fixed_shape())
        counts = engines["mysql"].query("SELECT COUNT(*), COUNT(spot), COUNT(area) FROM places")[0]
        assert counts[0] > 0 and counts[1] == 0 and counts[2] == counts[0]
    finally:
        local_target.release(list(engines.values()))


@pytest.mark.parametrize("added_later", [False, True], ids=["filter on the old schema", "filter on a new column"])
def test_application_rows_of_a_target_never_look_migrated(
    local_target: LocalTarget, tmp_path: Path, added_later: bool
) -> None:
    """The application's rows in a table the migration copies into are not migrated rows: generated rows the
    mapping's target_filter counts (legacy_id set) are left out, with the rows that belong to them; rows
    the filter cannot judge before the migration (it names a column the migration adds) all stay."""
    (tmp_path / "my.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\n"
        "CREATE TABLE old_notes (id INT PRIMARY KEY, body VARCHAR(20) NOT NULL);\n"
        "CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, legacy_id INT NULL, body VARCHAR(20) NOT NULL);\n"
        "CREATE TABLE likes (id INT PRIMARY KEY, note_id INT NOT NULL, FOREIGN KEY (note_id) REFERENCES notes (id));\n"
        "--rollback DROP TABLE likes; DROP TABLE notes; DROP TABLE old_notes;\n"
        "--changeset t:m\nALTER TABLE notes ADD COLUMN origin VARCHAR(9) NOT NULL DEFAULT 'app';\n"
        "--rollback ALTER TABLE notes DROP COLUMN origin;\n"
    )
    condition = "origin = 'migration'" if added_later else "legacy_id IS NOT NULL"
    (tmp_path / "spec.toml").write_text(
        '[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n\n[generate]\n\n'
        '[[mappings]]\nname = "m"\ndatabase = "mysql"\nsource = "old_notes"\ntarget = "notes"\n'
        f'target_filter = "{condition}"\nkey = {{ legacy_id = "id" }}\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    engines = {"mysql": local_target.scratch("mysql", "app rows")}
    try:
        MigrationRun(spec, engines).apply_baseline()
        seed, my = GeneratedSeed(spec), engines["mysql"]
        seed.learn(engines)

        def counts(shape: Any) -> tuple[int, int, int]:
            for table in ("likes", "notes", "old_notes"):
                my.execute(f"DELETE FROM {table}")
            seed.load(engines, shape)
            notes, legacy = my.query("SELECT COUNT(*), COUNT(legacy_id) FROM notes")[0]
            return int(notes), int(legacy), int(my.scalar("SELECT COUNT(*) FROM likes"))

        fixed = seed.fixed_shape()
        generated = len(fixed.rows("mysql.notes"))
        assert sum(r.get("legacy_id") is not None for r in fixed.rows("mysql.notes")) > 0  # the shape has such rows
        notes, legacy, likes = counts(fixed)
        if added_later:
            assert (notes, likes) == (generated, len(fixed.rows("mysql.likes")))
        else:
            assert legacy == 0 and 0 < notes < generated and likes > 0

        @settings(max_examples=5, deadline=None, database=None)
        @given(shape=seed.shapes())
        def any_shape(shape: Any) -> None:
            assert counts(shape)[1] == 0 or added_later  # and every like still has its note (a foreign key)

        any_shape()
    finally:
        local_target.release(list(engines.values()))


def test_a_key_a_filter_picks_one_row_of_repeats_in_the_data(local_target: LocalTarget, tmp_path: Path) -> None:
    """A mapping's key is unique in the generated source, unless its filter chooses one row among the source's
    own (a deduplication: one canonical user per e-mail address); then the fixed shape holds addresses several
    users share, so which one is chosen is tested."""
    (tmp_path / "my.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\nCREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(99) "
        "NOT NULL, KEY (email));\n--rollback DROP TABLE users;\n--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    mapping = (
        '[[mappings]]\nname = "m"\ndatabase = "mysql"\nsource = "users"\ntarget = "users"\nkey = { email = "email" }\n'
    )
    picked = 'source_filter = "id = (SELECT MIN(u2.id) FROM users u2 WHERE u2.email = users.email)"\n'
    by_id = mapping.replace('key = { email = "email" }', 'key = { id = "id" }') + picked  # the compared column repeats
    engines = {"mysql": local_target.scratch("mysql", "dedup")}
    try:
        shared = []
        for spec_text in (mapping, mapping + picked, by_id):
            (tmp_path / "spec.toml").write_text(
                f'[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n\n[generate]\n\n{spec_text}'
            )
            spec = load_spec(tmp_path / "spec.toml")
            engines["mysql"].execute("DROP TABLE IF EXISTS users")
            engines["mysql"].execute("DROP TABLE IF EXISTS DATABASECHANGELOG")
            MigrationRun(spec, engines).apply_baseline()
            seed = GeneratedSeed(spec)
            seed.learn(engines)
            seed.load(engines, seed.fixed_shape())
            sql = "SELECT COUNT(*) - COUNT(DISTINCT email) FROM users"
            shared.append(engines["mysql"].scalar(sql))
        assert shared[0] == 0 and shared[1] > 0 and shared[2] > 0, shared
    finally:
        local_target.release(list(engines.values()))


def test_a_column_a_check_constrains_takes_only_values_the_database_accepts(
    local_target: LocalTarget, tmp_path: Path
) -> None:
    """A status limited to a list, a quantity kept in a range, a price kept positive: the fixed shape, the
    Hypothesis shapes and the bulk volume load (they failed on the first row before), each value one the
    database accepts; a format only a pattern makes is one error naming the constraint and what to declare."""
    table = (
        "CREATE TABLE products (id INT PRIMARY KEY, status VARCHAR(10) NOT NULL, qty INT NULL, price DECIMAL(8,2) "
        "NOT NULL, sku VARCHAR(12) NOT NULL, CONSTRAINT chk_status CHECK (status IN ('active', 'it''s gone')), "
        "CONSTRAINT chk_qty CHECK (qty BETWEEN 0 AND 500), CONSTRAINT chk_price CHECK (price >= 0)"
    )
    spec_text = '[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n\n[generate]\n'
    engines = {"mysql": local_target.scratch("mysql", "checked")}
    try:
        for extra, pattern in (("", ""), (", CONSTRAINT chk_sku CHECK (sku REGEXP '^[A-Z]{3}-[0-9]+$')", "chk_sku")):
            (tmp_path / "my.sql").write_text(
                f"--liquibase formatted sql\n--changeset t:base\n{table}{extra});\n--rollback DROP TABLE products;\n"
                "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
            )
            (tmp_path / "spec.toml").write_text(spec_text)
            spec = load_spec(tmp_path / "spec.toml")
            engines["mysql"].execute("DROP TABLE IF EXISTS products")
            engines["mysql"].execute("DROP TABLE IF EXISTS DATABASECHANGELOG")
            MigrationRun(spec, engines).apply_baseline()
            seed = GeneratedSeed(spec)
            if pattern:
                with pytest.raises(HarnessError, match=r"products\.sku must satisfy chk_sku CHECK .*values = \["):
                    seed.learn(engines)
                continue
            seed.learn(engines)
            seed.load(engines, seed.fixed_shape())
            statuses = {v for (v,) in engines["mysql"].query("SELECT DISTINCT status FROM products")}
            assert statuses == {"active", "it's gone"}
            assert engines["mysql"].scalar("SELECT COUNT(*) FROM products WHERE qty IN (0, 500)") > 0  # the bounds

            load = seed.load

            @settings(max_examples=10, deadline=None, database=None)
            @given(shape=seed.shapes())
            def generated(shape: Any) -> None:
                engines["mysql"].execute("DELETE FROM products")
                load(engines, shape)  # noqa: B023 - called before the loop goes on

            generated()
            engines["mysql"].execute("DELETE FROM products")
            seed.bulk(engines, 300)
            assert engines["mysql"].scalar("SELECT COUNT(*) FROM products") > 0
    finally:
        local_target.release(list(engines.values()))


def learned_seed(tmp_path: Path, engines: dict[str, Engine], kind: str, table_ddl: str) -> GeneratedSeed:
    """A ``[generate]`` seed learned from a baseline of one table (``table_ddl``) applied to ``engines``."""
    (tmp_path / "base.sql").write_text(
        f"--liquibase formatted sql\n--changeset t:base\n{table_ddl};\n--rollback SELECT 1;\n"
        "--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "spec.toml").write_text(
        f'[databases.{kind}]\nchangelog = "base.sql"\nmigration = ["t:m"]\n\n[generate]\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    MigrationRun(spec, engines).apply_baseline()
    seed = GeneratedSeed(spec)
    seed.learn(engines)
    return seed


def test_a_clickhouse_check_constraint_is_satisfied_too(local_target: LocalTarget, tmp_path: Path) -> None:
    """ClickHouse keeps its CONSTRAINT ... CHECK in the table's definition only: read from there, the same
    way (an ASSUME constraint is not enforced and constrains nothing)."""
    engines = {"clickhouse": local_target.scratch("clickhouse", "checked")}
    try:
        seed = learned_seed(tmp_path, engines, "clickhouse", (
            "CREATE TABLE readings (id UInt32, v Int32, s String, CONSTRAINT c_v CHECK v BETWEEN 0 AND 9, "
            "CONSTRAINT c_s CHECK s IN ('a', 'it''s'), CONSTRAINT a_id ASSUME id > 5) ENGINE = MergeTree ORDER BY id"
        ))  # fmt: skip
        seed.load(engines, seed.fixed_shape())  # refused (VIOLATED_CONSTRAINT) before
        seed.bulk(engines, 200)
        ch = engines["clickhouse"]
        assert {v for (v,) in ch.query("SELECT DISTINCT s FROM readings")} == {"a", "it's"}
        assert ch.scalar("SELECT min(id) FROM readings") <= 5  # ASSUME is no constraint on the data
    finally:
        local_target.release(list(engines.values()))


@pytest.mark.parametrize("kind", ["mysql", "clickhouse"])
def test_rows_a_check_over_several_columns_refuses_are_mended(
    local_target: LocalTarget, tmp_path: Path, kind: str
) -> None:
    """``ends_at > starts_at`` and ``seats <= max_seats`` refused most generated rows and stopped every run; rows
    are now mended as the database judges them (values swapped, copied, a nullable one NULL) in the fixed shape,
    Hypothesis shapes and bulk volume, keeping the edge values."""
    ddl = {
        "mysql": "CREATE TABLE subs (id INT PRIMARY KEY, starts_at DATETIME NOT NULL, ends_at DATETIME NULL, "
        "seats INT NOT NULL, max_seats INT NOT NULL, CONSTRAINT c_end CHECK (ends_at IS NULL OR ends_at > starts_at), "
        "CONSTRAINT c_seats CHECK (seats <= max_seats))",
        "clickhouse": "CREATE TABLE subs (id UInt32, starts_at DateTime, ends_at Nullable(DateTime), seats Int32, "
        "max_seats Int32, CONSTRAINT c_end CHECK ends_at IS NULL OR ends_at > starts_at, "
        "CONSTRAINT c_seats CHECK seats <= max_seats) ENGINE = MergeTree ORDER BY id",
    }[kind]
    engines = {kind: local_target.scratch(kind, "joint")}
    try:
        seed = learned_seed(tmp_path, engines, kind, ddl)
        db = engines[kind]
        seed.load(engines, seed.fixed_shape())  # refused before
        assert db.scalar("SELECT COUNT(*) FROM subs") >= 8
        assert db.scalar("SELECT MAX(seats) FROM subs") == 2**31 - 1  # the edges are still there

        @settings(max_examples=10, deadline=None, database=None)
        @given(shape=seed.shapes())
        def any_shape(shape: Any) -> None:
            db.execute("TRUNCATE TABLE subs")
            seed.load(engines, shape)

        any_shape()
        db.execute("TRUNCATE TABLE subs")
        seed.bulk(engines, 300)
        assert db.scalar("SELECT COUNT(*) FROM subs") > 0
        refused = "SELECT COUNT(*) FROM subs WHERE ends_at <= starts_at OR seats > max_seats"
        assert db.scalar(refused) == 0
    finally:
        local_target.release(list(engines.values()))


def test_the_arrays_of_a_nested_structure_have_one_length_per_row(local_target: LocalTarget, tmp_path: Path) -> None:
    """ClickHouse refuses a row whose ``props.key`` and ``props.value`` differ in length (SIZES_OF_ARRAYS_DONT_MATCH):
    the fixed shape, Hypothesis shapes with their later versions, and bulk load."""
    engines = {"clickhouse": local_target.scratch("clickhouse", "nested")}
    try:
        seed, ch = learned_seed(tmp_path, engines, "clickhouse", (
            "CREATE TABLE events (id UInt64, v UInt32, props Nested(key LowCardinality(String), value String), "
            "tags Array(String)) ENGINE = ReplacingMergeTree(v) ORDER BY id"
        )), engines["clickhouse"]  # fmt: skip
        seed.load(engines, seed.fixed_shape())
        assert ch.scalar("SELECT countIf(length(props.key) > 0) FROM events") > 0  # not all cut to nothing

        @settings(max_examples=15, deadline=None, database=None)
        @given(shape=seed.shapes())
        def generated(shape: Any) -> None:
            ch.execute("TRUNCATE TABLE events")
            seed.load(engines, shape)

        generated()
        seed.bulk(engines, 300)
    finally:
        local_target.release(list(engines.values()))


@pytest.mark.parametrize(
    ("declared", "largest"),
    [
        ("decimal(65,30)", "99999999999999999999999999999999999.999999999999999999999999999999"),
        ("float(7,3) unsigned", "9999.999"),
        ("double(5,2)", "999.99"),
    ],
)
def test_wide_decimals_and_bounded_floats_store_their_edges_exactly(
    engines: dict[str, Engine], declared: str, largest: str
) -> None:
    """DECIMAL(65,30)'s largest value was rounded by Python's 28-digit default context (past the column) and
    FLOAT(7,3)'s edge was float32's largest, which the column refuses: the edges now load as they are, and
    Hypothesis stays inside the column too."""
    mysql = engines["mysql"]
    t = parse_mysql(declared, True)
    mysql.execute("DROP TABLE IF EXISTS wide")
    mysql.execute(f"CREATE TABLE wide (k INT PRIMARY KEY, v {declared} NULL)")
    insert_rows(mysql, "wide", ["k", "v"], list(enumerate(edges(t))))
    assert mysql.scalar(f"SELECT CAST(MAX(v) AS CHAR) = {largest!r} FROM wide") == 1
    assert (mysql.scalar("SELECT MIN(v) FROM wide") >= 0) == t.unsigned
    values = find(st.lists(strategy(t), min_size=5, unique_by=repr), lambda vs: len(vs) >= 5)
    insert_rows(mysql, "wide", ["k", "v"], [(100 + i, v) for i, v in enumerate(values)])


def test_a_simple_aggregate_column_is_generated_as_its_type() -> None:
    t = parse_clickhouse("SimpleAggregateFunction(max, UInt32)")
    assert (t.kind, t.hi) == ("int", 2**32 - 1)


def test_the_longest_text_of_a_huge_column_is_not_built_in_full() -> None:
    """A LONGTEXT's maximum (a billion characters) was built as an edge and as a Hypothesis draw before being
    cut to the 1,200 characters generated at most: gigabytes per row, a minute of a run in memory copies."""
    for declared in ("longtext", "mediumtext", "longblob"):
        t = parse_mysql(declared, False)
        tracemalloc.start()
        try:
            longest = max((e for e in edges(t) if isinstance(e, str)), key=len)
            drawn = find(strategy(t), lambda s: len(s) > 1000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 50_000_000, (declared, peak)  # a LONGTEXT's edge alone was over 2 GB
        assert len(longest) == len(drawn) == 1200, declared


def test_variant_and_geo_types_are_generated_as_what_they_hold() -> None:
    variant = parse_clickhouse("Variant(String, UInt64)")
    assert variant.kind == "variant" and variant.nullable and {type(e) for e in edges(variant)} >= {str, int}
    assert parse_clickhouse("Point").items == parse_clickhouse("Tuple(Float64, Float64)").items
    assert parse_clickhouse("MultiPolygon").items[0].items[0].items[0].kind == "tuple"  # of rings of points


def test_aggregate_states_are_made_from_values_of_their_argument_types(
    local_target: LocalTarget, tmp_path: Path
) -> None:
    """An AggregatingMergeTree that is the migration's source holds AggregateFunction states, which no literal
    spells: each is made by initializeAggregation from generated arguments, a parameterised function's
    combinator placed before its parameters."""
    engines = {"clickhouse": local_target.scratch("clickhouse", "states")}
    try:
        seed, ch = learned_seed(tmp_path, engines, "clickhouse", (
            "CREATE TABLE daily (day Date, visitors AggregateFunction(uniq, UInt64), p AggregateFunction("
            "quantiles(0.5, 0.9), Float64), top AggregateFunction(argMax, String, DateTime)) "
            "ENGINE = AggregatingMergeTree ORDER BY day"
        )), engines["clickhouse"]  # fmt: skip
        seed.load(engines, seed.fixed_shape())  # stopped the run before: no values for these types
        seed.bulk(engines, 100)
        assert ch.scalar("SELECT uniqMerge(visitors) FROM daily") > 1
        assert ch.scalar("SELECT length(quantilesMerge(0.5, 0.9)(p)) FROM daily") == 2
    finally:
        local_target.release(list(engines.values()))


def test_uuid_ids_of_two_tables_never_meet_and_constants_reach_the_application_rows(
    local_target: LocalTarget, tmp_path: Path
) -> None:
    """A UUID generator never gives a dataset and an unrelated version the same id, so no shape does (the edge
    UUIDs stay, in one table); integer ids of two tables do meet. A constant the migration writes into a table
    the application already writes (a 'latest' tag) is in some of the application's own rows too."""
    (tmp_path / "my.sql").write_text(
        "--liquibase formatted sql\n--changeset t:base\n"
        "CREATE TABLE datasets (id CHAR(36) PRIMARY KEY, n INT NOT NULL UNIQUE);\n"
        "CREATE TABLE versions (id CHAR(36) PRIMARY KEY, n INT NOT NULL UNIQUE, dataset_id CHAR(36) NOT NULL,"
        " FOREIGN KEY (dataset_id) REFERENCES datasets (id));\n"
        "CREATE TABLE tags (version_id CHAR(36) NOT NULL, tag VARCHAR(20) NOT NULL, PRIMARY KEY (version_id, tag));\n"
        "--rollback SELECT 1;\n--changeset t:m\nSELECT 1;\n--rollback SELECT 1;\n"
    )
    (tmp_path / "spec.toml").write_text(
        '[databases.mysql]\nchangelog = "my.sql"\nmigration = ["t:m"]\n\n[generate]\n\n'
        '[[mappings]]\nname = "m"\ndatabase = "mysql"\nsource = "versions"\ntarget = "tags"\n'
        'key = { version_id = "id" }\nconstants = { tag = "latest" }\ntarget_filter = "version_id = \'none\'"\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    engines = {"mysql": local_target.scratch("mysql", "uuid ids")}
    try:
        MigrationRun(spec, engines).apply_baseline()
        seed = GeneratedSeed(spec)
        seed.learn(engines)

        def met(shape: Any, column: str) -> set[Any]:
            return {r[column] for r in shape.rows("mysql.datasets")} & {r[column] for r in shape.rows("mysql.versions")}

        fixed = seed.fixed_shape()
        assert not met(fixed, "id") and met(fixed, "n")  # the INT column's edges meet
        assert "00000000-0000-0000-0000-000000000000" in {r["id"] for r in fixed.rows("mysql.datasets")}
        assert -(2**31) in {r["n"] for r in fixed.rows("mysql.versions")}  # its row kept its other edge values
        assert not any(r["tag"] == "latest" for r in fixed.rows("mysql.tags"))  # the constant: no edge value

        @settings(max_examples=30, deadline=None, database=None)
        @given(shape=seed.shapes())
        def any_shape(shape: Any) -> None:
            assert not met(shape, "id")

        any_shape()
        seed.app_writes(engines)
        assert engines["mysql"].scalar("SELECT COUNT(*) FROM tags WHERE tag = 'latest'") > 0
    finally:
        local_target.release(list(engines.values()))


def test_a_table_that_refers_to_itself_gets_trees_that_load(local_target: LocalTarget, tmp_path: Path) -> None:
    """A self-referencing foreign key (a reply's parent comment, an employee's manager) stopped every run: its
    column was generated freely. Rows now point at a row inserted before them, or are roots (NULL; the row
    itself where the column is NOT NULL), so trees of several levels load: the fixed shape, Hypothesis shapes
    and bulk volume."""
    engines = {"mysql": local_target.scratch("mysql", "trees")}
    db = engines["mysql"]
    try:
        seed = learned_seed(tmp_path, engines, "mysql", (
            "CREATE TABLE comments (id BIGINT AUTO_INCREMENT PRIMARY KEY, parent_id BIGINT NULL, body TEXT NOT NULL, "
            "FOREIGN KEY (parent_id) REFERENCES comments (id));\n"
            "CREATE TABLE staff (id INT PRIMARY KEY, manager_id INT NOT NULL, "
            "FOREIGN KEY (manager_id) REFERENCES staff (id))"
        ))  # fmt: skip
        seed.load(engines, seed.fixed_shape())
        depth = (
            "WITH RECURSIVE t AS (SELECT id, 0 AS d FROM comments WHERE parent_id IS NULL UNION ALL "
            "SELECT c.id, t.d + 1 FROM comments c JOIN t ON c.parent_id = t.id) SELECT MAX(d) FROM t"
        )
        assert db.scalar(depth) >= 2
        assert db.scalar("SELECT COUNT(*) FROM staff WHERE manager_id = id") >= 1  # a root of a NOT NULL tree

        def emptied() -> None:
            db.execute("SET FOREIGN_KEY_CHECKS = 0")
            db.execute("TRUNCATE TABLE comments")
            db.execute("TRUNCATE TABLE staff")
            db.execute("SET FOREIGN_KEY_CHECKS = 1")

        @settings(max_examples=10, deadline=None, database=None)
        @given(shape=seed.shapes())
        def any_shape(shape: Any) -> None:
            emptied()
            seed.load(engines, shape)

        any_shape()
        emptied()
        seed.bulk(engines, 200)
        assert db.scalar("SELECT COUNT(*) FROM comments") > 0 and db.scalar("SELECT COUNT(*) FROM staff") > 0
    finally:
        local_target.release(list(engines.values()))


def test_values_on_both_sides_of_a_filter_constant_are_generated() -> None:
    """A filter's threshold or cutoff (``status >= 500``, ``created_on < '2020-01-01'``) gets the values just
    below, on and just above it, as the column holds them: a copy reading ``>`` for ``>=`` is caught."""
    assert boundaries(parse_mysql("smallint unsigned", False), "500") == [499, 500, 501]
    assert boundaries(parse_mysql("tinyint unsigned", False), "0") == [0, 1]
    assert boundaries(parse_mysql("decimal(8,2)", False), "10") == [Decimal("9.99"), Decimal("10.00"), Decimal("10.01")]
    day = parse_mysql("date", False)
    assert boundaries(day, "'2020-01-01'") == [dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2020, 1, 2)]
    at = boundaries(parse_clickhouse("DateTime"), "'2020-01-01 00:00:00'")
    assert [str(v) for v in at] == ["2019-12-31 23:59:59", "2020-01-01 00:00:00", "2020-01-01 00:00:01"]
    assert boundaries(parse_mysql("enum('a','b')", False), "'b'") == ["b"]
    assert boundaries(parse_mysql("int", False), "'soon'") == []  # not a constant of the column's kind


@pytest.mark.parametrize(
    ("comparison", "days"),
    [
        ("started_at < NOW() - INTERVAL 90 DAY", -90),
        ("started_at >= DATE_SUB(CURDATE(), INTERVAL 2 WEEK)", -14),
        ("started_at < subtractDays(now(), 30)", -30),
        ("started_at >= today() - 7", -7),
        ("started_at > now()", 0),
    ],
)
def test_a_line_that_moves_with_the_clock_gets_rows_a_day_either_side(comparison: str, days: int) -> None:
    """Archiving after 30 days where the filter says 90 passed every suite: no generated row was between
    the two. Rows a day either side of the line, not on it (it moves while the tests run)."""
    from migration_harness.generators.model import _comparisons
    from migration_harness.generators.schema import ColumnInfo

    column = ColumnInfo("started_at", parse_mysql("datetime", False), False, None)
    tests, _ = _comparisons({"started_at": column}, comparison)
    ((_, (below, on, above)),) = tests["started_at"]
    line = dt.datetime.now() + dt.timedelta(days=days)
    assert on is None and below < line < above and above - below == dt.timedelta(days=2)
    assert abs(below - (line - dt.timedelta(days=1))) < dt.timedelta(minutes=1)


ORDERS_ARCHIVED = Path(__file__).parent / "migrations" / "orders_archived_in_place"


def loaded_orders(target: LocalTarget, tmp_path: Path, changelog: str, spec_text: str) -> Engine:
    """The corpus's archived orders, as ``changelog`` and ``spec_text`` rewrite them, at their baseline with
    the fixed shape loaded; release it after."""
    (tmp_path / "changelog.sql").write_text(changelog)
    (tmp_path / "spec.toml").write_text(spec_text)
    spec = load_spec(tmp_path / "spec.toml")
    mysql = target.scratch("mysql", "scope")
    MigrationRun(spec, {"mysql": mysql}).apply_baseline()
    seed = GeneratedSeed(spec)
    seed.learn({"mysql": mysql})
    seed.load({"mysql": mysql}, seed.fixed_shape())
    return mysql


@pytest.mark.parametrize(
    ("source_filter", "in_scope", "on_the_line"),
    [
        ("status = 'closed' AND closed_at < '2023-01-01'", 1, "status = 'closed' AND closed_at = '2023-01-01'"),
        ("closed_at BETWEEN '2022-01-01' AND '2022-12-31' AND status = 'closed'", 1,
         "status = 'closed' AND closed_at = '2022-12-31'"),
        ("status = 'closed' AND closed_at IS NULL", 1, "status = 'closed' AND closed_at IS NULL"),
    ],
)  # fmt: skip
def test_the_fixed_shape_holds_rows_a_whole_filter_selects(
    local_target: LocalTarget, tmp_path: Path, source_filter: str, in_scope: int, on_the_line: str
) -> None:
    """Edge values land column by column, so `status = 'closed' AND closed_at < '2023-01-01'` held for no
    generated row: nothing in scope, the mapping not verified. Rows put every compared column where the
    filter holds, then each column on the other sides of its line with the rest still holding."""
    old_filter = "status = 'closed' AND closed_at < '2023-01-01'"
    spec_text = (ORDERS_ARCHIVED / "spec.toml").read_text().replace(old_filter, source_filter, 1)
    mysql = loaded_orders(local_target, tmp_path, (ORDERS_ARCHIVED / "changelog.sql").read_text(), spec_text)
    assert int(mysql.scalar(f"SELECT COUNT(*) FROM orders WHERE {source_filter}")) >= in_scope
    assert int(mysql.scalar(f"SELECT COUNT(*) FROM orders WHERE {on_the_line}")) >= 1
    local_target.release([mysql])


def test_rows_in_scope_keep_to_the_values_a_check_allows(local_target: LocalTarget, tmp_path: Path) -> None:
    """A filter may name a value the column's CHECK refuses (a status retired long ago): the row in scope
    then leaves that column to the allowed values instead of making the fixed shape fail to load."""
    changelog = (
        (ORDERS_ARCHIVED / "changelog.sql")
        .read_text()
        .replace(
            "status VARCHAR(16) NOT NULL DEFAULT 'open',",
            "status VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'archived')),",
        )
    )
    spec_text = (ORDERS_ARCHIVED / "spec.toml").read_text().replace("status = 'closed' AND", "status = 'gone' AND")
    mysql = loaded_orders(local_target, tmp_path, changelog, spec_text)
    assert int(mysql.scalar("SELECT COUNT(*) FROM orders WHERE closed_at = '2022-12-31 23:59:59'")) >= 1
    local_target.release([mysql])
