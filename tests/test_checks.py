"""Each declared invariant on both real engines: silent on a correct copy, and one finding naming the rows
when a single row is wrong."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from migration_harness import checks
from migration_harness.dialects import reading_from
from migration_harness.diffs import take_snapshot
from migration_harness.engines import Engine
from migration_harness.engines.mysql import MySQLEngine
from migration_harness.findings import Finding, Kind
from migration_harness.spec import Mapping, Relation, Rollup, TableRef
from migration_harness.targets.local import LocalTarget

MAPPING = Mapping(
    name="src -> tgt",
    database="",  # set per engine below
    source="src",
    target="tgt",
    key={"src_id": "id"},
    target_filter="mark <> 'app'",
    id_rules={"src_id": "id"},
    preserve={"val": "val"},
    constants={"mark": "m"},
    group_by={"grp": "grp"},
)
ROWS = [(1, "a", "x"), (2, "a", None), (3, "b", "z")]


@pytest.fixture(params=["mysql", "clickhouse"])
def engine(request: pytest.FixtureRequest, local_target: LocalTarget) -> Iterator[Engine]:
    engine = local_target.scratch(request.param, "checks")
    tail = " ENGINE = MergeTree ORDER BY tuple()" if request.param == "clickhouse" else ""
    nullable = "Nullable(String)" if request.param == "clickhouse" else "VARCHAR(10) NULL"
    engine.execute(f"CREATE TABLE src (id INT, grp VARCHAR(5), val {nullable}){tail}")
    engine.execute(f"CREATE TABLE tgt (src_id INT, grp VARCHAR(5), val {nullable}, mark VARCHAR(5)){tail}")
    values = ", ".join(f"({i}, '{g}', {'NULL' if v is None else repr(v)})" for i, g, v in ROWS)
    engine.execute(f"INSERT INTO src VALUES {values}")
    engine.execute("INSERT INTO tgt SELECT id, grp, val, 'm' FROM src")
    engine.execute("INSERT INTO tgt VALUES (99, 'a', 'app row', 'app')")  # outside target_filter: not the copy's
    yield engine
    local_target.release([engine])


def mapping_for(engine: Engine) -> Mapping:
    return Mapping(**{**MAPPING.__dict__, "database": engine.dialect})


ALL = [checks.total_parity, checks.group_parity, checks.missing_targets, checks.duplicate_targets,
       checks.preserved_columns, checks.declared_constants, checks.id_rules]  # fmt: skip


def test_a_correct_copy_has_no_findings(engine: Engine) -> None:
    mapping = mapping_for(engine)
    assert [finding for check in ALL for finding in check(engine, mapping)] == []


def delete(where: str) -> Callable[[Engine], None]:
    def run(engine: Engine) -> None:
        if engine.dialect == "clickhouse":
            engine.execute(f"ALTER TABLE tgt DELETE WHERE {where} SETTINGS mutations_sync = 2")
        else:
            engine.execute(f"DELETE FROM tgt WHERE {where}")

    return run


def update(assignment: str, where: str) -> Callable[[Engine], None]:
    def run(engine: Engine) -> None:
        if engine.dialect == "clickhouse":
            engine.execute(f"ALTER TABLE tgt UPDATE {assignment} WHERE {where} SETTINGS mutations_sync = 2")
        else:
            engine.execute(f"UPDATE tgt SET {assignment} WHERE {where}")

    return run


def insert(values: str) -> Callable[[Engine], None]:
    return lambda engine: engine.execute(f"INSERT INTO tgt VALUES {values}")


BREAKS: list[tuple[str, Callable[[Engine], None], Callable[..., list[Finding]], Kind, str]] = [
    ("lost row", delete("src_id = 3"), checks.total_parity, Kind.ROW_COUNT, "3 row(s) in source src, but 2 migrated"),
    ("lost row", delete("src_id = 3"), checks.group_parity, Kind.GROUP_COUNTS, "grp='b': 1 in src, 0 in tgt"),
    ("lost row", delete("src_id = 3"), checks.missing_targets, Kind.NOT_MIGRATED,
     "1 source row(s) of src have no migrated row in tgt"),
    ("copied twice", insert("(1, 'a', 'x', 'm')"), checks.duplicate_targets, Kind.MIGRATED_TWICE,
     "1 key(s) appear more than once in tgt: (src_id=1, copies=2)"),
    ("NULL lost", update("val = ''", "src_id = 2"), checks.preserved_columns, Kind.COLUMN_DIFFERS,
     "column tgt.val differs from src.val in 1 row(s): (id=2, src.val=None, tgt.val='')"),
    ("wrong mark", update("mark = 'M'", "src_id = 1"), checks.declared_constants, Kind.CONSTANT_DIFFERS,
     "tgt.mark must be 'm'"),
    ("random id", update("src_id = 7", "src_id = 1"), checks.id_rules, Kind.ORPHAN_TARGET,
     "1 migrated row(s) match no src row by key, so their IDs break the rule tgt.src_id = src.id"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "change", "check", "kind", "expected"), BREAKS, ids=[f"{b[2].__name__}: {b[0]}" for b in BREAKS]
)
def test_one_wrong_row_is_found_and_named(
    engine: Engine,
    what: str,
    change: Callable[[Engine], None],
    check: Callable[..., list[Finding]],
    kind: Kind,
    expected: str,
) -> None:
    change(engine)
    (found,) = check(engine, mapping_for(engine))
    assert (found.kind, found.database, found.table, found.count) == (kind, engine.dialect, "tgt", 1), found
    assert expected in str(found), str(found)


@pytest.mark.parametrize(("what", "change"), [(b[0], b[1]) for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_every_mapping_problem_found_as_each_check_finds_it(
    engine: Engine, what: str, change: Callable[[Engine], None]
) -> None:
    """mapping_problems proves a correct mapping with one checksum pass per side; whatever is wrong still comes
    out as the checks themselves find it."""
    change(engine)
    mapping = mapping_for(engine)
    one_by_one = [str(f) for check in checks.MAPPING_CHECKS for f in check(engine, mapping)]
    assert one_by_one
    assert [str(f) for f in checks.mapping_problems(engine, mapping)] == one_by_one


def _pair(engine: Engine, source_type: str, target_type: str, source_values: str, target_values: str) -> Mapping:
    tail = " ENGINE = MergeTree ORDER BY tuple()" if engine.dialect == "clickhouse" else ""
    engine.execute(f"CREATE TABLE s2 (id {source_type}, v {source_type}){tail}")
    engine.execute(f"CREATE TABLE t2 (id {target_type}, v {target_type}){tail}")
    engine.execute(f"INSERT INTO s2 VALUES {source_values}")
    engine.execute(f"INSERT INTO t2 VALUES {target_values}")
    return Mapping(name="s2 -> t2", database=engine.dialect, source="s2", target="t2", key={"id": "id"},
                   preserve={"v": "v"})  # fmt: skip


@pytest.mark.parametrize(
    ("dialect", "types", "rows", "kind"),
    [
        # equal stored bytes, unequal values: the checksum must not stand for the comparison
        ("clickhouse", ("Int32", "UInt32"), ("(1, -1)", "(1, 4294967295)"), Kind.COLUMN_DIFFERS),
        # FLOAT prints 6 digits: 1.0000001 and 1.0000002 must not checksum alike
        ("mysql", ("FLOAT", "FLOAT"), ("(1, 1.0000001)", "(1, 1.0000002)"), Kind.COLUMN_DIFFERS),
        # a NULL key is copied as it is, yet matches nothing as the join compares it
        ("mysql", ("INT NULL", "INT NULL"), ("(NULL, 1)", "(NULL, 1)"), Kind.NOT_MIGRATED),
        ("clickhouse", ("Nullable(Int32)", "Nullable(Int32)"), ("(NULL, 1)", "(NULL, 1)"), Kind.NOT_MIGRATED),
        # the same row twice on both sides: identical multisets, yet a key migrated twice
        ("mysql", ("INT", "INT"), ("(1, 1), (1, 1)", "(1, 1), (1, 1)"), Kind.MIGRATED_TWICE),
        ("clickhouse", ("Int32", "Int32"), ("(1, 1), (1, 1)", "(1, 1), (1, 1)"), Kind.MIGRATED_TWICE),
    ],
)
def test_what_checksums_cannot_prove_still_fails(
    local_target: LocalTarget, dialect: str, types: tuple[str, str], rows: tuple[str, str], kind: Kind
) -> None:
    engine = local_target.scratch(dialect, "proof")
    mapping = _pair(engine, *types, *rows)
    one_by_one = [f.kind for check in checks.MAPPING_CHECKS for f in check(engine, mapping)]
    assert kind in one_by_one
    assert [f.kind for f in checks.mapping_problems(engine, mapping)] == one_by_one
    local_target.release([engine])


def test_a_unique_index_spares_the_duplicate_scan_only_where_it_forbids_duplicates(local_target: LocalTarget) -> None:
    """A primary key makes a repeated key impossible; a unique index over a nullable column does not (NULLs
    repeat), and there the scan still runs and finds them."""
    engine = local_target.scratch("mysql", "unique")
    engine.execute("CREATE TABLE s2 (id INT NULL)")
    engine.execute("CREATE TABLE t2 (id INT NULL, UNIQUE KEY t2_id (id))")
    engine.execute("INSERT INTO t2 VALUES (NULL), (NULL), (1)")
    mapping = Mapping(name="s2 -> t2", database="mysql", source="s2", target="t2", key={"id": "id"})
    assert engine.unique_keys("t2") == []
    assert [f.kind for f in checks.duplicate_targets(engine, mapping)] == [Kind.MIGRATED_TWICE]
    engine.execute("CREATE TABLE t3 (id INT NOT NULL, other INT, PRIMARY KEY (id))")
    assert engine.unique_keys("t3") == [["id"]]
    assert checks.duplicate_targets(engine, Mapping(**{**mapping.__dict__, "target": "t3"})) == []
    local_target.release([engine])


def test_only_tables_that_keep_one_row_per_key_read_final_count_as_unique(local_target: LocalTarget) -> None:
    """A source read FINAL from a ReplacingMergeTree cannot hold two rows of one sorting key, so the check for
    source rows a target would collapse need not scan; FINAL on a CollapsingMergeTree promises no such thing."""
    engine = local_target.scratch("clickhouse", "final")
    engine.execute("CREATE TABLE r (a Int32, b Int32, v String) ENGINE = ReplacingMergeTree ORDER BY (a, b)")
    engine.execute("CREATE TABLE c (a Int32, s Int8) ENGINE = CollapsingMergeTree(s) ORDER BY a")
    engine.execute("CREATE TABLE m (a Int32) ENGINE = MergeTree ORDER BY a")
    assert [engine.unique_when_final(t) for t in ("r", "c", "m")] == [["a", "b"], [], []]
    engine.execute("INSERT INTO r VALUES (1, 1, 'old')")
    engine.execute("INSERT INTO r VALUES (1, 1, 'new')")  # two parts: one row under FINAL
    mapping = Mapping(name="r", database="clickhouse", source="r", target="r", key={"a": "a", "b": "b"})
    assert checks._source_unique_on(engine, replace(mapping, source_read="FINAL"), ["a", "b", "v"])
    assert not checks._source_unique_on(engine, mapping, ["a", "b", "v"])  # read as stored: two rows
    assert not checks._source_unique_on(engine, replace(mapping, source_read="FINAL"), ["a"])
    local_target.release([engine])


@pytest.mark.parametrize(
    ("float_type", "other"), [("Float64", "1.0"), ("Nullable(Float64)", "NULL")], ids=["Float64", "Nullable"]
)
def test_a_nan_copied_as_nan_is_the_same_value(local_target: LocalTarget, float_type: str, other: str) -> None:
    """SQL says NaN equals nothing, itself included (ClickHouse's isNotDistinctFrom too, on a Float64 that is
    not Nullable); a preserved float column copied faithfully is still equal, while NaN against a number or
    against NULL differs. MySQL stores no NaN."""
    engine = local_target.scratch("clickhouse", "nan")
    mapping = _pair(engine, float_type, float_type, "(1, nan), (2, 1.5), (4, nan)", f"(1, nan), (2, 1.5), (4, {other})")
    (found,) = checks.preserved_columns(engine, mapping)
    assert (found.kind, found.count) == (Kind.COLUMN_DIFFERS, 1) and "(id=4," in str(found), str(found)
    assert [f.kind for f in checks.mapping_problems(engine, mapping)] == [Kind.COLUMN_DIFFERS]
    engine.execute("ALTER TABLE t2 UPDATE v = nan WHERE id = 4 SETTINGS mutations_sync = 2")
    assert checks.preserved_columns(engine, mapping) == [] and checks.mapping_problems(engine, mapping) == []
    local_target.release([engine])


@pytest.mark.parametrize(
    ("changed", "value"),
    [("case", "'ANN@EXAMPLE.ORG'"), ("trailing space", "'ann@example.org '"), ("accent", "'ánn@example.org'")],
)
def test_text_is_compared_as_text_not_by_its_collation(local_target: LocalTarget, changed: str, value: str) -> None:
    """Under a case- and accent-insensitive collation (utf8mb4_unicode_ci, what most production tables
    declare) 'ANN' = 'ann' = 'ánn' and trailing spaces are ignored: a copy through LOWER() or TRIM() would be
    equal to SQL. Preserved columns, ID rules, constants and keys the join matched compare the text itself;
    the same text in another character set (latin1 -> utf8mb4) is still the same value."""
    engine = local_target.scratch("mysql", "collation")
    ci = "VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    latin = "VARCHAR(64) CHARACTER SET latin1 COLLATE latin1_swedish_ci"
    rows = "('a1', 'ann@example.org'), ('b2', 'bö')"
    mapping = replace(_pair(engine, latin, ci, rows, rows), id_rules={"id": "id"})
    assert checks.preserved_columns(engine, mapping) == [] and checks.id_rules(engine, mapping) == []
    assert checks.mapping_problems(engine, mapping) == []
    constant = replace(mapping, constants={"v": "ann@example.org"}, target_filter="id = 'a1'")
    assert checks.declared_constants(engine, constant) == []
    engine.execute(f"UPDATE t2 SET v = {value}, id = UPPER(id) WHERE id = 'a1'")
    # The key too: the join paired 'A1' with 'a1' as the collation does, yet the key was not carried as it was.
    found = checks.preserved_columns(engine, mapping)
    assert [(f.column, f.count) for f in found] == [("id", 1), ("v", 1)]
    assert "(id='a1', s2.id='a1', t2.id='A1')" in str(found[0]) and "(id='a1'," in str(found[1]), changed
    assert [f.kind for f in checks.id_rules(engine, mapping)] == [Kind.ID_RULE]
    assert [f.kind for f in checks.declared_constants(engine, constant)] == [Kind.CONSTANT_DIFFERS]
    assert Kind.COLUMN_DIFFERS in [f.kind for f in checks.mapping_problems(engine, mapping)]
    local_target.release([engine])


def test_a_group_may_be_an_expression_over_the_source_row(engine: Engine) -> None:
    """A group the migration transforms on the way (NULL values become '') is declared as SQL over the source
    row, which may name the source table; the target's group column is compared with its value."""
    engine.execute("INSERT INTO src VALUES (4, NULL, 'n')")
    engine.execute("INSERT INTO tgt VALUES (4, '', 'n', 'm')")
    mapping = replace(mapping_for(engine), group_by={"grp": "COALESCE(src.grp, '')"}, preserve={})
    assert checks.group_parity(engine, mapping) == []
    engine.execute("INSERT INTO tgt VALUES (5, '', 'extra', 'm')")
    (found,) = checks.group_parity(engine, mapping)
    assert "COALESCE(src.grp, '')='': 1 in src, 2 in tgt" in str(found), str(found)


