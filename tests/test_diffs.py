"""Bucketed row diffs on real engines: a difference hidden among thousands of equal rows is found with exact
counts and the right example rows, checksums that a weaker scheme would let collide still tell buckets
apart, duplicates count one by one, and every value kind (NULL, floats, DATETIME(6), JSON, BLOB, ClickHouse
Nullable/LowCardinality/Array/Map) changes the verdict."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migration_harness import diffs
from migration_harness.dialects import ClickHouseDialect, qualified
from migration_harness.diffs import RowDiff, diff_rows, take_snapshot
from migration_harness.engines import Engine
from migration_harness.findings import Kind
from migration_harness.fingerprints import key_columns
from migration_harness.rewritten import stamped_columns
from migration_harness.targets.local import LocalTarget

ROWS = 20_000  # about five rows per bucket: one differing row hides among many equal buckets


@pytest.fixture(params=["mysql", "clickhouse"])
def engine(request: pytest.FixtureRequest, local_target: LocalTarget) -> Iterator[Engine]:
    scratch = local_target.scratch(request.param, "diff")
    yield scratch
    local_target.release([scratch])


def create(engine: Engine, table: str, columns: str, order_by: str = "tuple()") -> None:
    suffix = f" ENGINE = MergeTree ORDER BY {order_by}" if engine.dialect == "clickhouse" else ""
    engine.execute(f"CREATE TABLE {table} ({columns}){suffix}")


def numbers(engine: Engine, count: int) -> str:
    """A FROM source of rows ``n`` = 1..count, made inside the server."""
    if engine.dialect == "clickhouse":
        return f"(SELECT number + 1 AS n FROM numbers({count})) AS s"
    return f"(SELECT seq AS n FROM seq_1_to_{count}) AS s"


def diff(engine: Engine, before: str = "a", after: str = "b") -> RowDiff:
    columns = engine.data_columns(before)
    types = tuple({c.name: c.type for c in engine.columns(t)} for t in (before, after))
    return diff_rows(
        engine,
        qualified(engine.database, before),
        qualified(engine.database, after),
        columns,
        before,
        key_columns(engine, before),
        (types[0], types[1]),
    )


def test_a_finding_of_changed_values_names_the_columns_that_changed() -> None:
    """The no-data-loss hint names them in ``may_change`` (``contacts.phone``, not ``contacts.*``), and names
    none where a row is gone rather than changed."""
    changed = RowDiff("contacts", ["id", "phone", "mail"], ["id"], [(1, None, "a")], [(1, "", "a")], 1, 1)
    found = changed.finding("clickhouse", "before", "now", losses_only=True)
    assert found is not None and found.column == "phone"
    gone = RowDiff("contacts", ["id", "phone", "mail"], ["id"], [(1, None, "a")], [], 1, 0)
    found = gone.finding("clickhouse", "before", "now", losses_only=True)
    assert found is not None and found.column == ""


def test_one_change_delete_and_insert_among_many_equal_rows(engine: Engine) -> None:
    key = "id UInt64, name String" if engine.dialect == "clickhouse" else "id BIGINT PRIMARY KEY, name VARCHAR(40)"
    create(engine, "a", key, "id")
    create(engine, "b", key, "id")
    engine.execute(f"INSERT INTO a SELECT n, CONCAT('name-', CAST(n AS CHAR)) FROM {numbers(engine, ROWS)}")
    engine.execute(
        "INSERT INTO b SELECT id, CASE WHEN id = 500 THEN 'changed' ELSE name END FROM a WHERE id <> 250 "
        f"UNION ALL SELECT {ROWS + 1}, 'new'"
    )
    found = diff(engine)
    assert (found.lost, found.gained) == (2, 2)
    assert found.only_before == [(250, "name-250"), (500, "name-500")]
    assert found.only_after == [(500, "changed"), (ROWS + 1, "new")]
    lines = [line.strip() for line in found.finding(engine.database, "before", "now").examples]  # type: ignore[union-attr]
    assert lines == [
        "only before: id=250, name='name-250'",
        "changed id=500: name: 'name-500' -> 'changed'",
        f"only now: id={ROWS + 1}, name='new'",
    ]


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_lost_rows_at_the_edges_of_a_64_bit_key_are_found(engine: Engine, signed: bool) -> None:
    """The fixed shape seeds integer bounds: a key range that wide must not overflow the bucket arithmetic
    (ClickHouse computed UInt64 - UInt8 as Int64, so the largest keys fell in negative buckets, never read)."""
    if engine.dialect == "clickhouse":
        key, top, bottom = ("Int64", 2**63 - 1, -(2**63)) if signed else ("UInt64", 2**64 - 1, 0)
    else:
        key, top, bottom = ("BIGINT", 2**63 - 1, -(2**63)) if signed else ("BIGINT UNSIGNED", 2**64 - 1, 0)
    columns = f"id {key} PRIMARY KEY, v INT" if engine.dialect == "mysql" else f"id {key}, v Int32"
    create(engine, "a", columns, "id")
    create(engine, "b", columns, "id")
    edges = [bottom, bottom + 1, 2**62 + 7, top - 1, top]
    engine.execute(f"INSERT INTO a VALUES {', '.join(f'({k}, 1)' for k in [*edges, 5, 6])}")
    engine.execute(f"INSERT INTO b VALUES {', '.join(f'({k}, 1)' for k in [5, 6])}")
    found = diff(engine)
    assert (found.lost, found.gained) == (len(edges), 0)
    assert sorted(row[0] for row in found.only_before) == sorted(edges)


def test_many_differences_show_five_examples_a_side_and_count_all(engine: Engine) -> None:
    create(engine, "a", "id INT, v INT")
    create(engine, "b", "id INT, v INT")
    engine.execute(f"INSERT INTO a SELECT n, n FROM {numbers(engine, 3000)}")
    engine.execute("INSERT INTO b SELECT id, CASE WHEN id % 3 = 0 THEN v + 1 ELSE v END FROM a")
    found = diff(engine)
    assert (found.lost, found.gained) == (1000, 1000)
    assert found.only_before == [(i, i) for i in (3, 6, 9, 12, 15)]
    assert found.only_after == [(i, i + 1) for i in (3, 6, 9, 12, 15)]


def test_every_bucket_differing_is_counted_without_a_bucket_filter(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diffs, "BUCKETS", 2)  # both buckets differ: the rows are grouped whole
    create(engine, "a", "id INT, v INT")
    create(engine, "b", "id INT, v INT")
    engine.execute(f"INSERT INTO a SELECT n, n FROM {numbers(engine, 50)}")
    engine.execute("INSERT INTO b SELECT id, v * 2 FROM a WHERE id > 1")
    found = diff(engine)
    assert (found.lost, found.gained) == (50, 49)  # (n, n) all gone; (n, 2n) new for n > 1


def test_duplicates_are_counted_one_by_one_where_xor_would_cancel(engine: Engine) -> None:
    """No key: rows are grouped by their first column. A pair of equal rows XORs to zero, so a per-bucket XOR
    would call {x, x} and {y, y} equal; count and sum tell them apart, and counts keep multiplicity."""
    create(engine, "a", "k INT, v VARCHAR(10)")
    create(engine, "b", "k INT, v VARCHAR(10)")
    engine.execute("INSERT INTO a VALUES (1, 'x'), (1, 'x'), (2, 'z'), (3, 'w'), (3, 'w'), (3, 'w')")
    engine.execute("INSERT INTO b VALUES (1, 'y'), (1, 'y'), (2, 'z'), (3, 'w')")
    found = diff(engine)
    assert (found.lost, found.gained) == (4, 2)  # two x and two of the three w gone, two y new
    assert found.only_before == [(1, "x"), (3, "w")]  # one example per distinct row
    assert found.only_after == [(1, "y")]


def test_values_exchanged_between_rows_of_one_bucket_are_seen(engine: Engine) -> None:
    """Each column's values are the same multiset on both sides, only paired differently: a checksum summing
    values column by column would collide. One hash over the whole row does not."""
    create(engine, "a", "k INT, first VARCHAR(10), last VARCHAR(10)")
    create(engine, "b", "k INT, first VARCHAR(10), last VARCHAR(10)")
    engine.execute("INSERT INTO a VALUES (7, 'ada', 'lovelace'), (7, 'alan', 'turing')")
    engine.execute("INSERT INTO b VALUES (7, 'ada', 'turing'), (7, 'alan', 'lovelace')")
    found = diff(engine)
    assert (found.lost, found.gained) == (2, 2)
    assert sorted(found.only_after) == [(7, "ada", "turing"), (7, "alan", "lovelace")]


MYSQL_KINDS = [
    ("n VARCHAR(10) NULL", "NULL", "'NULL'"),
    ("n VARCHAR(10) NULL", "''", "NULL"),
    ("f FLOAT", "1.0000001", "1.0000002"),  # both print as '1'
    ("d DOUBLE", "0.1", "0.1 + 1e-17"),
    ("t DATETIME(6)", "'2024-01-01 00:00:00.000001'", "'2024-01-01 00:00:00.000002'"),
    ("j JSON", "'{\"a\": 1}'", "'{\"a\": 2}'"),
    ("b BLOB", "x'00ff'", "x'00fe'"),
    ("m DECIMAL(30,10)", "1.0000000001", "1.0000000002"),
]
CLICKHOUSE_KINDS = [
    ("n Nullable(String)", "NULL", "'NULL'"),
    ("n Nullable(String)", "''", "NULL"),
    ("c LowCardinality(String)", "'a'", "'b'"),
    ("a Array(Nullable(Int32))", "[1, NULL]", "[1, 0]"),
    ("m Map(String, Float64)", "map('x', 0.1)", "map('x', 0.1 + 1e-17)"),
    ("f Float32", "toFloat32(1.0000001)", "toFloat32(1.0000002)"),
    (
        "t DateTime64(6)",
        "toDateTime64('2024-01-01 00:00:00.000001', 6)",
        "toDateTime64('2024-01-01 00:00:00.000002', 6)",
    ),
]


@pytest.mark.parametrize("index", range(max(len(MYSQL_KINDS), len(CLICKHOUSE_KINDS))))
def test_each_value_kind_changes_the_verdict(engine: Engine, index: int) -> None:
    kinds = CLICKHOUSE_KINDS if engine.dialect == "clickhouse" else MYSQL_KINDS
    if index >= len(kinds):
        pytest.skip(f"{engine.dialect} has {len(kinds)} kinds")
    column, old, new = kinds[index]
    create(engine, "a", f"id INT, {column}")
    create(engine, "b", f"id INT, {column}")
    engine.execute(f"INSERT INTO a SELECT n, {old} FROM {numbers(engine, 100)}")
    engine.execute(f"INSERT INTO b SELECT n, CASE WHEN n = 42 THEN {new} ELSE {old} END FROM {numbers(engine, 100)}")
    found = diff(engine)
    assert (found.lost, found.gained, [r[0] for r in found.only_before]) == (1, 1, [42]), column
    engine.execute("TRUNCATE TABLE b")
    engine.execute("INSERT INTO b SELECT * FROM a")
    assert (diff(engine).lost, diff(engine).gained) == (0, 0), column


@pytest.mark.parametrize("index", range(max(len(MYSQL_KINDS), len(CLICKHOUSE_KINDS))))
def test_each_value_kind_changes_the_fingerprint(engine: Engine, local_target: LocalTarget, index: int) -> None:
    """The fingerprint decides whether the diff runs at all: a change it missed would never be looked at."""
    kinds = CLICKHOUSE_KINDS if engine.dialect == "clickhouse" else MYSQL_KINDS
    if index >= len(kinds):
        pytest.skip(f"{engine.dialect} has {len(kinds)} kinds")
    column, old, new = kinds[index]
    create(engine, "a", f"id INT, {column}")
    engine.execute(f"INSERT INTO a SELECT n, {old} FROM {numbers(engine, 100)}")
    snap = take_snapshot(engine, local_target.scratch(engine.dialect, "snap"), "before")
    try:
        assert snap.compare() == [], column
        name = column.split()[0]
        engine.execute(f"ALTER TABLE a UPDATE {name} = {new} WHERE id = 42 SETTINGS mutations_sync = 1"
                       if engine.dialect == "clickhouse" else f"UPDATE a SET {name} = {new} WHERE id = 42")  # fmt: skip
        (found,) = snap.compare()  # same row count: only the value tells
        assert (found.kind, found.count) == (Kind.ROWS_DIFFER, 2), column
    finally:
        local_target.release([snap.store])


def test_case_only_change_under_a_case_insensitive_collation_is_bytes_differ(local_target: LocalTarget) -> None:
    mysql = local_target.scratch("mysql", "diffci")
    try:
        mysql.execute("CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(10) COLLATE utf8mb4_general_ci)")
        mysql.execute("INSERT INTO p SELECT seq, CONCAT('n', seq) FROM seq_1_to_1000")
        snap = take_snapshot(mysql, local_target.scratch("mysql", "snap"), "before")
        mysql.execute("UPDATE p SET name = 'N7' WHERE id = 7")
        (found,) = snap.compare()
        assert found.kind == Kind.BYTES_DIFFER  # the engine calls 'n7' and 'N7' equal; the bytes are not
        mysql.execute("UPDATE p SET name = 'm7' WHERE id = 7")
        (found,) = snap.compare()
        assert (found.kind, found.count) == (Kind.ROWS_DIFFER, 2)
        assert "changed id=7: name: 'n7' -> 'm7'" in str(found)
        local_target.release([snap.store])
    finally:
        local_target.release([mysql])


def test_mariadb_row_checksum_reads_the_row_text_of_the_same_row(local_target: LocalTarget) -> None:
    """MariaDB's checksum makes each row's text once and reads it again from a user variable: equal to making
    it twice only while the server evaluates the left operand first, row by row. Were that to change, each
    row's CRC32C would be of the row before."""
    mysql = local_target.scratch("mysql", "diffvar")
    try:
        mysql.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), k INT)")
        mysql.execute("INSERT INTO t SELECT seq, CONCAT('v', seq * 7), seq % 13 FROM seq_1_to_5000")
        (checksum,) = mysql.sql.row_checksums(["`id`", "`v`"])
        text = "CONCAT_WS(',', QUOTE(`id`), QUOTE(`v`))"
        twice = f"SUM(CRC32({text}) << 32 | CRC32C({text}))"
        got = mysql.query(f"SELECT k, {checksum}, {twice} FROM t GROUP BY k")
        assert len(got) == 13 and all(row[1] == row[2] for row in got), got
    finally:
        local_target.release([mysql])


