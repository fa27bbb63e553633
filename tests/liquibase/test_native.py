"""NativeRunner on a real throwaway MariaDB and on chdb: bookkeeping, commands, failures, locks, rewrites."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lb_support import CH_CORPUS

from migration_harness.errors import ChangesetFailed, HarnessError
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.checksum import changeset_checksum
from migration_harness.liquibase.history import LockHeld, history_for
from migration_harness.targets.local import LocalTarget

LOG = """--liquibase formatted sql
--changeset a:1
create table t (id int primary key, v varchar(20));
--rollback drop table t;
--changeset a:2 labels:seed context:dev
--comment seed rows
insert into t values (1, 'one');
insert into t values (2, 'two');
--rollback delete from t where id in (1, 2);
--changeset a:3
alter table t add column w int null;
--rollback alter table t drop column w;
"""


def write(tmp_path: Path, text: str, name: str = "changelog.sql") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def mysql(lb_target: LocalTarget):  # type: ignore[no-untyped-def]
    return lb_target.scratch("mysql", "native")


def test_update_records_liquibase_rows(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG)))
    assert [cs.id for cs in runner.status()] == ["1", "2", "3"]
    runner.update()
    rows = runner.applied()
    assert [(r["ID"], r["ORDEREXECUTED"], r["EXECTYPE"]) for r in rows] == [
        ("1", 1, "EXECUTED"), ("2", 2, "EXECUTED"), ("3", 3, "EXECUTED"),
    ]  # fmt: skip
    assert rows[1]["COMMENTS"] == "seed rows" and rows[0]["COMMENTS"] == ""
    assert (rows[1]["CONTEXTS"], rows[1]["LABELS"], rows[1]["DESCRIPTION"]) == ("dev", "seed", "sql")
    assert {r["LIQUIBASE"] for r in rows} == {"4.28.0"}
    assert len({r["DEPLOYMENT_ID"] for r in rows}) == 1 and re.fullmatch(r"\d{10}", rows[0]["DEPLOYMENT_ID"])
    assert runner.status() == [] and runner.validate() == []
    assert mysql.query("select count(*) from t") == [(2,)]


def test_history_read_once_per_command_is_never_stale(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Each command reads DATABASECHANGELOG once under the lock; a write between commands (another tool, a DBA)
    # is seen by the next command, and a command's own records by its next changeset.
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG)))
    runner.update_count(2)
    mysql.execute("DELETE FROM DATABASECHANGELOG WHERE ID = '2'")
    mysql.execute("DELETE FROM t")
    assert [cs.id for cs in runner.status()] == ["2", "3"]
    runner.update()
    assert [(r["ID"], r["ORDEREXECUTED"]) for r in runner.applied()] == [("1", 1), ("2", 2), ("3", 3)]
    assert mysql.query("select count(*) from t") == [(2,)]


def test_a_changeset_that_writes_the_history_is_seen_by_the_next_record(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The rows read at the start of a command are kept across changesets that leave DATABASECHANGELOG alone;
    # one whose SQL writes it makes the next record read it again (ORDEREXECUTED after the row it added).
    text = LOG.replace(
        "create table t (id int primary key, v varchar(20));",
        "create table t (id int primary key, v varchar(20));\ninsert into DATABASECHANGELOG (ID, AUTHOR, FILENAME, "
        "DATEEXECUTED, ORDEREXECUTED, EXECTYPE) values ('manual', 'dba', 'by hand', NOW(), 10, 'EXECUTED');",
    )
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, text)))
    runner.update()
    assert [(r["ID"], r["ORDEREXECUTED"]) for r in runner.applied()] == [
        ("manual", 10), ("1", 11), ("2", 12), ("3", 13)
    ]  # fmt: skip


def test_update_count_rollback_count_and_tags(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG)))
    runner.update_count(1)
    runner.tag("v1")
    runner.update()
    runner.rollback_to_tag("v1")
    assert [r["ID"] for r in runner.applied()] == ["1"] and runner.applied()[0]["TAG"] == "v1"
    assert mysql.query("select count(*) from t") == [(0,)]
    runner.update()
    runner.rollback_count(3)
    assert runner.applied() == [] and "t" not in mysql.tables()
    with pytest.raises(HarnessError, match="nope"):
        runner.rollback_to_tag("nope")


def test_contexts_and_labels_filter(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = load_changelog(write(tmp_path, LOG))
    assert [cs.id for cs in NativeRunner(mysql, log, contexts="prod").status()] == ["1", "3"]
    assert [cs.id for cs in NativeRunner(mysql, log, labels="!seed").status()] == ["1", "3"]
    assert [cs.id for cs in NativeRunner(mysql, log, contexts="dev", labels="seed").status()] == ["1", "2", "3"]


def test_failing_statement_names_changeset_and_statement(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = LOG + "--changeset b:bad\ninsert into t (id, v) values (3, 'x');\ninsert into missing_table values (1);\n"
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, text)))
    with pytest.raises(ChangesetFailed) as info:
        runner.update()
    message = str(info.value)
    assert "changelog.sql::bad::b" in message and "missing_table" in message and "1146" in message
    # the changeset ran in a transaction: its first insert was rolled back, no row recorded
    assert mysql.query("select count(*) from t where id = 3") == [(0,)]
    assert [r["ID"] for r in runner.applied()] == ["1", "2", "3"]


def test_mysql_8_json_operators_run_on_mariadb_as_the_functions_they_stand_for(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``doc->>'$.total'`` (MySQL 8; a syntax error on MariaDB) is JSON_UNQUOTE(JSON_EXTRACT(...)) by MySQL's
    own definition: a backfill written that way runs on the stand-in, text in string literals untouched."""
    text = (
        "--liquibase formatted sql\n--changeset a:1\n"
        "CREATE TABLE o (id INT PRIMARY KEY, doc JSON, total VARCHAR(20), kind VARCHAR(20), note VARCHAR(20));\n"
        "--rollback DROP TABLE o;\n--changeset a:2\n"
        """INSERT INTO o (id, doc, note) VALUES (1, '{"total": "12.50", "k": {"n": 1}}', 'a->>b');\n"""
        "UPDATE o SET total = doc->>'$.total', kind = o.doc -> '$.k' WHERE note = 'a->>b';\n--rollback SELECT 1;\n"
    )
    if mysql.sql.liquibase_name != "mariadb":
        pytest.skip("a real MySQL has its own JSON operators")
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, text)))
    runner.update()
    assert mysql.query("SELECT total, kind, note FROM o") == [("12.50", '{"n": 1}', "a->>b")]
    assert any("2 JSON operator(s)" in note for note in runner.rewrites)