def test_groups_of_text_are_counted_by_the_text_not_by_its_collation(local_target: LocalTarget) -> None:
    """Under utf8mb4_unicode_ci 'acme' and 'ACME' are one group: a copy that upper-cased the group column kept
    every count equal to SQL. Each side's groups are its values as they are."""
    engine = local_target.scratch("mysql", "groups")
    ci = "VARCHAR(16) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    mapping = replace(
        _pair(engine, ci, ci, "('1', 'acme'), ('2', 'acme'), ('3', 'bö')", "('1', 'ACME'), ('2', 'ACME'), ('3', 'bö')"),
        group_by={"v": "v"},
    )
    (found,) = checks.group_parity(engine, mapping)
    assert (found.kind, found.count) == (Kind.GROUP_COUNTS, 2), str(found)
    assert "v='ACME': 0 in s2, 2 in t2" in str(found) and "v='acme': 2 in s2, 0 in t2" in str(found), str(found)
    engine.execute("UPDATE t2 SET v = LOWER(v)")
    assert checks.group_parity(engine, mapping) == []
    local_target.release([engine])


def test_a_string_column_typed_on_the_way_compares_as_the_new_type(local_target: LocalTarget) -> None:
    """ClickHouse has no common type for String and UUID (or IPv4, DateTime64, numbers): a migration that types
    its String columns made every join and comparison an engine error. The text side is read as the other
    side's type; text that type cannot read differs (and is not taken for NULL)."""
    engine = local_target.scratch("clickhouse", "typed")
    engine.execute("CREATE TABLE s (id String, ip Nullable(String), g String) ENGINE = MergeTree ORDER BY id")
    engine.execute("CREATE TABLE t (id UUID, ip Nullable(IPv4), g UUID, k String) ENGINE = MergeTree ORDER BY id")
    one, two = "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"
    engine.execute(f"INSERT INTO s VALUES ('{one}', '1.2.3.4', '{one}'), ('{two}', NULL, '{one}')")
    engine.execute(f"INSERT INTO t VALUES ('{one}', '1.2.3.4', '{one}', 'x'), ('{two}', NULL, '{one}', 'x')")
    pairs = {"preserve": {"ip": "ip"}, "group_by": {"g": "g"}, "id_rules": {"id": "id"}, "constants": {"g": one}}
    mapping = Mapping(name="s -> t", database="clickhouse", source="s", target="t", key={"id": "id"}, **pairs)
    assert checks.mapping_problems(engine, mapping) == []
    for check in (checks.total_parity, checks.group_parity, checks.carried_over, checks.id_rules):
        assert check(engine, mapping) == [], check.__name__
    assert checks.declared_constants(engine, mapping) == []
    engine.execute("ALTER TABLE t UPDATE ip = '0.0.0.0' WHERE id = toUUID('" + two + "') SETTINGS mutations_sync = 2")
    (found,) = checks.preserved_columns(engine, mapping)
    assert (found.kind, found.column, found.count) == (Kind.COLUMN_DIFFERS, "ip", 1) and "'0.0.0.0'" in str(found)
    engine.execute(f"ALTER TABLE s UPDATE ip = 'not an ip' WHERE id = '{two}' SETTINGS mutations_sync = 2")
    engine.execute(f"ALTER TABLE t UPDATE ip = NULL WHERE id = toUUID('{two}') SETTINGS mutations_sync = 2")
    assert [f.column for f in checks.preserved_columns(engine, mapping)] == ["ip"]  # unreadable text is not NULL


