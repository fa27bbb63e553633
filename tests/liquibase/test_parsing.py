"""Formatted SQL / XML parsing and checksums, against values the real Liquibase 4.28 CLI recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_harness.errors import ChangelogError, HarnessError
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.checksum import changeset_checksum
from migration_harness.liquibase.sqlsplit import split_statements
from migration_harness.targets.local import LocalTarget


def write(tmp_path: Path, text: str, name: str = "changelog.sql", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


# (SQL body, MD5SUM Liquibase 4.28 stored for it on MariaDB)
KNOWN = [
    (
        "create table t1 (id int primary key, name varchar(20));\ninsert into t1 values (1, 'a;b');",
        "9:9ca91911632be052d71726339243b5e2",
    ),
    ("insert into t1 values (2, 'x');", "9:b209b02a20d4cd4283cac684aa9c218f"),
    ("create table fromcli (id int);", "9:ddcaeb9b13abcfd623679630c68c4814"),
]


@pytest.mark.parametrize(("sql", "expected"), KNOWN)
def test_checksum_matches_liquibase(sql: str, expected: str) -> None:
    assert changeset_checksum([sql]) == expected


def test_checksum_ignores_whitespace_and_line_endings(tmp_path: Path) -> None:
    body = "--liquibase formatted sql\n--changeset a:1\ncreate table t1 (id int primary key, name varchar(20));\n"
    body += "insert into t1 values (1, 'a;b');\n--rollback drop table t1;\n"
    lf = load_changelog(write(tmp_path, body, "lf.sql")).changesets[0]
    crlf = load_changelog(write(tmp_path, body, "crlf.sql", newline="\r\n")).changesets[0]
    assert lf.checksum == crlf.checksum == KNOWN[0][1]
    assert lf.rollback == ["drop table t1"]


def test_changeset_attributes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "--liquibase formatted sql\n"
        '--changeset "jane doe":"id with space" runOnChange:true runAlways:true failOnError:false '
        'runInTransaction:false context:"a and b" labels:x,y dbms:mariadb,!h2 splitStatements:false\n'
        "--comment hello there\n"
        "--validCheckSum 9:abc\n"
        "select 1; select 2;\n"
        "--rollback not required\n",
    )
    cs = load_changelog(path).changesets[0]
    assert (cs.id, cs.author, cs.filename, cs.line) == ("id with space", "jane doe", "changelog.sql", 2)
    assert cs.key == "changelog.sql::id with space::jane doe"
    assert cs.run_on_change and cs.run_always and not cs.fail_on_error and not cs.run_in_transaction
    assert (cs.contexts, cs.labels, cs.dbms, cs.comment) == ("a and b", "x,y", "mariadb,!h2", "hello there")
    assert cs.valid_checksums == ["9:abc"]
    assert cs.statements == ["select 1; select 2;"]
    assert cs.rollback == [] and cs.rollback_declared and cs.rollback_not_required


def test_rollback_forms(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "--liquibase formatted sql\n"
        "--changeset a:multi\nselect 1;\n--rollback delete from t\n--rollback where id = 1;\n--rollback drop table u;\n"
        "--changeset a:block\nselect 2;\n/* liquibase rollback\ndrop table x;\ndrop table y;\n*/\n"
        "--changeset a:none\nselect 3;\n"
        "--changeset a:bare\nselect 4;\n--rollback\n",
    )
    multi, block, none, bare = load_changelog(path).changesets
    assert multi.rollback == ["delete from t\nwhere id = 1", "drop table u"]
    assert block.rollback == ["drop table x", "drop table y"]  # block lines are joined without newlines
    assert none.rollback == [] and not none.rollback_declared
    # Liquibase treats a bare --rollback as SQL (a comment in the body), so it counts in the checksum.
    assert bare.rollback == [] and bare.rollback_declared and "--rollback" in bare.sql


def test_properties_substitution_and_precedence(tmp_path: Path) -> None:
    write(tmp_path, "--liquibase formatted sql\n--changeset a:${id}\ncreate table ${t} (c ${type});\n", "s/x.sql")
    master = write(
        tmp_path,
        '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
        '  <property name="t" value="from_xml"/>\n  <property name="T" value="second_wins_not"/>\n'
        '  <property name="type" value="int"/>\n  <property name="id" value="7"/>\n'
        '  <include file="s/x.sql"/>\n</databaseChangeLog>\n',
        "master.xml",
    )
    assert load_changelog(master).changesets[0].statements == ["create table from_xml (c int)"]
    cs = load_changelog(master, {"t": "from_caller"}).changesets[0]
    assert cs.statements == ["create table from_caller (c int)"]
    assert cs.key == "s/x.sql::7::a"


def test_include_all_order_and_logical_paths(tmp_path: Path) -> None:
    for name in ("b.sql", "A.sql", "a/z.sql", "10.sql", "2.sql"):
        write(tmp_path, f"--liquibase formatted sql\n--changeset x:{name}\nselect 1;\n", f"db/all/{name}")
    write(tmp_path, "--liquibase formatted sql\n--changeset x:rel\nselect 1;\n", "db/rel.sql")
    master = write(
        tmp_path,
        '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
        '<include file="rel.sql" relativeToChangelogFile="true"/>\n'
        '<includeAll path="all" relativeToChangelogFile="true"/>\n</databaseChangeLog>\n',
        "db/master.xml",
    )
    files = [cs.filename for cs in load_changelog(master).changesets]
    assert files == ["rel.sql", "all/10.sql", "all/2.sql", "all/A.sql", "all/a/z.sql", "all/b.sql"]


def test_ignore_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "--liquibase formatted sql\n--changeset a:1\n--ignoreLines:start\ngarbage\n--ignoreLines:end\n"
        "select 1;\n--ignoreLines:1\nselect 'skipped';\nselect 2;\n",
    )
    assert load_changelog(path).changesets[0].statements == ["select 1", "select 2"]


def test_preconditions_parsed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "--liquibase formatted sql\n--changeset a:1\n--preconditions onFail:MARK_RAN onError:CONTINUE\n"
        "--precondition-sql-check expectedResult:'a b' select 'a b'\n"
        "--precondition-table-exists table:foo schema:bar\nselect 1;\n",
    )
    pre = load_changelog(path).changesets[0].preconditions
    assert pre is not None and (pre.on_fail, pre.on_error) == ("MARK_RAN", "CONTINUE")
    assert (pre.items[0].expected, pre.items[0].sql) == ("a b", "select 'a b'")
    assert (pre.items[1].kind, pre.items[1].table, pre.items[1].schema) == ("table-exists", "foo", "bar")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("--liquibase formatted sql\n--changeset nocolon\nselect 1;\n", 2, "changeset"),
        ("--liquibase formatted sql\n--changeset a:1\nselect 1;\n-rollback drop x\n", 4, "rollback"),
        ("--liquibase formatted sql\n--changeset a:1\n--precondition-sql-check\nselect 1;\n", 3, "precondition"),
        ("--liquibase formatted sql\n--changeset a:1\n--precondition-foo x\nselect 1;\n", 3, "not supported"),
        ("--liquibase formatted sql\n--changeset a:1\n--changeset a:2\nselect 1;\n", 3, "no SQL"),
        ("--liquibase formatted sql\n--comment outside\n--changeset a:1\nselect 1;\n", 2, "outside"),
    ],
)
def test_malformed_changelogs_name_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ChangelogError) as info:
        load_changelog(path)
    assert info.value.line == line
    assert fragment in str(info.value) and str(path) in str(info.value)


def test_duplicate_changeset_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "--liquibase formatted sql\n--changeset a:1\nselect 1;\n--changeset a:1\nselect 2;\n")
    with pytest.raises(ChangelogError, match="duplicate"):
        load_changelog(path)


@pytest.mark.parametrize(
    ("sql", "kwargs", "expected"),
    [
        ("a; b;", {}, ["a", "b"]),
        ("insert 'x;y'; b", {}, ["insert 'x;y'", "b"]),
        ("a 'it''s;' ; b 'q\\';'", {}, ["a 'it''s;'", "b 'q\\';'"]),
        ('a "x;y"; `c;d`', {}, ['a "x;y"', "`c;d`"]),
        ("a -- c;\n; b /* ; */", {}, ["a", "b"]),
        ("a -- c;\n; b", {"strip_comments": False}, ["a -- c;", "b"]),
        ("begin x; y; end; z", {}, ["begin x; y; end", "z"]),
        ("begin transaction; z", {}, ["begin transaction", "z"]),
        ("a\ngo\nb\n/\nc", {}, ["a", "b", "c"]),
        ("p1//\np2 // p3", {"delimiter": "//"}, ["p1", "p2", "p3"]),
        ("f1 $$ f2$$", {"delimiter": "$$"}, ["f1", "f2$$"]),  # "f2$$" is one identifier token
        ("a; b", {"split": False}, ["a; b"]),
    ],
)
def test_statement_splitting(sql: str, kwargs: dict[str, object], expected: list[str]) -> None:
    assert split_statements(sql, **kwargs) == expected  # type: ignore[arg-type]


_XML_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
"""