@pytest.mark.parametrize("key_type", ["VARCHAR(20)", "INT"])
def test_null_and_text_keys_find_their_bucket(engine: Engine, key_type: str) -> None:
    """A text key is bucketed by its hash, a whole-number key by ranges; a NULL key has a bucket of its own."""
    nullable = f"Nullable({'String' if key_type.startswith('VARCHAR') else 'Int32'})"
    column = nullable if engine.dialect == "clickhouse" else f"{key_type} NULL"
    create(engine, "a", f"k {column}, v INT")
    create(engine, "b", f"k {column}, v INT")
    engine.execute(f"INSERT INTO a SELECT CASE WHEN n % 10 = 0 THEN NULL ELSE n END, n FROM {numbers(engine, 5000)}")
    engine.execute("INSERT INTO b SELECT k, CASE WHEN v IN (70, 4321) THEN -v ELSE v END FROM a")
    found = diff(engine)
    assert (found.lost, found.gained) == (2, 2)
    assert sorted(found.only_before, key=lambda r: r[1]) == [(None, 70), (_key(4321, key_type), 4321)]
    assert sorted(found.only_after, key=lambda r: r[1]) == [(_key(4321, key_type), -4321), (None, -70)]


def _key(value: int, key_type: str) -> object:
    return str(value) if key_type.startswith("VARCHAR") else value