def test_clickhouse_fixed_string_compares_with_its_padding_in_every_pass(local_target: LocalTarget) -> None:
    """A String computed into a FixedString(16) (unhex of a UUID's text): isNotDistinctFrom reads a Nullable
    FixedString without its zero padding, so the one-pass count (a LEFT JOIN) called 16 zero bytes different
    while the examples (an INNER JOIN) found none. Every pass compares as = does, padding included."""
    engine = local_target.scratch("clickhouse", "fixed")
    engine.execute("CREATE TABLE s (id UInt8, u String) ENGINE = MergeTree ORDER BY id")
    engine.execute("CREATE TABLE t (id UInt8, k FixedString(16)) ENGINE = MergeTree ORDER BY id")
    engine.execute("INSERT INTO s VALUES (1, '00000000-0000-0000-0000-000000000000'), (2, '00ff'), (3, 'ab')")
    engine.execute("INSERT INTO t SELECT id, unhex(replaceAll(u, '-', '')) FROM s")
    mapping = Mapping(name="s -> t", database="clickhouse", source="s", target="t", key={"id": "id"},
                      preserve={"k": "unhex(replaceAll(u, '-', ''))"})  # fmt: skip
    assert checks.carried_over(engine, mapping) == checks.preserved_columns(engine, mapping) == []
    engine.execute("ALTER TABLE t UPDATE k = unhex('01') WHERE id = 1 SETTINGS mutations_sync = 2")
    for found in (checks.carried_over(engine, mapping), checks.preserved_columns(engine, mapping)):
        (differs,) = found
        assert (differs.count, len(differs.examples)) == (1, 1) and "(id=1," in str(differs)
    local_target.release([engine])

    local_target.release([engine])


