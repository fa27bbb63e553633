"""Comparisons and test-scale behaviour on real engines: every column kind survives a snapshot, volatile
columns are ignored everywhere, a no-data-loss comparison ignores added rows, rows that existed before a
run are never cut by the partial-copy simulation, and ClickHouse test data keeps its unmerged duplicates."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from migration_harness.checks import collapsed_source_rows, total_parity
from migration_harness.diffs import compare_states, take_snapshot
from migration_harness.engines import Engine
from migration_harness.findings import Kind, render
from migration_harness.fingerprints import fingerprint
from migration_harness.rewritten import renumbered_columns
from migration_harness.runs import cut_short_copy
from migration_harness.spec import CLICKHOUSE_MIGRATION_SETTINGS, Mapping, Relation, TableRef
from migration_harness.targets.local import LocalTarget


@pytest.fixture
def mysql(local_target: LocalTarget) -> Iterator[Engine]:
    engine = local_target.scratch("mysql", "cmp")
    yield engine
    local_target.release([engine])


@pytest.fixture
def clickhouse(local_target: LocalTarget) -> Iterator[Engine]:
    engine = local_target.scratch("clickhouse", "cmp")
    yield engine
    local_target.release([engine])


def snapshot(target: LocalTarget, engine: Engine, volatile: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return take_snapshot(engine, target.scratch(engine.dialect, "snap"), "before", volatile)


def test_clickhouse_snapshot_keeps_every_column_kind(local_target: LocalTarget, clickhouse: Engine) -> None:
    clickhouse.execute(
        "CREATE TABLE t (id UInt32, v String, m String MATERIALIZED upper(v), a String ALIAS lower(v), "
        "e String EPHEMERAL, d String DEFAULT concat(v, '!')) ENGINE = MergeTree ORDER BY id"
    )
    clickhouse.execute("INSERT INTO t (id, v) VALUES (1, 'x'), (2, 'y')")
    kinds = {c.name: c.stored for c in clickhouse.columns("t")}
    assert kinds == {"id": True, "v": True, "m": True, "a": False, "e": False, "d": True}
    snap = snapshot(local_target, clickhouse)
    assert snap.compare() == []
    clickhouse.execute("ALTER TABLE t UPDATE v = 'z' WHERE id = 2 SETTINGS mutations_sync = 2")
    (found,) = snap.compare()
    assert (found.kind, found.table, found.count) == (Kind.ROWS_DIFFER, "t", 2)
    lines = str(found).splitlines()
    assert lines[0] == "table t: 1 row(s) only before, 1 row(s) only now"
    assert "changed id=2: v: 'y' -> 'z'; m: 'Y' -> 'Z'" in lines[1]


def test_mysql_snapshot_keeps_generated_and_invisible_columns(local_target: LocalTarget, mysql: Engine) -> None:
    mysql.execute(
        "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10), g VARCHAR(20) AS (CONCAT(v, '!')) VIRTUAL, "
        "s INT AS (LENGTH(v)) STORED, h INT INVISIBLE DEFAULT 7)"
    )
    mysql.execute("INSERT INTO t (v) VALUES ('a'), ('bb')")
    assert [c.name for c in mysql.columns("t") if c.auto_increment] == ["id"]
    snap = snapshot(local_target, mysql)
    assert snap.compare() == []
    mysql.execute("UPDATE t SET h = 8 WHERE id = 2")
    assert "changed id=2: h: 7 -> 8" in str(snap.compare()[0])


def test_volatile_columns_are_ignored_by_every_snapshot_comparison(local_target: LocalTarget, mysql: Engine) -> None:
    mysql.execute("CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(10), touched DATETIME(6))")
    mysql.execute("INSERT INTO p VALUES (1, 'a', NOW(6))")
    snap = snapshot(local_target, mysql, ("p.touched",))
    mysql.execute("UPDATE p SET touched = touched + INTERVAL 1 SECOND")
    assert snap.compare() == []
    mysql.execute("UPDATE p SET name = 'b'")
    assert str(snap.compare()[0]).splitlines()[0] == "table p: 1 row(s) only before, 1 row(s) only now"


def test_rows_differing_only_where_a_default_gives_another_value_say_how_to_declare_it(
    local_target: LocalTarget, mysql: Engine
) -> None:
    """A migration's 'migrated_at DEFAULT CURRENT_TIMESTAMP' differs between any two runs: the failure names
    the column and the spec line that declares it volatile; any other difference gets no such advice."""
    mysql.execute("CREATE TABLE r (id INT PRIMARY KEY, name VARCHAR(10), at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6))")
    mysql.execute("INSERT INTO r (id, name) VALUES (1, 'a'), (2, 'b')")
    snap = snapshot(local_target, mysql)
    mysql.execute("UPDATE r SET at = at + INTERVAL 1 SECOND")
    (found,) = snap.compare()
    assert "only at (default current_timestamp(6)) differs" in str(found)
    assert 'declare it in the spec under the database: volatile = ["r.at"]' in str(found)
    mysql.execute("UPDATE r SET name = 'c' WHERE id = 1")
    assert "volatile" not in str(snap.compare()[0])
    # No default, but the migration wrote NOW(): times of today on both sides
    mysql.execute("CREATE TABLE w (id INT PRIMARY KEY, at DATETIME(6) NULL, old DATETIME NULL)")
    mysql.execute("INSERT INTO w VALUES (1, NOW(6), '2001-01-01'), (2, NOW(6), '2001-01-01')")
    snap = snapshot(local_target, mysql)
    mysql.execute("UPDATE w SET at = at + INTERVAL 1 SECOND")
    (found,) = snap.compare()
    assert "only at (times of the runs) differs" in str(found) and 'volatile = ["w.at"]' in str(found)
    mysql.execute("UPDATE w SET old = old + INTERVAL 1 SECOND")
    assert "volatile" not in str(snap.compare()[0])  # 2001 is no time of a run


def test_losses_only_ignores_added_rows_tables_and_columns(local_target: LocalTarget, mysql: Engine) -> None:
    mysql.execute("CREATE TABLE v (id INT PRIMARY KEY, origin VARCHAR(10), note VARCHAR(10))")
    mysql.execute("INSERT INTO v VALUES (1, 'user', 'keep')")
    snap = snapshot(local_target, mysql)
    mysql.execute("INSERT INTO v VALUES (2, 'backfill', 'new')")
    mysql.execute("ALTER TABLE v ADD COLUMN flag INT DEFAULT 0")
    mysql.execute("CREATE TABLE extra (id INT)")
    assert snap.compare(losses_only=True) == []
    assert len(snap.compare()) > 0  # the full comparison does see the additions
    mysql.execute("UPDATE v SET note = 'lost' WHERE id = 1")
    (found,) = snap.compare(losses_only=True)
    assert (found.kind, found.count) == (Kind.ROWS_LOST, 1)
    assert str(found) == "table v: 1 row(s) of before are gone or changed now\n  changed id=1: note: 'keep' -> 'lost'"
    assert snap.compare(losses_only=True, ignore=("v.note",)) == []  # declared may_change
    mysql.execute("ALTER TABLE v DROP COLUMN note")
    assert "table v: column note is missing" in render(snap.compare(losses_only=True))


def test_views_triggers_and_routines_left_behind_are_schema_differences(
    local_target: LocalTarget, mysql: Engine
) -> None:
    mysql.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)")
    mysql.execute("CREATE VIEW kept AS SELECT id FROM t")
    before = snapshot(local_target, mysql)
    mysql.execute("CREATE VIEW v AS SELECT id, v FROM t WHERE v > 0")
    mysql.execute("CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.v = COALESCE(NEW.v, 0)")
    mysql.execute("CREATE PROCEDURE p() SELECT 1")
    mysql.execute("CREATE OR REPLACE VIEW kept AS SELECT id, v FROM t")
    assert render(before.compare()) == [
        "procedure p is left behind (it did not exist before)",
        "trigger tr is left behind (it did not exist before)",
        "view v is left behind (it did not exist before)",
        "view kept: its definition changed",
    ]
    assert before.compare(losses_only=True) == []  # a migration may replace a view: no data is lost
    for statement in (
        "DROP VIEW v",
        "DROP TRIGGER tr",
        "DROP PROCEDURE p",
        "CREATE OR REPLACE VIEW kept AS SELECT id FROM t",
    ):
        mysql.execute(statement)
    assert before.compare() == []
    mysql.execute("DROP VIEW kept")
    assert render(before.compare()) == ["view kept is missing (it existed before)"]
    local_target.release([before.store])


def test_clickhouse_materialized_view_left_behind_is_a_schema_difference(
    local_target: LocalTarget, clickhouse: Engine
) -> None:
    clickhouse.execute("CREATE TABLE src (id UInt32) ENGINE = MergeTree ORDER BY id")
    clickhouse.execute("CREATE TABLE dst (id UInt32) ENGINE = MergeTree ORDER BY id")
    before = snapshot(local_target, clickhouse)
    clickhouse.execute(
        f"CREATE MATERIALIZED VIEW mv TO {clickhouse.database}.dst AS SELECT id FROM {clickhouse.database}.src"
    )
    assert render(before.compare()) == ["materialized view mv is left behind (it did not exist before)"]
    clickhouse.execute("DROP VIEW mv")
    assert before.compare() == []
    local_target.release([before.store])


def test_mysql_foreign_keys_and_checks_left_behind_are_schema_differences(
    local_target: LocalTarget, mysql: Engine
) -> None:
    """A foreign key on a column an index already covers, and a CHECK, change no index: named on their own."""
    mysql.execute("CREATE TABLE parent (id INT PRIMARY KEY)")
    mysql.execute("CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, KEY ix_parent (parent_id))")
    before = snapshot(local_target, mysql)
    mysql.execute("ALTER TABLE child ADD CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)")
    mysql.execute("ALTER TABLE child ADD CONSTRAINT chk_id CHECK (id > 0)")
    assert render(before.compare()) == [
        "table child: definition changed: nothing before, "
        "CONSTRAINT chk_id CHECK (`id` > 0); CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) now"
    ]
    mysql.execute("ALTER TABLE child DROP FOREIGN KEY fk_parent")
    mysql.execute("ALTER TABLE child DROP CONSTRAINT chk_id")
    assert before.compare() == []
    # The same name with another body (a rollback that recreates it differently): MariaDB keeps CHECK names
    # per table, so another table's chk_id does not stand in for this one.
    mysql.execute("ALTER TABLE parent ADD CONSTRAINT chk_id CHECK (id < 100)")
    mysql.execute("ALTER TABLE child ADD CONSTRAINT chk_id CHECK (id > 0)")
    again = snapshot(local_target, mysql)
    mysql.execute("ALTER TABLE child DROP CONSTRAINT chk_id, ADD CONSTRAINT chk_id CHECK (id >= 0)")
    assert render(again.compare()) == [
        "table child: definition changed: CONSTRAINT chk_id CHECK (`id` > 0) before, "
        "CONSTRAINT chk_id CHECK (`id` >= 0) now"
    ]
    local_target.release([again.store])
    local_target.release([before.store])


def test_mysql_collations_comments_and_partitions_are_schema(local_target: LocalTarget, mysql: Engine) -> None:
    """A column left utf8mb4_bin where it was _ci compares and keys differently; a partition a rollback left
    changes no index: each is named."""
    mysql.execute(
        "CREATE TABLE m (id INT NOT NULL, handle VARCHAR(40) COLLATE utf8mb4_unicode_ci NOT NULL, "
        "PRIMARY KEY (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci "
        "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (100), PARTITION pmax VALUES LESS THAN MAXVALUE)"
    )
    before = snapshot(local_target, mysql)
    mysql.execute("ALTER TABLE m MODIFY handle VARCHAR(40) COLLATE utf8mb4_bin NOT NULL COMMENT 'case matters'")
    mysql.execute("ALTER TABLE m COMMENT = 'members'")
    mysql.execute(
        "ALTER TABLE m REORGANIZE PARTITION pmax INTO "
        "(PARTITION p1 VALUES LESS THAN (200), PARTITION pmax VALUES LESS THAN MAXVALUE)"
    )
    assert render(before.compare()) == [
        "table m: definition changed: COLUMN handle COLLATE utf8mb4_unicode_ci; ENGINE=InnoDB DEFAULT COLLATE "
        "utf8mb4_unicode_ci before, COLUMN handle COLLATE utf8mb4_bin COMMENT 'case matters'; ENGINE=InnoDB DEFAULT "
        "COLLATE utf8mb4_unicode_ci COMMENT 'members'; PARTITION p1 (RANGE `id`) VALUES LESS THAN (200) now"
    ]
    mysql.execute("ALTER TABLE m MODIFY handle VARCHAR(40) COLLATE utf8mb4_unicode_ci NOT NULL")
    mysql.execute("ALTER TABLE m COMMENT = ''")
    mysql.execute("ALTER TABLE m REORGANIZE PARTITION p1, pmax INTO (PARTITION pmax VALUES LESS THAN MAXVALUE)")
    assert before.compare() == []
    local_target.release([before.store])


def test_mysql_generated_expressions_index_prefixes_and_foreign_key_rules_are_schema(
    local_target: LocalTarget, mysql: Engine
) -> None:
    """Rolled back to the same names, but not to the same behaviour: each difference is named."""
    mysql.execute("CREATE TABLE p (id INT PRIMARY KEY)")
    mysql.execute(
        "CREATE TABLE c (id INT PRIMARY KEY, p_id INT, name VARCHAR(100), total INT AS (id * 2) VIRTUAL, "
        "KEY ix_name (name(10)), CONSTRAINT fk_p FOREIGN KEY (p_id) REFERENCES p (id))"
    )
    before = snapshot(local_target, mysql)
    mysql.execute("ALTER TABLE c MODIFY total INT AS (id * 3) VIRTUAL")
    mysql.execute("ALTER TABLE c DROP KEY ix_name, ADD KEY ix_name (name(20))")
    mysql.execute("ALTER TABLE c DROP FOREIGN KEY fk_p")
    mysql.execute("ALTER TABLE c ADD CONSTRAINT fk_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE")
    [found] = render(before.compare())
    old, new = found.split(" before, ")
    assert "COLUMN total AS (`id` * 2)" in old and "COLUMN total AS (`id` * 3)" in new
    assert "KEY ix_name (name(10))" in old and "KEY ix_name (name(20))" in new
    assert "CONSTRAINT fk_p FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE" in new
    local_target.release([before.store])


def test_clickhouse_indexes_projections_constraints_ttl_codecs_comments_and_settings_are_schema(
    local_target: LocalTarget, clickhouse: Engine
) -> None:
    """What a rollback must also take back, though system.tables' keys do not show it."""
    clickhouse.execute("CREATE TABLE ev (id UInt64, at DateTime, kind String) ENGINE = MergeTree ORDER BY id")
    before = snapshot(local_target, clickhouse)
    for statement in (
        "ALTER TABLE ev ADD INDEX ix_kind kind TYPE set(3) GRANULARITY 4",
        "ALTER TABLE ev ADD PROJECTION by_kind (SELECT * ORDER BY kind)",
        "ALTER TABLE ev ADD CONSTRAINT positive CHECK id > 0",
        "ALTER TABLE ev MODIFY TTL at + INTERVAL 1 YEAR",
        "ALTER TABLE ev MODIFY COLUMN kind String CODEC(ZSTD(3))",
        "ALTER TABLE ev MODIFY COMMENT 'events'",
        "ALTER TABLE ev MODIFY SETTING ttl_only_drop_parts = 1",
    ):
        clickhouse.execute(statement)
    [found] = render(before.compare())
    for item in ("INDEX ix_kind kind TYPE set(3) GRANULARITY 4", "PROJECTION by_kind (SELECT * ORDER BY kind)",
                 "CONSTRAINT positive CHECK id > 0", "at + toIntervalYear(1)", "`kind` String CODEC(ZSTD(3))",
                 "COMMENT 'events'", "SETTINGS ttl_only_drop_parts = 1"):  # fmt: skip
        assert item in found.split("nothing before, ")[1]
    for statement in (
        "ALTER TABLE ev DROP INDEX ix_kind",
        "ALTER TABLE ev DROP PROJECTION by_kind",
        "ALTER TABLE ev DROP CONSTRAINT positive",
        "ALTER TABLE ev REMOVE TTL",
        "ALTER TABLE ev MODIFY COLUMN kind REMOVE CODEC",
        "ALTER TABLE ev MODIFY COMMENT ''",
        "ALTER TABLE ev RESET SETTING ttl_only_drop_parts",
    ):
        clickhouse.execute(statement)
    assert before.compare() == []
    local_target.release([before.store])