def test_a_merging_table_is_copied_with_its_engine_and_losses_are_what_it_reads(local_target: LocalTarget) -> None:
    """The copy from before the migration of a ReplacingMergeTree keeps every stored row and reads FINAL as the
    table did (a mapping's source_at = "before" reads it so). A rebuild that keeps only the current version
    of each key loses nothing the application reads; a current version gone is a loss."""
    ch = local_target.scratch("clickhouse", "merging")
    store = local_target.scratch("clickhouse", "merging_copy")
    ch.production_like({"optimize_on_insert": 0})
    try:
        ch.execute("CREATE TABLE e (k UInt32, v UInt32, body String) ENGINE = ReplacingMergeTree(v) ORDER BY k")
        ch.execute("INSERT INTO e VALUES (1, 1, 'old'), (2, 1, 'two')")
        ch.execute("INSERT INTO e VALUES (1, 2, 'new')")  # a newer version of key 1, unmerged
        snap = take_snapshot(ch, store, "before")
        copy = qualified(store.database, "e")
        assert store.table_engine("e") == "ReplacingMergeTree"
        assert ch.scalar(f"SELECT count() FROM {copy}") == 3  # every stored row
        assert ch.query(f"SELECT k, body FROM {copy} FINAL ORDER BY k") == [(1, "new"), (2, "two")]
        # Rebuilt in place with the current versions only, as a swap migration does.
        ch.execute("CREATE TABLE e2 AS e")
        ch.execute("INSERT INTO e2 SELECT * FROM e FINAL")
        ch.execute("EXCHANGE TABLES e AND e2")
        ch.execute("DROP TABLE e2")
        assert snap.compare(losses_only=True) == []
        (changed,) = snap.compare()  # stored rows differ, which rollback and re-run comparisons still see
        assert changed.kind == Kind.ROWS_DIFFER and "only before: k=1, v=1, body='old'" in str(changed)
        ch.execute("ALTER TABLE e DELETE WHERE k = 2 SETTINGS mutations_sync = 2")
        (lost,) = snap.compare(losses_only=True)
        assert lost.count == 1 and "body='two'" in str(lost)
    finally:
        local_target.release([ch, store])