@pytest.mark.parametrize(
    ("statement", "said"),
    [
        (
            "insert into t values (3, BIN_TO_UUID(UNHEX('00')))",
            "BIN_TO_UUID is a MySQL 8 function MariaDB does not have",
        ),
        ("insert into t values (3, 'x') as new on duplicate key update v = new.v", "INSERT ... AS alias ON DUPLICATE"),
    ],
)
def test_mysql_8_only_sql_on_mariadb_says_to_run_on_mysql(mysql, tmp_path: Path, statement: str, said: str) -> None:  # type: ignore[no-untyped-def]
    """A correct MySQL 8 migration that MariaDB (the local stand-in) cannot run fails with what to do about it,
    not a bare syntax error; a statement that is wrong anywhere gets no such hint."""
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG + f"--changeset b:8\n{statement};\n")))
    with pytest.raises(ChangesetFailed) as info:
        runner.update()
    assert said in str(info.value) and "--target containers" in str(info.value)
    runner = NativeRunner(
        mysql, load_changelog(write(tmp_path, LOG + "--changeset b:8\ninsert into nowhere values (1);\n"))
    )
    with pytest.raises(ChangesetFailed) as info:
        runner.update()
    assert "MariaDB stands in" not in str(info.value)


def test_rollback_without_rollback_sql_fails(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = LOG + "--changeset b:norb\ninsert into t (id, v) values (9, 'x');\n"
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, text)))
    runner.update()
    with pytest.raises(ChangesetFailed, match="has no rollback"):
        runner.rollback_count(1)
    assert len(runner.applied()) == 4