def test_only_counters_nothing_refers_to_are_left_out_of_re_run_comparisons(mysql: Engine) -> None:
    """A row written again takes a new AUTO_INCREMENT value; where a foreign key or a spec relation points at
    the column, a new value would break the reference, so it is still compared."""
    mysql.execute("CREATE TABLE parent (id INT AUTO_INCREMENT PRIMARY KEY)")
    mysql.execute("CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT, "
                  "FOREIGN KEY (parent_id) REFERENCES parent (id))")  # fmt: skip
    mysql.execute("CREATE TABLE note (id BIGINT AUTO_INCREMENT PRIMARY KEY, body TEXT)")
    assert renumbered_columns(mysql, []) == ["child.id", "note.id"]
    ref = TableRef("mysql", "note", "id")
    assert renumbered_columns(mysql, [Relation("notes", TableRef("clickhouse", "events", "note_id"), ref)]) == [
        "child.id"
    ]


def test_a_clickhouse_default_left_behind_reads_as_it_is_written(local_target: LocalTarget, clickhouse: Engine) -> None:
    """A rollback of ``MODIFY COLUMN phone String DEFAULT ''`` to ``Nullable(String)`` keeps the default: said as
    ``DEFAULT ''`` (ClickHouse's default kind and expression), not ``DEFAULT '' DEFAULT``."""
    clickhouse.execute("CREATE TABLE c (id UInt64, phone Nullable(String), m String) ENGINE = MergeTree ORDER BY id")
    snap = snapshot(local_target, clickhouse)
    clickhouse.execute("ALTER TABLE c MODIFY COLUMN phone Nullable(String) DEFAULT ''")
    clickhouse.execute("ALTER TABLE c MODIFY COLUMN m String MATERIALIZED upper(phone)")
    assert sorted(str(f) for f in snap.compare()) == [
        "table c: column m changed from String NOT NULL to String NOT NULL MATERIALIZED upper(phone)",
        "table c: column phone changed from Nullable(String) NULL to Nullable(String) NULL DEFAULT ''",
    ]