# (changelog body after the root element, files beside it, line named, words the message must hold)
REFUSED: list[tuple[str, dict[str, str], int, str]] = [
    (
        '<changeSet id="1" author="a">\n<sql>select 1<param name="x"/></sql>\n</changeSet>',
        {},
        4,
        "<sql> may hold only <comment>, not <param>",
    ),
    (
        '<changeSet id="1" author="a">\n<sql dbms="mariadb">select 1</sql>\n</changeSet>',
        {},
        4,
        "<sql dbms='mariadb'> runs on mariadb but not on mysql, clickhouse",
    ),
    (
        '<property name="p" value="a" dbms="mysql"/>\n<changeSet id="1" author="a">\n<sql>select ${p}</sql>\n'
        "</changeSet>",
        {},
        3,
        "property ${p} has a dbms-specific value",
    ),
    ('<property name="p" value="a" labels="x"/>', {}, 3, "<property labels=...> is not supported"),
    ('<includeAll path="sql" filter="com.example.Filter"/>', {"sql/a.sql": "select 1"}, 3, "<includeAll filter="),
    ('<includeAll path="sql"/>', {"sql/a.yaml": "databaseChangeLog: []"}, 3, "YAML/JSON changelogs are not"),
    ('<include file="a.json"/>', {"a.json": "{}"}, 3, "YAML/JSON changelogs are not"),
    ('<includeAll path="sql" maxDepth="deep"/>', {"sql/a.sql": "select 1"}, 3, "maxDepth='deep'> is not an integer"),
    ('<includeAll path="sql"/>', {"sql/notes.txt": "x"}, 3, "includeAll path 'sql' is empty"),
    (
        '<changeSet id="1" author="a">\n<sql>select 1</sql>\n<rollback changeSetId="0" changeSetAuthor="a"/>\n'
        "</changeSet>",
        {},
        5,
        "<rollback changeSetId=...> is not supported",
    ),
    (
        '<changeSet id="1" author="a">\n<sql>select 1</sql>\n<rollback>select 2;<sql>select 3</sql></rollback>\n'
        "</changeSet>",
        {},
        5,
        "<rollback> mixes SQL text with nested elements",
    ),
    ('<changeSet id="1" author="a" runOrder="last">\n<sql>select 1</sql>\n</changeSet>', {}, 3, "runOrder"),
    (
        '<modifyChangeSets runWith="jdbc">\n<include file="a.sql"/>\n</modifyChangeSets>',
        {},
        3,
        "<modifyChangeSets> is not",
    ),
    # Liquibase 4.28's XSD: "cvc-datatype-valid.1.2.3: 'TRUE' is not a valid value of union type 'booleanExp'"
    ('<changeSet id="1" author="a" ignore="TRUE">\n<sql>select 1</sql>\n</changeSet>', {}, 3, 'ignore="TRUE"'),
]