def test_checksum_drift_is_reported_and_blocks_update(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, LOG)
    NativeRunner(mysql, load_changelog(path)).update()
    path.write_text(LOG.replace("'two'", "'TWO'"), encoding="utf-8")
    runner = NativeRunner(mysql, load_changelog(path))
    problems = runner.validate()
    assert len(problems) == 1 and "changelog.sql::2::a" in problems[0]
    with pytest.raises(ChangesetFailed, match="checksums changed"):
        runner.update()


def test_run_always_and_run_on_change_record_reran(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "--liquibase formatted sql\n--changeset a:t\ncreate table r (id int);\n"
    text += "--changeset a:always runAlways:true\ninsert into r values (1);\n"
    text += "--changeset a:view runOnChange:true\ncreate or replace view rv as select 1 as x;\n"
    path = write(tmp_path, text)
    NativeRunner(mysql, load_changelog(path)).update()
    path.write_text(text.replace("select 1 as x", "select 2 as x"), encoding="utf-8")
    runner = NativeRunner(mysql, load_changelog(path))
    assert [cs.id for cs in runner.status()] == ["always", "view"]
    runner.update()
    rows = {r["ID"]: r for r in runner.applied()}
    assert (rows["always"]["EXECTYPE"], rows["view"]["EXECTYPE"]) == ("RERAN", "RERAN")
    assert mysql.query("select count(*) from r") == [(2,)] and mysql.query("select x from rv") == [(2,)]


def test_update_crashing_then_update_reruns(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    log = load_changelog(write(tmp_path, LOG))
    runner = NativeRunner(mysql, log)
    runner.update_crashing(log.changesets[1], after_statements=1)
    assert [r["ID"] for r in runner.applied()] == ["1"]
    assert mysql.query("select id from t") == [(1,)]
    runner.rerun(log.changesets[2])  # outside the bookkeeping
    assert [r["ID"] for r in runner.applied()] == ["1"]
    mysql.execute("alter table t drop column w")
    mysql.execute("delete from t")
    runner.update()
    assert mysql.query("select count(*) from t") == [(2,)] and len(runner.applied()) == 3


def test_update_testing_rollback(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG)))
    runner.update_testing_rollback()
    assert [r["ORDEREXECUTED"] for r in runner.applied()] == [1, 2, 3]
    assert mysql.query("select count(*) from t") == [(2,)]