def test_materialized_view_inner_tables_compare_by_view_across_databases(local_target: LocalTarget) -> None:
    """ClickHouse names a view's inner table `.inner_id.<the view's random UUID>`: two runs of the same changesets
    must still compare equal, and differing rows are named by the view."""
    a, b = local_target.scratch("clickhouse", "mv_a"), local_target.scratch("clickhouse", "mv_b")
    for engine, rows in ((a, "('red'), ('blue')"), (b, "('red'), ('red')")):
        engine.execute("CREATE TABLE src (team String) ENGINE = MergeTree ORDER BY team")
        engine.execute("CREATE MATERIALIZED VIEW counts ENGINE = SummingMergeTree ORDER BY team AS "
                       f"SELECT team, count() AS n FROM {engine.database}.src GROUP BY team")  # fmt: skip
        engine.execute(f"INSERT INTO src VALUES {rows}")
    assert fingerprint(a).tables.keys() == fingerprint(b).tables.keys() == {".inner.counts", "src"}
    found = render(compare_states(fingerprint(a), a.database, b))
    assert found[0].startswith("table .inner.counts: 2 row(s) only before, 1 row(s) only now"), found
    b.execute("TRUNCATE TABLE src")
    b.execute("TRUNCATE TABLE counts")  # its inner table
    b.execute("INSERT INTO src VALUES ('red'), ('blue')")
    assert compare_states(fingerprint(a), a.database, b) == []
    local_target.release([a, b])