@pytest.mark.parametrize(("body", "files", "line", "fragment"), REFUSED)
def test_constructs_we_would_run_differently_are_refused_at_parse_time(
    tmp_path: Path, body: str, files: dict[str, str], line: int, fragment: str
) -> None:
    """Issue 13: every construct is implemented as Liquibase does it, or refused naming file and line."""
    for name, text in files.items():
        write(tmp_path, text, name)
    path = write(tmp_path, _XML_HEAD + body + "\n</databaseChangeLog>\n", "changelog.xml")
    with pytest.raises(HarnessError) as info:
        load_changelog(path)
    assert f"{path}:{line}:" in str(info.value)
    assert fragment in str(info.value)


def test_dbms_dependent_constructs_resolve_when_the_database_is_known(tmp_path: Path) -> None:
    body = (
        '<property name="p" value="my" dbms="mysql"/>\n<property name="p" value="maria" dbms="mariadb"/>\n'
        '<changeSet id="1" author="a">\n<sql dbms="mariadb">select \'${p}\'</sql>\n<sql dbms="mysql">select 2</sql>\n'
        "</changeSet>"
    )
    path = write(tmp_path, _XML_HEAD + body + "\n</databaseChangeLog>\n", "changelog.xml")
    maria = load_changelog(path, dbms="mariadb").changesets[0]
    mysql = load_changelog(path, dbms="mysql").changesets[0]
    assert maria.statements == ["select 'maria'"] and mysql.statements == ["select 2"]
    assert maria.description == mysql.description == "sql; sql"
    assert maria.checksum == changeset_checksum(["select 'maria'"])


def test_context_properties_bind_the_changelog_to_its_contexts(tmp_path: Path, lb_target: LocalTarget) -> None:
    path = write(
        tmp_path, "--liquibase formatted sql\n--property name:p value:x context:dev\n--changeset a:1\nselect '${p}';\n"
    )
    log = load_changelog(path, contexts="dev")
    engine = lb_target.scratch("mysql", "ctxprops")
    NativeRunner(engine, log, contexts="dev")
    with pytest.raises(HarnessError, match=r"changelog.sql:2 p\) were resolved for contexts 'dev', but this run uses"):
        NativeRunner(engine, log, contexts="prod")


def test_formatted_sql_run_with_another_executor_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "--liquibase formatted sql\n--changeset a:1 runWith:sqlplus\nselect 1;\n")
    with pytest.raises(ChangelogError, match=r"changelog.sql:2: runWith:sqlplus is not supported"):
        load_changelog(path)