def test_one_pass_finds_lost_rows_and_changed_values_as_the_two_checks_do(engine: Engine) -> None:
    """all_problems counts missing rows and differing columns in one pass: same findings as each check alone."""
    delete("src_id = 3")(engine)
    update("val = 'z'", "src_id = 1")(engine)
    mapping = mapping_for(engine)
    alone = checks.missing_targets(engine, mapping) + checks.preserved_columns(engine, mapping)
    together = checks.carried_over(engine, mapping)
    assert [(f.kind, f.column, f.count) for f in together] == [
        (Kind.NOT_MIGRATED, "", 1),
        (Kind.COLUMN_DIFFERS, "val", 1),
    ]
    assert [str(f) for f in together] == [str(f) for f in alone]


def test_a_null_key_that_cannot_match_is_said_to_be_why(engine: Engine) -> None:
    """A NULL in a key column equals nothing in SQL: the row was copied, yet has no match; say why."""
    mapping = Mapping(**{**mapping_for(engine).__dict__, "key": {"src_id": "id", "val": "val"}})
    (found,) = checks.missing_targets(engine, mapping)
    assert found.count == 1
    assert "1 of them have a NULL in a key column (id, val), and keys compare with SQL equality" in str(found)
    assert "NULL" not in str(checks.missing_targets(engine, Mapping(**{**mapping.__dict__, "key": {"src_id": "id"}})))


def test_relation_across_databases_names_dangling_values(local_target: LocalTarget) -> None:
    mysql, ch = local_target.scratch("mysql", "rel"), local_target.scratch("clickhouse", "rel")
    mysql.execute("CREATE TABLE versions (id VARCHAR(5))")
    mysql.execute("INSERT INTO versions VALUES ('v1'), ('v2')")
    ch.execute("CREATE TABLE items (version_id String) ENGINE = MergeTree ORDER BY tuple()")
    ch.execute("INSERT INTO items VALUES ('v1'), ('v2'), ('v2')")
    relation = Relation(
        "items point at versions", TableRef("clickhouse", "items", "version_id"), TableRef("mysql", "versions", "id")
    )
    engines = {"mysql": mysql, "clickhouse": ch}
    assert checks.relation(engines, relation) == []
    ch.execute("INSERT INTO items VALUES ('v9')")
    (found,) = checks.relation(engines, relation)
    assert (found.kind, found.database, found.table, found.column, found.count) == (
        Kind.DANGLING,
        "clickhouse",
        "items",
        "version_id",
        1,
    )
    assert str(found) == (
        "items point at versions: 1 value(s) of clickhouse items.version_id have no match in mysql versions.id: 'v9'"
    )
    local_target.release([mysql, ch])