@pytest.mark.parametrize("dialect", ["mysql", "clickhouse"])
def test_partial_copy_never_cuts_rows_that_existed_before(local_target: LocalTarget, dialect: str) -> None:
    engine = local_target.scratch(dialect, "cut")
    table_engine = " ENGINE = MergeTree ORDER BY id" if dialect == "clickhouse" else ""
    engine.execute(f"CREATE TABLE r (id INT, origin VARCHAR(10)){table_engine}")  # ClickHouse knows both aliases
    engine.execute("INSERT INTO r VALUES " + ", ".join(f"({i}, 'user')" for i in range(20)))
    before = snapshot(local_target, engine)
    engine.execute("INSERT INTO r VALUES " + ", ".join(f"({i}, 'backfill')" for i in range(100, 120)))
    cut = cut_short_copy(engine, "r", ["id"], before.store.database)
    assert 0 < cut < 20
    assert int(engine.scalar("SELECT COUNT(*) FROM r WHERE origin = 'user'")) == 20
    assert int(engine.scalar("SELECT COUNT(*) FROM r WHERE origin = 'backfill'")) == 20 - cut
    local_target.release([engine, before.store])


def test_production_like_clickhouse_keeps_duplicates_and_still_mutates(clickhouse: Engine) -> None:
    clickhouse.execute("CREATE TABLE src (id UInt32, v UInt32) ENGINE = ReplacingMergeTree(v) ORDER BY id")
    clickhouse.production_like(dict(CLICKHOUSE_MIGRATION_SETTINGS))
    for v in range(6):  # separate INSERTs: separate parts, as production's unmerged writes
        clickhouse.execute(f"INSERT INTO src VALUES (1, {v})")
    # A table the migration creates is held too, and a plain copy keeps every stored version.
    clickhouse.execute("CREATE TABLE dst (id UInt32, v UInt32) ENGINE = ReplacingMergeTree(v) ORDER BY id")
    clickhouse.execute("INSERT INTO dst SELECT id, v FROM src")
    assert int(clickhouse.scalar("SELECT count() FROM src")) == 6
    assert int(clickhouse.scalar("SELECT count() FROM src FINAL")) == 1
    assert int(clickhouse.scalar("SELECT count() FROM dst")) == 6
    clickhouse.execute("ALTER TABLE dst DELETE WHERE v < 3")  # asynchronous: waited for, not hung
    assert int(clickhouse.scalar("SELECT count() FROM dst")) == 3
    clickhouse.execute("OPTIMIZE TABLE dst FINAL")  # an explicit merge still runs
    assert int(clickhouse.scalar("SELECT count() FROM dst")) == 1