def test_precondition_halt(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "--liquibase formatted sql\n--changeset a:1\n--preconditions onFail:HALT\n"
    text += "--precondition-table-exists table:nothere\nselect 1;\n"
    with pytest.raises(ChangesetFailed, match="nothere"):
        NativeRunner(mysql, load_changelog(write(tmp_path, text))).update()


def test_rerun_probe_honours_preconditions(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A statement that cannot run twice, guarded by a precondition that marks it ran: Liquibase runs it again
    only if the precondition holds, and so does the idempotency probe."""
    text = "--liquibase formatted sql\n--changeset a:1\ncreate table t (id int);\n--changeset a:2\n"
    text += "--preconditions onFail:MARK_RAN\n--precondition-sql-check expectedResult:0 "
    text += "select count(*) from information_schema.columns where table_schema = database() and column_name = 'w'\n"
    text += "alter table t add column w int;\n"
    log = load_changelog(write(tmp_path, text))
    runner = NativeRunner(mysql, log)
    runner.update()
    runner.rerun(log.changesets[1])  # skipped by its precondition: no "Duplicate column name 'w'"
    columns = "select column_name from information_schema.columns where table_name = 't' and table_schema = database()"
    assert sorted(r[0] for r in mysql.query(columns)) == ["id", "w"]


@pytest.mark.parametrize("dialect", ["mysql", "clickhouse"])
def test_lock_held_gives_clear_error(lb_target: LocalTarget, tmp_path: Path, dialect: str) -> None:
    engine = lb_target.scratch(dialect, "lock")
    holder = history_for(engine)
    holder.acquire()
    log = load_changelog(write(tmp_path, "--liquibase formatted sql\n--changeset a:1\nselect 1;\n"))
    with pytest.raises(LockHeld, match="DATABASECHANGELOGLOCK is held by"):
        NativeRunner(engine, log).update()
    holder.release()
    NativeRunner(engine, log).update()
    assert len(NativeRunner(engine, log).applied()) == 1


def test_clickhouse_single_node_rewrite(lb_target: LocalTarget) -> None:
    engine = lb_target.scratch("clickhouse", "cluster")
    log = load_changelog(CH_CORPUS / "cluster.sql")
    runner = NativeRunner(engine, log, single_node=True)
    runner.update()
    assert any("ReplicatedReplacingMergeTree" in note and "ReplacingMergeTree(ver)" in note for note in runner.rewrites)
    assert any("ON CLUSTER" in note for note in runner.rewrites)
    assert engine.scalar("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = 'events'") == (
        "ReplacingMergeTree"
    )
    assert engine.query("SELECT kind, source FROM events FINAL") == [("newer", "x")]
    rows = runner.applied()
    # bookkeeping carries the checksums of the original cluster text
    assert [r["MD5SUM"] for r in rows] == [cs.checksum for cs in log.changesets]
    assert rows[0]["MD5SUM"] == changeset_checksum([log.changesets[0].sql]) and "{replica}" in log.changesets[0].sql
    assert runner.status() == [] and runner.validate() == []
    runner.rollback_count(4)
    assert runner.applied() == [] and set(engine.tables()) == {"DATABASECHANGELOG", "DATABASECHANGELOGLOCK"}


def test_clickhouse_corpus_update_status_rollback(lb_target: LocalTarget) -> None:
    engine = lb_target.scratch("clickhouse", "single")
    runner = NativeRunner(engine, load_changelog(CH_CORPUS / "single.sql"))
    assert [cs.id for cs in runner.status()] == ["t", "seed", "mv"]  # dbms:mariadb is filtered out
    runner.update()
    assert [(r["ID"], r["ORDEREXECUTED"], r["EXECTYPE"]) for r in runner.applied()] == [
        ("t", 1, "EXECUTED"), ("seed", 2, "EXECUTED"), ("mv", 3, "EXECUTED"),
    ]  # fmt: skip
    assert engine.query("SELECT name, peak FROM metrics_v ORDER BY name") == [["cpu", 0.5], ["mem; used", 1.5]] or (
        engine.query("SELECT name, peak FROM metrics_v ORDER BY name") == [("cpu", 0.5), ("mem; used", 1.5)]
    )
    runner.rollback_count(2)
    assert [r["ID"] for r in runner.applied()] == ["t"]
    assert engine.scalar("SELECT count() FROM metrics") == 0
    runner.update()
    assert runner.status() == [] and len(runner.applied()) == 3


def test_mysql_8_collations_run_on_mariadb_as_its_nearest(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """DDL written on MySQL 8 (utf8mb4_0900_ai_ci, what it and mysqldump write) runs on the MariaDB standing
    in for it with the nearest collation, NO PAD and insensitive alike; the checksum is the original text's,
    and the report lists the rewrite."""
    text = (
        "--liquibase formatted sql\n--changeset a:1\n"
        "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(50) COLLATE utf8mb4_0900_ai_ci) "
        "DEFAULT CHARSET=utf8mb4 COLLATE=UTF8MB4_0900_AI_CI;\n--rollback DROP TABLE u;\n"
    )
    log = load_changelog(write(tmp_path, text))
    runner = NativeRunner(mysql, log)
    if mysql.sql.liquibase_name != "mariadb":
        pytest.skip("a real MySQL knows its own collations")
    runner.update()
    column = "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME"
    assert mysql.scalar(f"{column} = 'email'").endswith("uca1400_nopad_ai_ci")
    assert mysql.query("SELECT 'Ann' = 'ann ' COLLATE utf8mb4_uca1400_nopad_ai_ci") == [(0,)]  # NO PAD, as MySQL 8
    assert runner.applied()[0]["MD5SUM"] == log.changesets[0].checksum  # of the text as written
    assert runner.rewrites == [
        "changelog.sql::1::a: utf8mb4_0900_ai_ci -> utf8mb4_uca1400_nopad_ai_ci (MariaDB stands in for MySQL 8)",
        "changelog.sql::1::a: UTF8MB4_0900_AI_CI -> utf8mb4_uca1400_nopad_ai_ci (MariaDB stands in for MySQL 8)",
    ]


def test_a_changeset_failing_when_it_runs_again_says_why_and_how_to_guard_it(mysql, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The idempotency suite runs changesets again (as after a crash that lost their DATABASECHANGELOG rows);
    one whose DDL finds its object there fails with that said, and with how to guard it."""
    from migration_harness.suites.idempotency import rerun

    runner = NativeRunner(mysql, load_changelog(write(tmp_path, LOG)))
    runner.update()
    first = runner.log.changesets[0]  # create table t, no IF NOT EXISTS
    with pytest.raises(pytest.fail.Exception) as info:
        rerun("mysql: the migration's SQL ran a second time", lambda: runner.rerun(first))
    said = str(info.value)
    assert said.startswith("mysql: the migration's SQL ran a second time, and the re-run failed:\n")
    assert "1050" in said and "create it IF NOT EXISTS, or guard the changeset with a precondition" in said
    assert info.value.__context__ is None  # no driver traceback chained to it


def test_xml_preconditions_guard_clickhouse_changesets(lb_target: LocalTarget, tmp_path: Path) -> None:
    """An XML (or YAML) <preConditions> is evaluated by the built-in engine, which is the only one ClickHouse
    changelogs run on: a guarded CREATE, ADD COLUMN and backfill are skipped (MARK_RAN) where their object or
    rows are already there, and run where they are not."""
    engine = lb_target.scratch("clickhouse", "preconditions")
    body = """
  <changeSet id="t" author="a">
    <sql>CREATE TABLE t (id UInt32, INDEX ix id TYPE minmax GRANULARITY 1) ENGINE = MergeTree ORDER BY id</sql>
    <rollback><sql>DROP TABLE t</sql></rollback>
  </changeSet>
  <changeSet id="create-again" author="a">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="t"/></not></preConditions>
    <sql>CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id</sql>
    <rollback><sql>DROP TABLE t</sql></rollback>
  </changeSet>
  <changeSet id="column" author="a">
    <preConditions onFail="MARK_RAN"><not><columnExists tableName="t" columnName="v"/></not></preConditions>
    <sql>ALTER TABLE t ADD COLUMN v String</sql>
    <rollback><sql>ALTER TABLE t DROP COLUMN v</sql></rollback>
  </changeSet>
  <changeSet id="seed" author="a">
    <preConditions onFail="MARK_RAN">
      <and><tableIsEmpty tableName="t"/><indexExists indexName="ix" tableName="t"/><dbms type="clickhouse"/></and>
    </preConditions>
    <sql>INSERT INTO t VALUES (1, 'one')</sql>
    <rollback><sql>TRUNCATE TABLE t</sql></rollback>
  </changeSet>
  <changeSet id="seed-again" author="a">
    <preConditions onFail="MARK_RAN"><rowCount tableName="t" expectedRows="0"/></preConditions>
    <sql>INSERT INTO t VALUES (2, 'two')</sql>
    <rollback><sql>ALTER TABLE t DELETE WHERE id = 2 SETTINGS mutations_sync = 1</sql></rollback>
  </changeSet>
</databaseChangeLog>
"""
    ns = "http://www.liquibase.org/xml/ns/dbchangelog"
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="{ns}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{ns} {ns}/dbchangelog-4.28.xsd">'
    )
    runner = NativeRunner(engine, load_changelog(write(tmp_path, head + body, "changelog.xml")))
    runner.update()
    outcome = [(r["ID"], r["EXECTYPE"]) for r in runner.applied()]
    assert outcome == [
        ("t", "EXECUTED"), ("create-again", "MARK_RAN"), ("column", "EXECUTED"), ("seed", "EXECUTED"),
        ("seed-again", "MARK_RAN"),
    ]  # fmt: skip
    assert engine.query("SELECT id, v FROM t") in ([(1, "one")], [[1, "one"]])