def test_a_table_the_application_reads_final_compares_as_read_where_a_rerun_wrote_rows_again(
    local_target: LocalTarget,
) -> None:
    """A re-run that inserts the same rows again into a ReplacingMergeTree the spec says is read FINAL changes
    nothing the application reads: the duplicates are not a difference there, a changed value still is."""
    ch = local_target.scratch("clickhouse", "reread")
    store = local_target.scratch("clickhouse", "reread_copy")
    ch.production_like({"optimize_on_insert": 0})
    try:
        ch.execute("CREATE TABLE e (k UInt32, v UInt32, body String) ENGINE = ReplacingMergeTree(v) ORDER BY k")
        ch.execute("INSERT INTO e VALUES (1, 1, 'one'), (2, 1, 'two')")
        snap = take_snapshot(ch, store, "first run")
        ch.execute("INSERT INTO e VALUES (1, 1, 'one'), (2, 1, 'two')")  # the re-run, unguarded
        assert snap.compare(read_final=["e"]) == []
        (doubled,) = snap.compare()
        assert doubled.kind == Kind.ROWS_DIFFER
        ch.execute("INSERT INTO e VALUES (2, 2, 'changed')")
        (changed,) = snap.compare(read_final=["e"])
        assert "body: 'two' -> 'changed'" in str(changed)
    finally:
        local_target.release([ch, store])