def test_production_like_clickhouse_keeps_rows_a_ttl_has_expired(clickhouse: Engine) -> None:
    """Generated rows are dated anywhere in the type's range, so a TTL has expired most of them: background TTL
    merges deleted some of them at random moments, and two runs of the same seed differed (a request log copied
    into an error log was empty or not). They wait for an explicit OPTIMIZE, as other merges do."""
    ddl = "(id UInt32, at DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY id TTL at + INTERVAL 1 DAY"
    clickhouse.execute(f"CREATE TABLE logs {ddl}")
    clickhouse.production_like(dict(CLICKHOUSE_MIGRATION_SETTINGS))
    for month in range(1, 13):  # a part per partition, each expired, as the fixed shape writes them
        clickhouse.execute(f"INSERT INTO logs VALUES ({month}, '2020-{month:02d}-01 00:00:00')")
    clickhouse.execute(f"CREATE TABLE copied {ddl}")
    clickhouse.execute("INSERT INTO copied SELECT * FROM logs")
    time.sleep(2)  # TTL merges started within a second of the inserts
    assert int(clickhouse.scalar("SELECT count() FROM logs")) == 12
    assert int(clickhouse.scalar("SELECT count() FROM copied")) == 12
    clickhouse.execute("OPTIMIZE TABLE copied FINAL")  # an explicit merge still applies the TTL
    assert int(clickhouse.scalar("SELECT count() FROM copied")) == 0


