"""Formatted SQL / XML parsing and checksums, against values the real Liquibase 4.28 CLI recorded."""

from __future__ import annotations

import hashlib
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from migration_harness.errors import ChangelogError, HarnessError
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.checksum import changeset_checksum
from migration_harness.liquibase.cli_runner import find_liquibase
from migration_harness.liquibase.sqlsplit import split_statements
from migration_harness.targets.local import LocalTarget

_ROOT = (
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/'
    'dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd">'
)


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
        f"{_ROOT}\n"
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
        f"{_ROOT}\n"
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


_XML_HEAD = f'<?xml version="1.0" encoding="UTF-8"?>\n{_ROOT}\n'

# (changelog body after the root element, files beside it, line named, words the message must hold)
REFUSED: list[tuple[str, dict[str, str], int, str]] = [
    (
        '<changeSet id="1" author="a">\n<sql>select 1<param name="x"/></sql>\n</changeSet>',
        {},
        4,
        "<sql> may hold only a <comment>, not <param> (Liquibase 4.28 refuses it: XML schema dbchangelog-4.28.xsd)",
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
    (
        '<includeAll path="sql" maxDepth="deep"/>',
        {"sql/a.sql": "select 1"},
        3,
        '<includeAll maxDepth="deep">: not a valid integer',
    ),
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
    (
        '<changeSet id="1" author="a">\n<preConditions>\n<changeSetExecuted id="0" author="a" changeLogFile="x"/>'
        "\n</preConditions>\n<sql>select 1</sql>\n</changeSet>",
        {},
        5,
        "precondition <changeSetExecuted> is not supported by the built-in engine",
    ),
    (
        '<changeSet id="1" author="a">\n<preConditions>\n<not>\n<columnExists tableName="t"/>\n</not>\n'
        "</preConditions>\n<sql>select 1</sql>\n</changeSet>",
        {},
        6,
        "precondition <columnExists> needs columnName",
    ),
    (
        '<changeSet id="1" author="a">\n<preConditions onFail="SKIP">\n<tableExists tableName="t"/>\n'
        "</preConditions>\n<sql>select 1</sql>\n</changeSet>",
        {},
        4,
        "onFail='SKIP': expected one of HALT, CONTINUE, MARK_RAN, WARN",
    ),
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


# (a YAML changelog, line named, words the message must hold)
YAML_REFUSED: list[tuple[str, int, str]] = [
    ("databaseChangeLog:\n  - changeSet: {id: 1, author: a\n", 3, "invalid YAML"),
    ("changeSets:\n  - changeSet: {id: 1, author: a}\n", 1, "databaseChangeLog: [ ... ]"),
    ("databaseChangeLog:\n  - just text\n", 2, "expected `name: value` items in a list, got 'just text'"),
    ("databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes: select 1\n", 5,
     "changes: must be a list"),
    ("databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      changes:\n"
     "        - createTable:\n            tableName: t\n", 6,
     "changeSet 1: createTable is not supported by the built-in engine (only sql)"),
    ("databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: a\n      runOrder: last\n      changes:\n"
     "        - sql: select 1\n", 2, "changeSet: runOrder is not supported by the built-in engine"),
    ("databaseChangeLog:\n  - modifyChangeSets:\n      runWith: jdbc\n", 2,
     "modifyChangeSets is not supported by the built-in engine"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "fragment"), YAML_REFUSED)
def test_yaml_changelogs_we_cannot_run_are_refused_naming_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = write(tmp_path, text, "changelog.yaml")
    with pytest.raises(ChangelogError) as info:
        load_changelog(path)
    assert f"{path}:{line}:" in str(info.value)
    assert fragment in str(info.value)


def test_yaml_and_xml_forms_of_a_changelog_give_the_same_changesets(tmp_path: Path) -> None:
    """Liquibase reads both into one node tree: same SQL, rollback, flags, checksum and description."""
    xml = (
        '<changeSet id="1" author="a" runOnChange="true" failOnError="false">\n<comment>why</comment>\n'
        '<sql splitStatements="false">create table t (id int)</sql>\n<sql>insert into t values (1); insert into t '
        "values (2)</sql>\n<rollback><sql>drop table t</sql></rollback>\n</changeSet>"
    )
    yml = (
        "databaseChangeLog:\n- changeSet:\n    id: 1\n    author: a\n    runOnChange: yes\n    failOnError: false\n"
        "    comment: why\n    changes:\n    - sql: {splitStatements: false, sql: create table t (id int)}\n"
        "    - sql: |\n        insert into t values (1); insert into t values (2)\n"
        "    rollback: {sql: {sql: drop table t}}\n"
    )
    a = load_changelog(write(tmp_path / "x", _XML_HEAD + xml + "\n</databaseChangeLog>\n", "c.xml")).changesets[0]
    b = load_changelog(write(tmp_path / "y", yml, "c.yaml")).changesets[0]
    fields = ("statements", "rollback", "checksum", "description", "comment", "run_on_change", "fail_on_error")
    assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
    assert b.statements == ["create table t (id int)", "insert into t values (1)", "insert into t values (2)"]


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


_NS = "http://www.liquibase.org/xml/ns/dbchangelog"


def _doc(body: str, xsd: str | None = "dbchangelog-4.28.xsd", root_attrs: str = "") -> str:
    """A changelog whose root (line 2) names ``xsd``; ``body`` starts on line 3."""
    location = (
        f' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{_NS} {_NS}/{xsd}"' if xsd else ""
    )
    root = f'<databaseChangeLog xmlns="{_NS}"{location}{root_attrs}>'
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}\n{body}\n</databaseChangeLog>\n'


_CS = '<changeSet id="1" author="a">\n<sql>select 1</sql>\n</changeSet>'
# (changelog, line named, fragment of our message, the reason Liquibase 4.28's CLI gave when it refused it)
SCHEMA_REFUSED: list[tuple[str, int, str, str]] = [
    (_doc(_CS, None), 2, "has no xsi:schemaLocation", "cvc-elt.1.a: Cannot find the declaration of element"),
    (_doc(_CS, None).replace(f' xmlns="{_NS}"', ""), 2, "is not in the namespace", "cvc-elt.1.a"),
    (_doc(_CS, "dbchangelog-9.9.xsd"), 2, "does not bundle", "Unable to resolve xml entity"),
    (_doc('<changeSet id="1" author="a" foo="bar">\n<sql>select 1</sql>\n</changeSet>'), 3,
     '<changeSet foo="bar">: the attribute is not allowed', "cvc-complex-type.3.2.2"),
    (_doc('<changeSet id="1" author="a">\n<sql>select 1</sql>\n<foo/>\n</changeSet>'), 5,
     "<foo> is not an element of <changeSet>", "cvc-complex-type.2.4.a"),
    (_doc('<changeset id="1" author="a">\n<sql>select 1</sql>\n</changeset>'), 3,
     "<changeset> is not an element of <databaseChangeLog>", "cvc-complex-type.2.4.a"),
    (_doc('<changeSet id="1" author="a">\n<sqll>select 1</sqll>\n</changeSet>'), 4,
     "<sqll> is not an element of <changeSet>", "cvc-complex-type.2.4.a"),
    (_doc('<changeSet id="1" author="a" runOnChange="maybe">\n<sql>select 1</sql>\n</changeSet>'), 3,
     '<changeSet runOnChange="maybe">: not a valid boolean', "cvc-datatype-valid.1.2.3"),
    (_doc('<changeSet id="1">\n<sql>select 1</sql>\n</changeSet>'), 3,
     "<changeSet> needs the author attribute", "cvc-complex-type.4"),
    (_doc('<changeSet id="1" author="a">stray\n<sql>select 1</sql>\n</changeSet>'), 3,
     "<changeSet> holds text", "cvc-complex-type.2.3"),
    (_doc(_CS + '\n<property name="p" value="1"/>'), 6, "<property> is out of order", "cvc-complex-type.2.4.a"),
    (_doc('<changeSet id="1" author="a">\n<sql>select 1</sql>\n<validCheckSum>ANY</validCheckSum>\n</changeSet>'),
     5, "<validCheckSum> is out of order", "cvc-complex-type.2.4.a"),
    (_doc('<changeSet id="1" author="a">\n<sql>select 1<comment>a</comment><comment>b</comment></sql>\n</changeSet>'),
     4, "<sql> may hold one <comment> only", "cvc-complex-type.2.4.d"),
    (_doc('<property name="p">v</property>\n' + _CS), 3, "<property> must be empty", "cvc-complex-type.2.1"),
    (_doc('<property name="g" value="true" global="${g}"/>\n' + _CS), 3, 'global="${g}">: not a valid boolean',
     "cvc-datatype-valid.1.2.1"),
    (_doc('<changeSet id="1" author="a" contextFilter="x">\n<sql>select 1</sql>\n</changeSet>', "dbchangelog-3.8.xsd"),
     3, "not allowed (Liquibase 4.28 refuses it: XML schema dbchangelog-3.8.xsd)", "cvc-complex-type.3.2.2"),
    (_doc(_CS, root_attrs=' foo="x"'), 2, '<databaseChangeLog foo="x">', "cvc-complex-type.3.2.2"),
    (_doc('<changeSet id="" author="a">\n<sql>select 1</sql>\n</changeSet>'), 3, "empty id", "Validation Failed"),
    (_doc('<changeSet id="1" author="a">\n<sql>  </sql>\n</changeSet>'), 4, "an empty <sql>", "Validation Failed"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "fragment", "cli_reason"), SCHEMA_REFUSED)
def test_xml_liquibase_refuses_is_refused_when_parsed(
    tmp_path: Path, text: str, line: int, fragment: str, cli_reason: str
) -> None:
    path = write(tmp_path, text, "changelog.xml")
    with pytest.raises(ChangelogError) as info:
        load_changelog(path)
    assert info.value.line == line and str(path) in str(info.value)
    assert fragment in str(info.value)


# what Liquibase 4.28 accepts (its CLI's validate passed on each); the corpus case xml_schema_variants
# proves how they run
SCHEMA_ACCEPTED = [
    _doc(_CS, "dbchangelog-latest.xsd"),
    _doc(_CS, "dbchangelog-3.8.xsd"),
    _doc(_CS).replace("http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28", "https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28"),
    _doc(_CS).replace('.xsd"', '.xsd http://www.liquibase.org/xml/ns/pro http://www.liquibase.org/xml/ns/pro/liquibase-pro-9.9.xsd"'),
    _doc('<changeSet id="1" author="a" contextFilter="x">\n<sql>select 1</sql>\n</changeSet>', "dbchangelog-4.16.xsd"),
    _doc('<changeSet id="1" author="a" runOnChange="1" runAlways=" true " failOnError="${nope}">\n'
         '<sql>select 1</sql>\n<comment>after</comment>\n<rollback>select 2</rollback>\n<rollback>select 3</rollback>\n'
         "</changeSet>"),
    '<?xml version="1.0"?>\n<!DOCTYPE databaseChangeLog [<!ENTITY q "select 1">]>\n'
    + _doc('<changeSet id="1" author="a"><sql>&q;</sql></changeSet>').split("\n", 1)[1],
]  # fmt: skip


@pytest.mark.parametrize("text", SCHEMA_ACCEPTED)
def test_xml_liquibase_accepts_is_accepted(tmp_path: Path, text: str) -> None:
    assert load_changelog(write(tmp_path, text, "changelog.xml")).changesets


def test_xml_booleans_read_as_liquibase_reads_them(tmp_path: Path) -> None:
    """Measured with the CLI: runAlways="1" is false (Boolean.parseBoolean), " true " and ${t}=true are true,
    an undefined ${nope} is false; a namespaced e:runAlways is refused (Liquibase would read it as runAlways)."""
    body = '<property name="t" value="TRUE"/>\n' + "\n".join(
        f'<changeSet id="{i}" author="a" runAlways="{v}">\n<sql>select 1</sql>\n</changeSet>'
        for i, v in enumerate(["1", " true ", "${t}", "0", "${nope}", "false"])
    )
    flags = [cs.run_always for cs in load_changelog(write(tmp_path, _doc(body), "changelog.xml")).changesets]
    assert flags == [False, True, True, False, False, False]
    namespaced = _doc(
        '<changeSet xmlns:e="urn:x" id="1" author="a" e:runAlways="true">\n<sql>select 1</sql>\n</changeSet>'
    )
    with pytest.raises(ChangelogError, match=r"changelog.xml:3: <changeSet runAlways=\.\.\.> in namespace urn:x"):
        load_changelog(write(tmp_path, namespaced, "changelog.xml"))


# every JVM start costs ~2 s: by default the real CLI re-checks a sample; LB_SCHEMA_ALL=1 checks every case
_CLI_SAMPLE = None if os.environ.get("LB_SCHEMA_ALL") else {0, 3, 10, 15}


def _java_opts(liquibase: str) -> str:
    """Fast JVM start, with the class-data archive the CLI runner leaves in the cache if there is one."""
    digest = hashlib.sha1(str(Path(liquibase).resolve()).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "migration-harness"
    archive = cache / f"liquibase-{digest}.jsa"
    shared = f" -XX:SharedArchiveFile={archive}" if archive.is_file() else ""
    return "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" + shared


@pytest.mark.liquibase_cli
def test_the_real_cli_agrees_on_what_is_refused(tmp_path: Path) -> None:
    """Liquibase 4.28 itself (validate, on an in-memory H2: the XSD check needs no real database) refuses the
    refused changelogs with the reason recorded above and accepts the accepted ones."""
    liquibase = find_liquibase()
    if liquibase is None:
        pytest.skip("Liquibase CLI not found")
    refused = [(i, c) for i, c in enumerate(SCHEMA_REFUSED) if _CLI_SAMPLE is None or i in _CLI_SAMPLE]
    accepted = SCHEMA_ACCEPTED if _CLI_SAMPLE is None else SCHEMA_ACCEPTED[3:4]

    def validate(name: str, text: str) -> tuple[int, str]:
        folder = tmp_path / name
        write(folder, text, "changelog.xml")
        argv = [liquibase, f"--url=jdbc:h2:mem:{name}", "--username=sa", f"--search-path={folder}",
                "--changelog-file=changelog.xml", "--show-banner=false", "validate"]  # fmt: skip
        env = {**os.environ, "JAVA_OPTS": _java_opts(liquibase)}
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False, env=env)
        return proc.returncode, proc.stdout + proc.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        refusals = {i: pool.submit(validate, f"r{i}", case[0]) for i, case in refused}
        acceptances = [pool.submit(validate, f"a{i}", text) for i, text in enumerate(accepted)]
        for i, case in refused:
            code, output = refusals[i].result()
            assert code != 0 and case[3] in output, (i, output[-1500:])
        for future in acceptances:
            code, output = future.result()
            assert code == 0, output[-1500:]


@pytest.mark.parametrize(
    ("changeset_labels", "run_filter", "runs"),
    [
        ("core", "@core", True),  # '@x' requires the label x ...
        (None, "@core", False),  # ... so an unlabeled changeset does not run
        (None, "@core or jira-101", True),  # 'jira-101' (not required) holds on no labels
        ("@core", "@core", False),  # the '@' is filter syntax: a label written '@core' is another label
        ("core", "@!core", False),  # '@!x' is read as '!x'
        (None, "!@core", True),
        ("x", "!core", True),
    ],
)
def test_required_labels_filter_as_liquibase_does(changeset_labels: str | None, run_filter: str, runs: bool) -> None:
    # measured against Liquibase 4.28 in the corpus case label_symbols
    from migration_harness.liquibase.filters import contexts_match, labels_match

    assert labels_match(changeset_labels, run_filter) is runs
    assert contexts_match("@eu", "eu") and not contexts_match("!eu", "eu")


def test_comments_are_cut_in_java_chars() -> None:
    # 250 UTF-16 units: a character outside the BMP counts twice, and a cut through one leaves '?'
    # (measured against Liquibase 4.28 in the corpus case emoji_bookkeeping)
    from migration_harness.liquibase.native import limit_size

    assert limit_size("x" * 246 + "🚀🚀") == "x" * 246 + "🚀🚀"
    assert limit_size("x" * 247 + "🚀🚀") == "x" * 247 + "..."
    assert limit_size("🎉" * 124 + "abcdef") == "🎉" * 123 + "?..."
    assert limit_size("é" * 251) == "é" * 247 + "..."


def test_end_delimiter_is_read_greedily_as_liquibase_does(tmp_path: Path) -> None:
    # Liquibase 4.28 reads '.*endDelimiter:(\S*).*' (case-insensitive, greedy): a rollbackEndDelimiter after
    # the endDelimiter wins for the body too (corpus case routines_rollback_delimiter, measured)
    path = tmp_path / "changelog.sql"
    path.write_text(
        "--liquibase formatted sql\n"
        "--changeset a:later endDelimiter:$$ rollbackEndDelimiter:;\n"
        "insert into t values (1);\ninsert into t values (2);\n"
        "--changeset a:earlier rollbackEndDelimiter:; endDelimiter:$$\n"
        "insert into t values (1);\ninsert into t values (2)\n$$\n"
    )
    later, earlier = load_changelog(path).changesets
    assert later.statements == ["insert into t values (1)", "insert into t values (2)"]
    assert earlier.statements == ["insert into t values (1);\ninsert into t values (2)"]