def test_embedded_clickhouse_reads_the_throwaway_servers_values_itself_and_finds_what_python_found(
    local_target: LocalTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chdb reads the local MariaDB's values through ``mysql()``: no value passes through Python, and every
    kind of column it is used for gives the findings the values brought over by Python gave."""
    mysql, ch = local_target.scratch("mysql", "across"), local_target.scratch("clickhouse", "across")
    mysql.execute(
        "CREATE TABLE parents (code VARCHAR(10) CHARACTER SET latin1 NULL, n BIGINT UNSIGNED, i INT, "
        "txt TEXT CHARACTER SET utf8mb4, fixed CHAR(4), day DATE)"
    )
    mysql.execute(
        "INSERT INTO parents VALUES ('bö', 18446744073709551615, -5, 'a\U0001f600', 'ab', '2024-01-02'), "
        "(NULL, 0, 7, 'A', 'x  ', '2024-01-03')"
    )
    ch.execute(
        "CREATE TABLE children (code Nullable(String), n UInt64, i Int32, txt String, fixed String, day Date) "
        "ENGINE = MergeTree ORDER BY tuple()"
    )
    ch.execute(
        "INSERT INTO children VALUES ('bö', 18446744073709551615, -5, 'a\U0001f600', 'ab', '2024-01-02'), "
        "('BÖ', 1, 8, 'a', 'x', '2024-01-04'), (NULL, 0, 7, 'A', 'x  ', '2024-01-03')"
    )
    engines = {"mysql": mysql, "clickhouse": ch}

    def dangling() -> dict[str, tuple[int, tuple[str, ...]]]:
        found = {}
        for column in ("code", "n", "i", "txt", "fixed", "day"):
            ends = TableRef("clickhouse", "children", column), TableRef("mysql", "parents", column)
            found[column] = [(f.count, f.examples) for f in checks.relation(engines, Relation("r", *ends))]
        return found

    asked: list[str] = []
    query = mysql.query
    monkeypatch.setattr(mysql, "query", lambda sql: asked.append(sql) or query(sql))
    direct = dangling()
    through_python = [sql.split(" FOR ")[-1] for sql in asked if "DISTINCT" in sql]
    assert through_python == [f"SELECT DISTINCT `day` AS v FROM `{mysql.database}`.`parents` r"]  # dates may read
    # as other text in ClickHouse (time zones): only they still come through Python
    monkeypatch.setattr(ch, "foreign_table", lambda other, table: None)  # as a ClickHouse server must do it
    assert dangling() == direct
    assert direct == {
        "code": [(1, ("'BÖ'",))],
        "n": [(1, ("1",))],
        "i": [(1, ("8",))],
        "txt": [(1, ("'a'",))],
        "fixed": [(1, ("'x  '",))],  # MySQL reads CHAR without its trailing spaces
        "day": [(1, ("'2024-01-04'",))],
    }
    local_target.release([mysql, ch])


def test_relation_compares_text_across_character_sets_and_bytes_as_bytes(local_target: LocalTarget) -> None:
    """A latin1 'bö' exists as the utf8mb4 'bö' (as bytes of their own character sets they differ); binary
    values are never converted as text, which would turn bytes that are not UTF-8 into one '?'."""
    engine = local_target.scratch("mysql", "charsets")
    engine.execute("CREATE TABLE a (code VARCHAR(10) CHARACTER SET latin1, bin VARBINARY(4))")
    engine.execute("CREATE TABLE b (code VARCHAR(10) CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci, bin VARBINARY(4))")
    engine.execute("INSERT INTO a VALUES ('bö', UNHEX('FF01')), ('x', UNHEX('FE01'))")
    engine.execute("INSERT INTO b VALUES ('bö', UNHEX('FF01')), ('X', UNHEX('FD01'))")

    def dangling(column: str) -> list[tuple[int, tuple[str, ...]]]:
        ends = (TableRef("mysql", "a", column), TableRef("mysql", "b", column))
        return [(f.count, f.examples) for f in checks.relation({"mysql": engine}, Relation("r", *ends))]

    assert dangling("code") == [(1, ("'x'",))]  # 'X' is not 'x', whatever b's collation says
    assert [count for count, _ in dangling("bin")] == [1]  # FE01; as text FE01 and FD01 would both be '?\x01'
    local_target.release([engine])


def test_tolerate_reads_what_dangled_before_the_migration(local_target: LocalTarget) -> None:
    """``tolerate`` = the same relation as it was before: values that dangled then stay tolerated, values
    the migration leaves dangling are found, even though both dangle now."""
    mysql = local_target.scratch("mysql", "tol")
    mysql.execute("CREATE TABLE projects (id INT)")
    mysql.execute("CREATE TABLE revisions (project_id INT)")
    mysql.execute("INSERT INTO projects VALUES (1), (2)")
    mysql.execute("INSERT INTO revisions VALUES (1), (9)")  # 9: a project an admin deleted long ago
    before = take_snapshot(mysql, local_target.scratch("mysql", "tol_before"), "before")
    mysql.execute("INSERT INTO revisions VALUES (2), (7)")  # the migration: 7 points nowhere
    rel = TableRef("mysql", "revisions", "project_id"), TableRef("mysql", "projects", "id")
    relation = Relation("revisions belong to projects", *rel, tolerate=rel)
    (found,) = checks.relation({"mysql": mysql}, relation, {"mysql": before.store})
    assert found.examples == ("7",) and found.count == 1
    # Without the copy from before (a live target), the same spec can only read the tables as they are now.
    assert checks.relation({"mysql": mysql}, relation) == []
    local_target.release([mysql, before.store])


def test_relation_from_mysql_to_clickhouse_brings_values_over_and_keeps_null_apart(local_target: LocalTarget) -> None:
    """The other direction: ``to`` values are brought into a session-only table of the MySQL server. A NULL
    ``from`` value refers to nothing and never dangles (as for a foreign key), and 'NULL' the text is not NULL."""
    mysql, ch = local_target.scratch("mysql", "rel2"), local_target.scratch("clickhouse", "rel2")
    mysql.execute("CREATE TABLE tags (version_id VARCHAR(5) NULL)")
    mysql.execute("INSERT INTO tags VALUES ('v1'), (NULL), ('V2')")
    ch.execute("CREATE TABLE versions (id Nullable(String)) ENGINE = MergeTree ORDER BY tuple()")
    ch.execute("INSERT INTO versions VALUES ('v1'), ('v2'), ('NULL')")
    relation = Relation(
        "tags point at versions", TableRef("mysql", "tags", "version_id"), TableRef("clickhouse", "versions", "id")
    )
    engines = {"mysql": mysql, "clickhouse": ch}
    (found,) = checks.relation(engines, relation)
    assert (found.database, found.table, found.count, found.examples) == ("mysql", "tags", 1, ("'V2'",))
    # A read-only session (a live target) may not create even a session-only table: values meet in Python.
    read_only = MySQLEngine(mysql.url, read_only=True)
    assert checks.relation({"mysql": read_only, "clickhouse": ch}, relation) == [found]
    ch.execute("INSERT INTO versions VALUES ('V2')")
    assert checks.relation(engines, relation) == []
    assert checks.relation({"mysql": read_only, "clickhouse": ch}, relation) == []
    assert mysql.query("SHOW TABLES") == [("tags",)]  # nothing left behind in the user's database
    read_only.close()
    local_target.release([mysql, ch])


def test_a_uuid_matches_its_text_in_any_case_and_text_keys_still_compare_exactly(local_target: LocalTarget) -> None:
    """ClickHouse's UUID reads as lower-case hex, and an application may keep upper-case UUIDs in a CHAR(36):
    the same UUID (RFC 9562: hex is case-insensitive). Where neither side is a UUID type, case still counts."""
    mysql, ch = local_target.scratch("mysql", "uuids"), local_target.scratch("clickhouse", "uuids")
    known, unknown = "8F14E45F-CEEA-467A-9575-0F5B1D4A8C11", "00000000-0000-4000-8000-000000000009"
    mysql.execute("CREATE TABLE accounts (id CHAR(36) NOT NULL, code CHAR(36) NOT NULL)")
    mysql.execute(f"INSERT INTO accounts VALUES ('{known}', '{known}')")
    ch.execute("CREATE TABLE usage (account UUID, code String) ENGINE = MergeTree ORDER BY tuple()")
    ch.execute(f"INSERT INTO usage VALUES ('{known.lower()}', '{known.lower()}'), ('{unknown}', '{known}')")
    engines = {"mysql": mysql, "clickhouse": ch}

    def dangling(column: str, source: str = "clickhouse") -> list[tuple[int, tuple[str, ...]]]:
        ends = [
            TableRef("clickhouse", "usage", column),
            TableRef("mysql", "accounts", "id" if column == "account" else "code"),
        ]
        if source == "mysql":
            ends.reverse()
        return [(f.count, f.examples) for f in checks.relation(engines, Relation("r", *ends))]

    assert dangling("account") == [(1, (f"'{unknown}'",))]  # found from either side, in both engines
    assert dangling("account", source="mysql") == []
    read_only = MySQLEngine(mysql.url, read_only=True)  # no session-only table there: values meet in Python
    ends = TableRef("mysql", "accounts", "id"), TableRef("clickhouse", "usage", "account")
    assert checks.relation({"mysql": read_only, "clickhouse": ch}, Relation("r", *ends)) == []
    assert dangling("code") == [(1, (f"'{known.lower()}'",))]  # text to text: the case is part of the value
    read_only.close()
    local_target.release([mysql, ch])


def test_all_problems_checks_databases_concurrently_in_declared_order(local_target: LocalTarget) -> None:
    """One thread per database; findings come back in the order of the mappings and relations declared."""
    engines = {kind: local_target.scratch(kind, "all") for kind in ("mysql", "clickhouse")}
    for kind, engine in engines.items():
        tail = " ENGINE = MergeTree ORDER BY tuple()" if kind == "clickhouse" else ""
        engine.execute(f"CREATE TABLE src (id INT, grp VARCHAR(5), val VARCHAR(10)){tail}")
        engine.execute(f"CREATE TABLE tgt (src_id INT, grp VARCHAR(5), val VARCHAR(10), mark VARCHAR(5)){tail}")
        engine.execute("INSERT INTO src VALUES (1, 'a', 'x'), (2, 'b', 'y')")
        engine.execute("INSERT INTO tgt VALUES (1, 'a', 'x', 'm')")  # id 2 not migrated
    mappings = [Mapping(**{**MAPPING.__dict__, "database": kind}) for kind in ("clickhouse", "mysql")]
    relations = [Relation("tgt ids exist", TableRef("mysql", "tgt", "src_id"), TableRef("clickhouse", "src", "id"))]
    found = checks.all_problems(engines, mappings, relations)
    assert [(f.database, f.kind) for f in found] == [
        (kind, k) for kind in ("clickhouse", "mysql") for k in (Kind.ROW_COUNT, Kind.GROUP_COUNTS, Kind.NOT_MIGRATED)
    ]
    engines["mysql"].execute("INSERT INTO tgt VALUES (5, 'a', 'x', 'm')")
    assert [f.kind for f in checks.all_problems(engines, mappings[1:], relations)][-2:] == [
        Kind.ORPHAN_TARGET,
        Kind.DANGLING,
    ]
    local_target.release(list(engines.values()))


def _rollup(engine: Engine, **changes: str) -> Rollup:
    fields: dict[str, Any] = {
        "name": "src -> totals", "database": engine.dialect, "source": "src", "target": "totals",
        "group_by": {"grp": "grp"}, "totals": {"n": "COUNT(*)", "ids": "SUM(id)"},
    }  # fmt: skip
    return Rollup(**{**fields, **changes})


def test_a_rollup_is_checked_group_by_group_over_every_target_row(engine: Engine) -> None:
    """Totals are summed over the target's rows of a group (a SummingMergeTree not merged yet, a table fed
    block by block); a group with other totals, and a group only one side has, are named with their values."""
    tail = " ENGINE = MergeTree ORDER BY grp" if engine.dialect == "clickhouse" else ""
    engine.execute(f"CREATE TABLE totals (grp VARCHAR(5), n BIGINT, ids BIGINT){tail}")
    engine.execute("INSERT INTO totals VALUES ('a', 1, 1), ('a', 1, 2), ('b', 1, 3)")  # 'a' in two rows
    engine.execute("INSERT INTO totals VALUES ('z', 0, 0)")  # a counter of nothing: what no source rows add up to
    assert checks.rollup_totals(engine, _rollup(engine)) == []
    engine.execute("INSERT INTO totals VALUES ('b', 0, 4), ('c', 1, 0)")
    engine.execute("INSERT INTO src VALUES (4, NULL, NULL)")  # a NULL group is a group too (ClickHouse: '')
    [found] = checks.rollup_totals(engine, _rollup(engine))
    assert found.kind == Kind.ROLLUP_TOTALS and found.count == 3, found
    assert str(found) == (
        f"{engine.dialect} src -> totals: 3 group(s) by grp differ, e.g. "
        f"(grp={'None' if engine.dialect == 'mysql' else repr('')}): "
        "1 row(s) in src (COUNT(*) 1, SUM(id) 4), no row in totals; "
        "(grp='b'): ids 7 in totals, SUM(id) 3 in src; "
        "(grp='c'): 1 row(s) in totals (n 1, ids 0), no row in src"
    )


def test_a_rollup_that_forgot_final_is_told_so(local_target: LocalTarget) -> None:
    ch = local_target.scratch("clickhouse", "rollup")
    try:
        ch.execute("CREATE TABLE src (id Int32, grp String, v UInt32) ENGINE = ReplacingMergeTree(v) ORDER BY id")
        ch.execute("SYSTEM STOP MERGES src")
        for version in (1, 2):
            ch.execute(f"INSERT INTO src VALUES (1, 'a', {version}), (2, 'b', {version})")
        ch.execute("CREATE TABLE totals (grp String, n UInt64) ENGINE = SummingMergeTree ORDER BY grp")
        ch.execute("INSERT INTO totals SELECT grp, count() FROM src GROUP BY grp")  # no FINAL: 2 per group
        rollup = Rollup("src -> totals", "clickhouse", "src", "totals", {"grp": "grp"}, {"n": "count()"}, "FINAL")
        [found] = checks.rollup_totals(ch, rollup)
        assert "(grp='a'): n 2 in totals, count() 1 in src" in str(found)
        assert "the totals match src read without FINAL" in str(found)
        ch.execute("TRUNCATE TABLE totals")
        ch.execute("INSERT INTO totals SELECT grp, count() FROM src FINAL GROUP BY grp")
        assert checks.rollup_totals(ch, rollup) == []
    finally:
        local_target.release([ch])


def test_an_id_rule_may_be_an_expression_over_the_source_row(engine: Engine) -> None:
    """A derived ID (a prefix, a hash of the key) is declared as the SQL that makes it; each row that breaks it
    is named with the value it should have, compared exactly (a case-insensitive collation is no excuse)."""
    rules = {"src_id": "id", "grp": "LOWER(grp)"}
    assert checks.id_rules(engine, replace(mapping_for(engine), id_rules=rules)) == []
    [found] = checks.id_rules(engine, replace(mapping_for(engine), id_rules={**rules, "grp": "UPPER(grp)"}))
    assert str(found) == (
        f"{engine.dialect} src -> tgt (mark <> 'app'): 3 row(s) break the ID rule tgt.grp = UPPER(grp) of src: "
        "(src.id=1, grp='a', expected='A'); (src.id=2, grp='a', expected='A'); (src.id=3, grp='b', expected='B')"
    )


def test_a_preserved_value_may_be_transformed_on_the_way(engine: Engine) -> None:
    """A value the migration transforms (a NULL replaced by a default, text normalised) is declared as the SQL
    that transforms it; each row where the target holds anything else is named with the value it should hold,
    in every check that compares preserved values, the one-pass proof of all_problems included."""
    kept = {"val": "COALESCE(val, '-')", "grp": "UPPER(grp)"}
    engine.execute("ALTER TABLE tgt DELETE WHERE 1 SETTINGS mutations_sync = 2" if engine.dialect == "clickhouse"
                   else "DELETE FROM tgt")  # fmt: skip
    engine.execute("INSERT INTO tgt SELECT id, UPPER(grp), COALESCE(val, '-'), 'm' FROM src")
    mapping = replace(mapping_for(engine), preserve=kept, group_by={})
    assert checks.preserved_columns(engine, mapping) == []
    assert checks.all_problems({engine.dialect: engine}, [mapping], []) == []
    wrong = replace(mapping, preserve={**kept, "val": "COALESCE(val, '')"})
    for found in (checks.preserved_columns(engine, wrong), checks.all_problems({engine.dialect: engine}, [wrong], [])):
        assert [str(f) for f in found] == [
            f"{engine.dialect} src -> tgt (mark <> 'app'): column tgt.val differs from COALESCE(val, '') of src in 1 "
            "row(s): (id=2, expected='', tgt.val='-')"
        ]


def test_a_mapping_may_read_its_source_through_a_view(local_target: LocalTarget, tmp_path: Path) -> None:
    """A migration that copies what the application reads through a view (active users) declares the view as
    the source: the spec check takes views there, as it does for rollups, and the checks read it."""
    from migration_harness.spec import load_spec
    from migration_harness.spec_check import source_problems

    (tmp_path / "c.sql").write_text("--liquibase formatted sql\n")
    (tmp_path / "spec.toml").write_text(
        '[databases.mysql]\nchangelog = "c.sql"\nmigration = ["a:1"]\n\n[[mappings]]\nname = "m"\n'
        'database = "mysql"\nsource = "active_users"\ntarget = "newsletter"\nkey = { user_id = "id" }\n'
        'preserve = { email = "email" }\n'
    )
    spec = load_spec(tmp_path / "spec.toml")
    mysql = local_target.scratch("mysql", "viewsource")
    try:
        mysql.execute("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(20), deleted_at DATETIME NULL)")
        mysql.execute("CREATE VIEW active_users AS SELECT id, email FROM users WHERE deleted_at IS NULL")
        assert source_problems(spec, {"mysql": mysql}) == []
        mysql.execute("CREATE TABLE newsletter (user_id INT PRIMARY KEY, email VARCHAR(20))")
        mysql.execute("INSERT INTO users VALUES (1, 'a@x', NULL), (2, 'b@x', NOW())")
        mysql.execute("INSERT INTO newsletter VALUES (1, 'a@x'), (2, 'b@x')")
        [found] = checks.total_parity(mysql, spec.mappings[0])
        assert "1 row(s) in source active_users, but 2 migrated row(s) in newsletter" in str(found)
    finally:
        local_target.release([mysql])


def test_a_filter_on_the_copy_from_before_reads_that_copy_s_tables() -> None:
    """``source_at = "before"`` with "datasets that had no version yet" (NOT EXISTS (SELECT ... FROM
    dataset_versions ...)): the subquery read the migrated database, where every dataset has one now, so no
    row was in scope. Names after FROM and JOIN that the copy holds are qualified with it; text in quotes,
    qualified names, table functions and names the copy lacks stay as written."""
    written = (
        "NOT EXISTS (SELECT 1 FROM dataset_versions v WHERE v.dataset_id = datasets.id) AND note <> 'FROM "
        "datasets' AND YEAR(created_at) > 1 AND id IN (SELECT a FROM `datasets` JOIN other.t ON 1 JOIN numbers(3) "
        "JOIN new_table) AND k in (select 1 from\ndataset_versions)"
    )
    assert reading_from(written, "mh_before", {"datasets", "dataset_versions"}) == (
        "NOT EXISTS (SELECT 1 FROM `mh_before`.`dataset_versions` v WHERE v.dataset_id = datasets.id) AND note <> "
        "'FROM datasets' AND YEAR(created_at) > 1 AND id IN (SELECT a FROM `mh_before`.`datasets` JOIN other.t ON 1 "
        "JOIN numbers(3) JOIN new_table) AND k in (select 1 from\n`mh_before`.`dataset_versions`)"
    )


def test_a_preserved_expression_of_one_value_on_every_row_is_named(engine: Engine) -> None:
    """JSON_EXTRACT(doc, '$.customer.email') of documents that never hold that path is NULL on both sides
    (ClickHouse's JSONExtractString: ''): equal, and proving nothing (a wrong path passed). Such expressions
    are named, for NOT VERIFIED."""
    mapping = replace(mapping_for(engine), preserve={"val": "CASE WHEN id < 0 THEN val END", "grp": "grp"})
    assert checks.one_value_everywhere(engine, mapping) == ["val"]
    assert checks.one_value_everywhere(
        engine, replace(mapping, preserve={"val": "CASE WHEN id < 0 THEN 'x' ELSE '' END"})
    ) == ["val"]
    assert (
        checks.one_value_everywhere(engine, replace(mapping, preserve={"val": "CASE WHEN id > 1 THEN val END"})) == []
    )
    assert checks.one_value_everywhere(engine, replace(mapping, preserve={"val": "CASE WHEN id > 2 THEN '' END"})) == []
    assert checks.one_value_everywhere(engine, replace(mapping, source_filter="id = 1")) == []  # one row: too few


@pytest.mark.parametrize(
    ("sql", "joins"),
    [
        ("SELECT a FROM (SELECT x FROM t JOIN u ON 1) s LEFT JOIN v ON 1", False),
        ("SELECT (SELECT MIN(c2.id) FROM c c2 JOIN c c1 ON c1.e = c2.e WHERE c1.id = o.cid) FROM o", True),
        ("SELECT * FROM o WHERE NOT EXISTS (SELECT 1 FROM c JOIN d ON 1)", True),
        ("SELECT * FROM o WHERE NOT EXISTS (SELECT 1 FROM c WHERE c.a = o.a)", False),
        ("SELECT 'JOIN (SELECT' FROM a JOIN b ON 1", False),
        ("SELECT * FROM a WHERE id IN (SELECT id FROM (SELECT id FROM b JOIN c ON 1) z)", True),
    ],
)
def test_hashed_joins_stay_off_where_a_subquery_would_build_one_per_row(sql: str, joins: bool) -> None:
    """A spec's subquery that joins (the customer an order's was merged into) ran 21 s over 3,000 rows with
    MariaDB's hashed join buffers, which it builds again for every row; derived tables keep them."""
    from migration_harness.dialects.mysql import MariaDBDialect

    level = "join_cache_level = 2," if joins else "join_cache_level = 4,"
    assert level in MariaDBDialect().analytic(sql)