def test_production_like_clickhouse_dedup_without_final_takes_the_oldest_write_every_time(clickhouse: Engine) -> None:
    """any() over unmerged parts is whatever part a thread reached first: with several threads a copy that
    forgets FINAL took the newest write now and then (and passed); one thread reads parts as written."""
    clickhouse.execute("CREATE TABLE src (id UInt32, v String, at UInt32) ENGINE = ReplacingMergeTree(at) ORDER BY id")
    clickhouse.production_like(dict(CLICKHOUSE_MIGRATION_SETTINGS))
    clickhouse.execute("INSERT INTO src SELECT number, 'first', 1 FROM numbers(300)")
    for i in range(8):  # newer writes of eight rows, each an unmerged part
        clickhouse.execute(f"INSERT INTO src VALUES ({i}, 'newer', 2)")
    clickhouse.execute("CREATE TABLE dst (id UInt32, v String) ENGINE = MergeTree ORDER BY id")
    for _ in range(20):
        clickhouse.execute("TRUNCATE TABLE dst")
        clickhouse.execute("INSERT INTO dst SELECT id, any(v) FROM src GROUP BY id")
        assert clickhouse.query("SELECT DISTINCT v FROM dst WHERE id < 8") == [("first",)]


def test_parity_explains_source_rows_the_target_collapses(clickhouse: Engine) -> None:
    clickhouse.execute("CREATE TABLE raw (tenant String, id String, v UInt32) ENGINE = MergeTree ORDER BY (tenant, id)")
    clickhouse.execute("CREATE TABLE ev (tenant String, id String, v UInt32) ENGINE = ReplacingMergeTree ORDER BY id")
    clickhouse.production_like({})
    clickhouse.execute("INSERT INTO raw VALUES ('a', 'e1', 1), ('b', 'e1', 2), ('a', 'e2', 3)")
    clickhouse.execute("INSERT INTO ev SELECT * FROM raw")
    clickhouse.execute("OPTIMIZE TABLE ev FINAL")
    mapping = Mapping(
        name="raw -> ev", database="clickhouse", source="raw", target="ev", key={"id": "id", "tenant": "tenant"}
    )
    assert collapsed_source_rows(clickhouse, mapping).startswith(
        "; 2 source row(s) share 1 value(s) of (id), and ev keeps one row per (id), so it collapses them: "
        "(id='e1', source rows=2)"
    )
    assert "so it collapses them" in str(total_parity(clickhouse, mapping)[0])


def test_parity_warns_of_rows_the_next_merge_collapses(clickhouse: Engine) -> None:
    """Merges are off in test runs, so both rows are still stored: a merge in production keeps one."""
    clickhouse.execute("CREATE TABLE raw (tenant String, id String) ENGINE = MergeTree ORDER BY (tenant, id)")
    clickhouse.execute("CREATE TABLE ev (tenant String, id String) ENGINE = ReplacingMergeTree ORDER BY id")
    clickhouse.production_like(dict(CLICKHOUSE_MIGRATION_SETTINGS))
    clickhouse.execute("INSERT INTO raw VALUES ('a', 'e1'), ('b', 'e1')")
    clickhouse.execute("INSERT INTO ev SELECT * FROM raw")
    mapping = Mapping(name="m", database="clickhouse", source="raw", target="ev", key={"id": "id", "tenant": "tenant"})
    assert render(total_parity(clickhouse, mapping)) == [
        "clickhouse raw -> ev: 2 row(s) in source and in ev now, but the next merge will lose some; 2 source row(s) "
        "share 1 value(s) of (id), and ev keeps one row per (id), so it collapses them: (id='e1', source rows=2)"
    ]