def test_a_merging_table_copy_keeps_which_of_equal_versions_final_reads(local_target: LocalTarget) -> None:
    """Among versions of a key with the same version number FINAL keeps the last one written: the copy from
    before the migration must keep that order (a re-insert reordered it, and a correct rebuild read FINAL
    from the table was then compared with another version)."""
    ch = local_target.scratch("clickhouse", "ties")
    store = local_target.scratch("clickhouse", "ties_copy")
    ch.production_like({"optimize_on_insert": 0})
    try:
        ch.execute("CREATE TABLE e (k UInt32, v UInt32, body String) ENGINE = ReplacingMergeTree(v) "
                   "PARTITION BY k % 3 ORDER BY k")  # fmt: skip
        for n in range(6):  # six writes of every key, all version 1: the last write is the one FINAL reads
            ch.execute(f"INSERT INTO e SELECT number % 50, 1, 'write {n}' FROM numbers(50)")
        final = ch.query("SELECT k, body FROM e FINAL ORDER BY k")
        assert {body for _, body in final} == {"write 5"}
        take_snapshot(ch, store, "before")
        assert ch.query(f"SELECT k, body FROM {qualified(store.database, 'e')} FINAL ORDER BY k") == final
        assert store.scalar("SELECT count() FROM e") == 300
    finally:
        local_target.release([ch, store])


def test_a_dropped_column_declared_may_change_is_no_loss(local_target: LocalTarget) -> None:
    """The contract step of a migration drops columns it moved elsewhere: declared in may_change, their going
    is no data loss; any other column dropped still is."""
    mysql = local_target.scratch("mysql", "dropped")
    store = local_target.scratch("mysql", "dropped_copy")
    try:
        mysql.execute("CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(20), street VARCHAR(20), zip VARCHAR(5))")
        mysql.execute("INSERT INTO u VALUES (1, 'a@x', 'Main St', '10115')")
        snap = take_snapshot(mysql, store, "before")
        mysql.execute("ALTER TABLE u DROP COLUMN street, DROP COLUMN zip")
        assert snap.compare(losses_only=True, ignore=["u.street", "u.zip"]) == []
        (gone,) = snap.compare(losses_only=True, ignore=["u.street"])
        assert (gone.kind, gone.table, gone.column) == (Kind.COLUMN_MISSING, "u", "zip")
    finally:
        local_target.release([mysql, store])


@pytest.mark.parametrize(
    "engine_name", ["ReplicatedReplacingMergeTree", "SharedReplacingMergeTree", "MergeTree", "Log", "Buffer"]
)
def test_only_a_local_merging_table_is_cloned_for_its_copy(engine_name: str) -> None:
    """Cloning a Replicated (or Shared) table would make the copy join its replicas, and a Buffer or similar
    would write into its destination: those are copied as a plain MergeTree of their rows."""
    sql = ClickHouseDialect()
    (plain,) = sql.copy_table("`s`.`t`", "`d`.`t`", ["a"], engine_name)
    assert plain.startswith("CREATE TABLE `s`.`t` ENGINE = MergeTree ORDER BY tuple() AS SELECT `a` FROM `d`.`t`")
    clone, hold, attach = sql.copy_table("`s`.`t`", "`d`.`t`", ["a"], "ReplacingMergeTree", ["202401"])
    assert clone == "CREATE TABLE `s`.`t` AS `d`.`t`" and "MODIFY SETTING" in hold
    assert attach == "ALTER TABLE `s`.`t` ATTACH PARTITION ID '202401' FROM `d`.`t`"


def test_rows_renumbered_by_a_rerun_pair_by_a_unique_key_and_show_what_changed(local_target: LocalTarget) -> None:
    """A re-run writes rows again under new AUTO_INCREMENT ids, which comparisons of runs leave out: the rows
    then pair by the table's unique key, so a value that differs shows as changed (with the hint that goes
    with a stamped column), not as whole rows on each side."""
    mysql = local_target.scratch("mysql", "renumbered")
    store = local_target.scratch("mysql", "renumbered_copy")
    try:
        mysql.execute("CREATE TABLE l (id BIGINT AUTO_INCREMENT PRIMARY KEY, project_id CHAR(3) NOT NULL, "
                      "label VARCHAR(9) NOT NULL, added_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "
                      "UNIQUE KEY uq (project_id, label))")  # fmt: skip
        mysql.execute("INSERT INTO l (project_id, label, added_at) VALUES ('p1', 'current', '2024-01-01 00:00:00')")
        snap = take_snapshot(mysql, store, "first run")
        mysql.execute("DELETE FROM l")
        mysql.execute("INSERT INTO l (project_id, label, added_at) VALUES ('p1', 'current', '2024-01-01 00:00:01')")
        (found,) = snap.compare(ignore=["l.id"])
        assert "changed project_id='p1', label='current': added_at: '2024-01-01 00:00:00' -> " in str(found)
        assert 'declare it in the spec under the database: volatile = ["l.added_at"]' in str(found)
        assert snap.compare(ignore=["l.id", "l.added_at"]) == []
    finally:
        local_target.release([mysql, store])


def test_columns_the_server_stamps_with_the_time_of_the_write(local_target: LocalTarget) -> None:
    """Left out of comparisons of one run with another: the clock, not the migration, decides whether they
    differ. An ON UPDATE column stays in a re-run's comparison with itself (a re-run that updates its rows
    moves it); a UUID default stays in everywhere (generated IDs must be the same in every run)."""
    mysql = local_target.scratch("mysql", "stamped")
    chdb = local_target.scratch("clickhouse", "stamped")
    try:
        mysql.execute("CREATE TABLE s (id INT PRIMARY KEY, added_at DATETIME DEFAULT CURRENT_TIMESTAMP, "
                      "seen TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), "
                      "day DATE DEFAULT (CURDATE()), token CHAR(36) DEFAULT (UUID()), n INT DEFAULT 0)")  # fmt: skip
        chdb.execute("CREATE TABLE c (id UInt32, copied_at DateTime DEFAULT now(), token UUID DEFAULT "
                     "generateUUIDv4()) ENGINE = MergeTree ORDER BY id")  # fmt: skip
        assert sorted(stamped_columns(mysql)) == ["s.added_at", "s.day", "s.seen"]
        assert sorted(stamped_columns(mysql, updates=False)) == ["s.added_at", "s.day"]
        assert stamped_columns(chdb) == ["c.copied_at"]
    finally:
        local_target.release([mysql, chdb])
