"""Every bad input a user can hand the harness, run the way the user would, ends in one clear error.

Each row breaks a private copy of the tiny spec (or its changelogs, seed, environment), runs pytest in a
subprocess (or the ``migration-harness`` CLI), and checks: the message names the file, line or key; it is
said once; no traceback; for errors found before anything runs, no report is written. docs/bad-inputs.md
is generated from this table (``MH_WRITE_BAD_INPUTS_DOC=1 pytest tests/test_bad_inputs.py -k doc``), and a
test keeps the two in sync, so the list only grows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TINY = Path(__file__).parent / "specs" / "tiny"
DOC = Path(__file__).parent.parent / "docs" / "bad-inputs.md"
MIN_CASES = 40  # the table may only grow

Breaker = Callable[[Path], list[str]]  # breaks the copy in ``tiny``; returns the command's extra arguments


@dataclass(frozen=True)
class BadInput:
    id: str
    input: str  # what the user got wrong, for the doc
    breaker: Breaker
    message: str  # what the one error says (a regular expression; ``{tiny}`` is the copy's directory)
    when: str = "configure"  # configure: before anything runs (usage error); run: after the target started; cli
    env: dict[str, str] = field(default_factory=dict)
    unclean: str = ""  # why it does not give one clean error yet (the test is a strict xfail until fixed)


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count))


def _append_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(path.read_bytes() + data)


def _spec(tiny: Path, old: str, new: str) -> list[str]:
    _replace(tiny / "spec.toml", old, new)
    return []


# Liquibase 4.28 refuses an XML changelog without a schemaLocation, and so does the harness
_LB_ROOT = (
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/'
    'dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd">'
)


def _xml_master(tiny: Path, body: str, name: str = "master.xml") -> Path:
    """The MySQL changelog becomes an XML master (``body`` inside <databaseChangeLog>) including mysql.sql."""
    master = tiny / name
    master.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{_LB_ROOT}\n"
        f"{body}\n"
        '  <include file="mysql.sql" relativeToChangelogFile="true"/>\n'
        "</databaseChangeLog>\n"
    )
    _replace(tiny / "spec.toml", 'changelog = "mysql.sql"', f'changelog = "{name}"')
    return master


def _xml(body: str, name: str = "master.xml") -> Breaker:
    def breaker(tiny: Path) -> list[str]:
        _xml_master(tiny, body, name)
        return []

    return breaker


def _not_a_changelog(tiny: Path) -> list[str]:
    (tiny / "project.xml").write_text('<?xml version="1.0"?>\n<project><name>x</name></project>\n')
    return _spec(tiny, 'changelog = "mysql.sql"', 'changelog = "project.xml"')


def _cycle(tiny: Path) -> list[str]:
    _xml_master(tiny, '  <include file="b.xml" relativeToChangelogFile="true"/>')
    (tiny / "b.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{_LB_ROOT}\n'
        '  <include file="master.xml" relativeToChangelogFile="true"/>\n</databaseChangeLog>\n'
    )
    return []


def _include_all_self(tiny: Path) -> list[str]:
    (tiny / "changes").mkdir()
    shutil.move(tiny / "mysql.sql", tiny / "changes" / "mysql.sql")
    (tiny / "changes" / "master.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{_LB_ROOT}\n'
        '  <includeAll path="." relativeToChangelogFile="true"/>\n</databaseChangeLog>\n'
    )
    _replace(tiny / "spec.toml", 'changelog = "mysql.sql"', 'changelog = "changes/master.xml"')
    return []


def _latin1_sql(tiny: Path) -> list[str]:
    _replace(tiny / "mysql.sql", "--changeset tiny:mig-1\n", "--changeset tiny:mig-1\n-- caf\x00\n")
    (tiny / "mysql.sql").write_bytes((tiny / "mysql.sql").read_bytes().replace(b"\x00", b"\xe9"))
    return []


def _latin1_xml(tiny: Path) -> list[str]:
    master = _xml_master(tiny, "  <!-- caf\x00 -->")
    master.write_bytes(master.read_bytes().replace(b"\x00", b"\xe9"))
    return []


def _latin1_spec(tiny: Path) -> list[str]:
    _append_bytes(tiny / "spec.toml", b"# r\xe9sum\xe9\n")
    return []


def _seed(source: str) -> Breaker:
    def breaker(tiny: Path) -> list[str]:
        (tiny / "seed.py").write_text(source + "\n\ndef shapes():\n    return []\n")
        return []

    return breaker


def _file(name: str, text: str, args: list[str] | None = None) -> Breaker:
    def breaker(tiny: Path) -> list[str]:
        (tiny / name).write_text(text)
        return list(args or [])

    return breaker


def _args(*args: str) -> Breaker:
    return lambda tiny: [a.format(tiny=tiny) for a in args]


def _config_latin1(tiny: Path) -> list[str]:
    (tiny.parent / "migration-harness.toml").write_bytes(b'# caf\xe9\n[targets.staging]\nmysql = "mysql://u@h/db"\n')
    return []


def _incomplete_install(tiny: Path) -> list[str]:
    """A server binary copied out of its install (no mariadb-install-db or share files beside it)."""
    binary = shutil.which("mariadbd", path="/usr/sbin:/usr/local/sbin:" + os.environ.get("PATH", ""))
    if binary is None:
        pytest.skip("no mariadbd on this machine")
    (tiny / "server" / "sbin").mkdir(parents=True)
    (tiny / "server" / "share").mkdir()
    shutil.copy(binary, tiny / "server" / "sbin" / "mariadbd")
    return []


def _cli_args(tiny: Path, changelog: str = "mysql.sql") -> list[str]:
    return ["--url", "mysql://root@127.0.0.1:1/app", "--changelog", str(tiny / changelog), "status"]


def _cli(breaker: Breaker | None = None, changelog: str = "mysql.sql", url: str | None = None) -> Breaker:
    def run(tiny: Path) -> list[str]:
        if breaker is not None:
            breaker(tiny)
        args = _cli_args(tiny, changelog)
        if url is not None:
            args[1] = url
        return args

    return run


TOO_SMALL_FS = "/tmp/mh-bad-inputs-full"
COPIED_SERVER = "{tiny}/server/sbin/mariadbd"


def _sql(old: str, new: str) -> Breaker:
    def breaker(tiny: Path) -> list[str]:
        _replace(tiny / "mysql.sql", old, new)
        return []

    return breaker


def _changelog_named(suffix: str) -> Breaker:
    """The formatted SQL changelog saved under another suffix."""

    def make(tiny: Path) -> list[str]:
        shutil.copy(tiny / "mysql.sql", tiny / f"mysql{suffix}")
        return _spec(tiny, 'changelog = "mysql.sql"', f'changelog = "mysql{suffix}"')

    return make


def _generate_polygon(tiny: Path) -> list[str]:
    _replace(
        tiny / "mysql.sql",
        "created_at TIMESTAMP(6) NOT NULL);",
        "created_at TIMESTAMP(6) NOT NULL, area POLYGON NOT NULL);",
    )
    return _spec(tiny, '[seed]\nmodule = "seed.py"', "[generate]")


CASES = [
    # ---- the spec ------------------------------------------------------------------------------
    BadInput("spec-missing", "`--migration` names a file that does not exist", _args("--migration", "{tiny}/nope.toml"),
             r"migration spec .*nope\.toml does not exist"),
    BadInput("spec-not-utf8", "spec TOML with a Latin-1 byte", _latin1_spec,
             r"spec\.toml:\d+: spec is not UTF-8: byte 0xE9"),
    BadInput("spec-bad-toml", "spec that is not TOML", lambda t: _spec(t, 'name = "tiny"', 'name = "tiny'),
             r"spec\.toml: not valid TOML: .*line 2"),
    BadInput("spec-unknown-key", "a misspelt top-level key", lambda t: _spec(t, "[seed]", "[sead]"),
             r"spec\.toml: sead: unknown key"),
    BadInput("spec-no-databases", "no `[databases]` at all",
             lambda t: _file("spec.toml", '[migration]\nname = "x"\n')(t), r"spec\.toml: databases"),
    BadInput("spec-unknown-kind", "a database kind the harness does not drive",
             lambda t: _spec(t, "[databases.clickhouse]", "[databases.postgres]"), r"spec\.toml: databases\.postgres"),
    BadInput("spec-runner-unknown", "a `runner` the harness does not know",
             lambda t: _spec(t, '"tiny:mig-2"]', '"tiny:mig-2"]\nrunner = "flyway"'),
             r"spec\.toml: databases\.mysql\.runner: must be one of 'builtin', 'liquibase', 'command'"),
    BadInput("spec-runner-clickhouse", "`runner = \"liquibase\"` for ClickHouse (no JDBC path to chdb)",
             lambda t: _spec(t, '"tiny:ch-mig-2"]', '"tiny:ch-mig-2"]\nrunner = "liquibase"'),
             r"spec\.toml: databases\.clickhouse\.runner: 'liquibase' runs Liquibase over JDBC"),
    BadInput("spec-runner-command-missing", "`runner = \"command\"` without the `command`",
             lambda t: _spec(t, '"tiny:mig-2"]', '"tiny:mig-2"]\nrunner = "command"'),
             r"spec\.toml: databases\.mysql\.command: is required with runner = \"command\""),
    BadInput("spec-runner-command-not-found", "`command` names a script that does not exist",
             lambda t: _spec(t, '"tiny:mig-2"]', '"tiny:mig-2"]\nrunner = "command"\ncommand = "./lb.sh update"'),
             r"spec\.toml: databases\.mysql\.command: .*/lb\.sh is not an executable file"),
    BadInput("spec-changelog-missing", "`changelog` names a file that does not exist",
             lambda t: _spec(t, 'changelog = "mysql.sql"', 'changelog = "nope.sql"'), r"nope\.sql"),
    BadInput("spec-migration-unknown-changeset", "`migration` names a changeset the changelog lacks",
             lambda t: _spec(t, '"tiny:mig-2"]', '"tiny:mig-9"]'), r"tiny:mig-9"),
    BadInput("spec-key-type", "a key column given as a number",
             lambda t: _spec(t, 'key = { id = "id" }', "key = { id = 3 }"), r"mappings\[0\]\.key\.id: must map"),
    BadInput("spec-duplicate-mapping", "two mappings with the same name",
             lambda t: _spec(t, 'name = "events -> event_copies"', 'name = "users -> profiles"'),
             r"mappings\[1\]\.name: 'users -> profiles' is already the name of mappings\[0\]"),
    BadInput("spec-final-on-mysql", "`source_read = \"FINAL\"` on a MySQL mapping",
             lambda t: _spec(t, 'source = "users"', 'source = "users"\nsource_read = "FINAL"'),
             r"mappings\[0\]\.source_read: FINAL is a ClickHouse read"),
    BadInput("spec-mapping-unknown-db", "a mapping naming a database the spec does not declare",
             lambda t: _spec(t, 'database = "mysql"', 'database = "oracle"'),
             r"mappings\[0\]\.database: names database 'oracle'"),
    BadInput("spec-bad-read-mode", "`read` other than FINAL",
             lambda t: _spec(t, 'source_read = "FINAL"', 'source_read = "LATEST"'), r"mappings\[1\]\.source_read"),
    BadInput("spec-relation-final-on-mysql", "`read = \"FINAL\"` on a MySQL side of a relation",
             lambda t: _spec(t, 'column = "team" } }', 'column = "team", read = "FINAL" } }'),
             r"relations\[0\]\.tolerate\.to\.read: FINAL is a ClickHouse read"),
    # ---- the seed ------------------------------------------------------------------------------
    BadInput("seed-missing", "`[seed] module` names a file that does not exist",
             lambda t: _spec(t, 'module = "seed.py"', 'module = "nope.py"'),
             r"seed\.module: file .*nope\.py does not exist"),
    BadInput("seed-syntax-error", "seed module with a syntax error", _seed("def broken(:\n"),
             r"seed\.py:1: seed module \(seed\.module of spec\.toml\) fails to import: SyntaxError"),
    BadInput("seed-import-error", "seed module importing a package that is not installed",
             _seed("import no_such_package_xyz\n"),
             r"seed\.py:1: seed module .* ModuleNotFoundError: No module named 'no_such_package_xyz'"),
    BadInput("seed-raises", "seed module whose top level raises", _seed("\n\nSCALE = 1 / 0\n"),
             r"seed\.py:3: seed module .* ZeroDivisionError"),
    # ---- changelogs ----------------------------------------------------------------------------
    BadInput("sql-not-utf8", "formatted SQL changelog with a Latin-1 byte", _latin1_sql,
             r"mysql\.sql:8: changelog is not UTF-8: byte 0xE9"),
    BadInput("sql-changeset-no-author", "`--changeset` without author",
             _sql("--changeset tiny:mig-1", "--changeset mig-1"),
             r"mysql\.sql:7: malformed changeset line"),
    BadInput("sql-duplicate-changeset", "the same changeset id twice",
             _sql("--changeset tiny:mig-2", "--changeset tiny:mig-1"),
             r"mysql\.sql:1\d: duplicate changeset mysql\.sql::mig-1::tiny"),
    BadInput("sql-no-sql", "a changeset with no SQL",
             _sql("--changeset tiny:mig-1\n", "--changeset tiny:mig-0\n--changeset tiny:mig-1\n"),
             r"mysql\.sql:8: no SQL for changeset"),
    BadInput("sql-comment-outside", "`--comment` before any changeset",
             _sql("--liquibase formatted sql\n", "--liquibase formatted sql\n--comment: hi\n"),
             r"mysql\.sql:2: '--comment' outside of a changeset"),
    BadInput("xml-not-utf8", "XML changelog with a Latin-1 byte (no encoding declared)", _latin1_xml,
             r"master\.xml:3: changelog is not UTF-8: byte 0xE9"),
    BadInput("xml-invalid", "XML that is not well-formed", _xml("  <include file='x.xml'>"),
             r"master\.xml:\d+: invalid XML"),
    BadInput("xml-self-include", "an XML changelog including itself",
             _xml('  <include file="master.xml" relativeToChangelogFile="true"/>'),
             r"master\.xml:3: circular include: master\.xml -> master\.xml"),
    BadInput("xml-include-cycle", "a -> b -> a includes", _cycle,
             r"b\.xml:3: circular include: master\.xml -> b\.xml -> master\.xml"),
    BadInput("xml-include-all-self", "includeAll of the directory holding the changelog", _include_all_self,
             r"changes/master\.xml: circular include: master\.xml -> master\.xml"),
    BadInput("xml-include-missing", "include of a file that does not exist",
             _xml('  <include file="nope.sql" relativeToChangelogFile="true"/>'),
             r"master\.xml:3: included file 'nope\.sql' not found"),
    BadInput("xml-include-all-missing", "includeAll of a directory that does not exist",
             _xml('  <includeAll path="nope/" relativeToChangelogFile="true"/>'),
             r"master\.xml:3: includeAll path 'nope/' not found"),
    BadInput("xml-property-file-missing", "`<property file=...>` that does not exist",
             _xml('  <property file="nope.properties" relativeToChangelogFile="true"/>'),
             r"master\.xml:3: <property file='nope\.properties'>: .*nope\.properties not found"),
    BadInput("xml-wrong-root", "an XML file that is not a changelog", _not_a_changelog,
             r"project\.xml: root element is <project>, not <databaseChangeLog>"),
    BadInput("xml-unsupported-change", "a `<createTable>` change with the built-in runner (it runs only `<sql>`)",
             _xml('  <changeSet id="x" author="y"><createTable tableName="t"/></changeSet>'),
             r"master\.xml:\d+: changeSet x: <createTable> is not supported by the built-in engine .*runner = "
             r"\"liquibase\""),
    BadInput("changelog-wrong-extension", "a changelog that is neither .xml, .yaml, .yml, .json nor .sql",
             _changelog_named(".txt"),
             r"mysql\.txt: only \.xml, \.yaml, \.yml, \.json and formatted \.sql changelogs are supported"),
    BadInput("changelog-yaml-not-a-changelog", "formatted SQL saved as .yaml", _changelog_named(".yaml"),
             r"mysql\.yaml:1: the document must be one mapping, databaseChangeLog: \[ \.\.\. \]"),
    # ---- configuration and options ----------------------------------------------------------------
    BadInput("target-unknown", "`--target` that is not configured", _args("--target", "staging"),
             r"unknown target 'staging'; known targets: local, containers"),
    BadInput("config-bad-toml", "migration-harness.toml that is not TOML",
             lambda t: (t.parent.joinpath("migration-harness.toml").write_text("[targets\n"), [])[1],
             r"migration-harness\.toml.*line 1"),
    BadInput("config-not-utf8", "migration-harness.toml with a Latin-1 byte", _config_latin1,
             r"migration-harness\.toml:1: settings file is not UTF-8: byte 0xE9"),
    BadInput("config-timeout-zero", "a target's `query_timeout = 0`",
             lambda t: (t.parent.joinpath("migration-harness.toml").write_text(
                 '[targets.staging]\nmysql = "mysql://u@h/db"\nquery_timeout = 0\n'), [])[1],
             r"targets\.staging\.query_timeout: must be a number of seconds above 0, got 0"),
    BadInput("config-leftovers-unknown", "a target's `leftovers = \"keep\"`",
             lambda t: (t.parent.joinpath("migration-harness.toml").write_text(
                 '[targets.staging]\nmysql = "mysql://u@h/db"\nleftovers = "keep"\n'), [])[1],
             r"targets\.staging\.leftovers: must be one of 'drop', 'list', got 'keep'"),
    BadInput("config-clickhouse-token-param", "a ClickHouse URL with `?access_token=`",
             lambda t: (t.parent.joinpath("migration-harness.toml").write_text(
                 '[targets.staging]\nclickhouse = "https://u@ch:8443/db?access_token=Cn4ry-tok"\n'), [])[1],
             r"targets\.staging\.clickhouse: query parameters are not supported"),
    BadInput("harness-config-missing", "`--harness-config` naming a file that does not exist",
             _args("--harness-config", "nope.toml"), r"--harness-config .*nope\.toml: no such file"),
    BadInput("sample-zero", "`--sample 0`", _args("--sample", "0"), r"--sample 0: must be a number of rows above 0"),
    # ---- against the real schema (the local target starts) ---------------------------------------------
    BadInput("schema-missing-column", "a mapping naming a column the source table lacks",
             lambda t: _spec(t, 'full_name = "full_name", created', 'full_name = "fullname", created'),
             r"mappings\[0\]\.preserve\.full_name: column users\.fullname does not exist in mysql after the baseline",
             when="run"),
    BadInput("schema-missing-table", "a mapping naming a source table that does not exist",
             lambda t: _spec(t, 'source = "users"', 'source = "user"'),
             r"mappings\[0\]\.source: table 'user' does not exist in mysql after the baseline", when="run"),
    BadInput("schema-bad-filter", "a `target_filter` the engine rejects",
             lambda t: _spec(t, "target_filter = \"origin = 'migration'\"", 'target_filter = "origin = = 1"'),
             r"mappings\[0\]\.target_filter 'origin = = 1': mysql rejects it", when="run"),
    BadInput("rollup-bad-expression", "a `[[rollups]]` total the engine rejects (a misspelt column in an aggregate)",
             lambda t: _spec(t, "[[relations]]", '[[rollups]]\nname = "users per team"\ndatabase = "mysql"\n'
                             'source = "users"\ntarget = "profiles"\ngroup_by = { team = "team" }\n'
                             'totals = { "COUNT(*)" = "COUNT(ful_name)" }\n\n[[relations]]'),
             r"rollups\[0\] \(group_by or totals\): mysql rejects it: .*Unknown column 'ful_name'",
             when="run"),
    BadInput("rollup-missing-source", "a `[[rollups]]` source no table is named, before or after the migration",
             lambda t: _spec(t, "[[relations]]", '[[rollups]]\nname = "users per team"\ndatabase = "mysql"\n'
                             'source = "user"\ntarget = "profiles"\ngroup_by = { team = "team" }\n'
                             'totals = { "COUNT(*)" = "COUNT(*)" }\n\n[[relations]]'),
             r"rollups\[0\]\.source: table 'user' does not exist in mysql after the migration", when="run"),
    BadInput("id-rule-bad-expression", "an `id_rules` expression the engine rejects",
             lambda t: _spec(t, 'id_rules = { user_id = "id" }', "id_rules = { user_id = \"CONCAT('u-', idd)\" }"),
             r"mappings\[0\]\.id_rules\.user_id \"CONCAT\('u-', idd\)\": mysql rejects it: .*Unknown column 'idd'",
             when="run"),
    BadInput("preserve-bad-expression", "a `preserve` expression the engine rejects",
             lambda t: _spec(t, 'full_name = "full_name", created', "full_name = \"TRIM(fullname)\", created"),
             r"mappings\[0\]\.preserve\.full_name 'TRIM\(fullname\)': mysql rejects it: .*Unknown column 'fullname'",
             when="run"),
    BadInput("group-by-bad-expression", "a `group_by` expression the engine rejects",
             lambda t: _spec(t, 'constants = { origin = "migration" }\ngroup_by = { team = "team" }',
                             "constants = { origin = \"migration\" }\ngroup_by = { team = \"UPPER(teem)\" }"),
             r"mappings\[0\]\.group_by\.team 'UPPER\(teem\)': mysql rejects it: .*Unknown column 'teem'",
             when="run"),
    BadInput("forecast-missing-table", "`[forecast] rows` naming a table the baseline does not create",
             lambda t: _spec(t, "[[mappings]]", '[forecast]\nrows = { "mysql.user" = 1000 }\n\n[[mappings]]'),
             r"forecast\.rows\.mysql\.user: table 'user' does not exist in mysql after the baseline", when="run"),
    BadInput("baseline-does-not-apply", "a baseline the throwaway server refuses (a MySQL 8 language collation)",
             lambda t: _replace(t / "mysql.sql", "full_name VARCHAR(100) NULL, created_at TIMESTAMP(6) NOT NULL);",
                                "full_name VARCHAR(100) COLLATE utf8mb4_de_pb_0900_ai_ci NULL, created_at "
                                "TIMESTAMP(6) NOT NULL);") or [],
             r"the baseline \(the changesets before the migration under test\) does not apply on the throwaway "
             r"databases \(mysql: MariaDB [\d.]+, clickhouse: .*\), so the migration could not be tried and nothing "
             r"was checked:\n"
             r"  ChangesetFailed: mysql\.sql::base-1::tiny \(line 3\) failed while applying: .*Unknown collation",
             when="run"),
    BadInput("seed-load-fails", "a seed whose fixed shape breaks a primary key when loaded",
             lambda t: _replace(t / "seed.py", '(2, "blue", None)', '(1, "blue", None)') or [],
             r"seed module .*seed\.py: its fixed shape cannot be loaded into databases at the baseline: "
             r"IntegrityError: \(1062, \"Duplicate entry '1' for key 'PRIMARY'", when="run"),
    BadInput("seed-fixed-shape-raises", "a seed whose fixed_shape() itself raises",
             lambda t: _replace(t / "seed.py", "    users = ((1,", "    raise ValueError('no users yet')\n"
                                "    users = ((1,") or [],
             r"seed module .*seed\.py: its fixed shape cannot be made: ValueError: no users yet", when="run"),
    BadInput("generate-type-unknown", "generated data for a NOT NULL column of a type it cannot make (POLYGON)",
             _generate_polygon,
             r"spec\.toml: generated data: cannot make values of type polygon for mysql users\.area \(NOT NULL, no "
             r"default\); list some in the spec: \[generate\.columns\] \"users\.area\" = \{ values", when="run"),
    BadInput("local-disk-full", "the throwaway datadir's disk is full (1 MiB tmpfs as MIGRATION_HARNESS_SCRATCH)",
             _args(), r"InnoDB: .*error 28(.|\n)*the disk holding the throwaway datadir .* is full", when="run",
             env={"MIGRATION_HARNESS_SCRATCH": TOO_SMALL_FS}),
    BadInput("local-incomplete-install", "MIGRATION_HARNESS_MYSQLD at a server binary copied out of its install",
             _incomplete_install, r"FATAL ERROR: Could not find my_print_defaults(.|\n)*install around "
             r".*server/sbin/mariadbd is incomplete", when="run", env={"MIGRATION_HARNESS_MYSQLD": COPIED_SERVER}),
    BadInput("local-no-install-tool", "a server binary with no mariadb-install-db (PATH empty, none beside it)",
             _incomplete_install, r"server/sbin/mariadbd found, but not mariadb-install-db(.|\n)*install around .* "
             r"is incomplete", when="run", env={"MIGRATION_HARNESS_MYSQLD": COPIED_SERVER, "PATH": ""}),
    # ---- the migration-harness CLI ----------------------------------------------------------------
    BadInput("cli-not-utf8", "CLI: changelog with a Latin-1 byte", _cli(_latin1_sql),
             r"mysql\.sql:8: changelog is not UTF-8: byte 0xE9", when="cli"),
    BadInput("cli-cycle", "CLI: a -> b -> a includes", _cli(_cycle, "master.xml"),
             r"b\.xml:3: circular include: master\.xml -> b\.xml -> master\.xml", when="cli"),
    BadInput("cli-missing-changelog", "CLI: changelog that does not exist", _cli(changelog="nope.sql"),
             r"nope\.sql: changelog file not found", when="cli"),
    BadInput("cli-bad-url", "CLI: --url that is not a URL", _cli(url="not a url"),
             r"--url is not a URL like mysql://user@host:port/database", when="cli"),
    BadInput("cli-postgres-url", "CLI: a PostgreSQL URL", _cli(url="postgresql://u@h/db"),
             r"only MySQL/MariaDB URLs are supported, not 'postgresql'", when="cli"),
    BadInput("cli-unreachable", "CLI: nothing listens at the URL", _cli(),
             r"cannot connect to mysql://root@127\.0\.0\.1:1/app: OperationalError", when="cli"),
]  # fmt: skip


def _tiny(root: Path) -> Path:
    tiny = root / "tiny"
    shutil.copytree(TINY, tiny)
    return tiny


@pytest.fixture(scope="module")
def full_filesystem() -> Iterator[str]:
    """A 1 MiB tmpfs: a throwaway datadir does not fit (needs root to mount); unmounted afterwards."""
    os.makedirs(TOO_SMALL_FS, exist_ok=True)
    mounted_here = False
    if not os.path.ismount(TOO_SMALL_FS):
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", TOO_SMALL_FS], capture_output=True)
        if mounted.returncode != 0:
            pytest.skip(f"cannot mount a tiny tmpfs (needs root): {mounted.stderr.decode().strip()}")
        mounted_here = True
    yield TOO_SMALL_FS
    if mounted_here:
        subprocess.run(["umount", TOO_SMALL_FS], capture_output=True)


def _run(case: BadInput, root: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    tiny = _tiny(root)
    extra = case.breaker(tiny)
    env = {**os.environ, **{k: v.format(tiny=tiny) for k, v in case.env.items()}}
    env.pop("PYTEST_XDIST_WORKER", None)
    if case.when == "cli":
        command = [sys.executable, "-m", "migration_harness.liquibase.cli", *extra]
    else:
        args = extra if extra and extra[0] == "--migration" else ["--migration", str(tiny / "spec.toml"), *extra]
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", *args,
                   "--junitxml", str(root / "junit.xml"), "--suite", "migrate"]  # fmt: skip
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=300)
    return result, tiny


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_clear_error(case: BadInput, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if case.unclean:
        request.applymarker(pytest.mark.xfail(reason=case.unclean, strict=True))
    if case.id == "local-disk-full":
        request.getfixturevalue("full_filesystem")
    result, tiny = _run(case, tmp_path)
    output = result.stdout + result.stderr
    pattern = case.message.replace("{tiny}", re.escape(str(tiny)))
    assert re.search(pattern, output), f"expected /{pattern}/ in:\n{output}"
    assert "Traceback" not in output and "RecursionError" not in output, output
    assert result.returncode != 0
    first = re.search(pattern, output)
    assert first is not None
    said = output.count(first.group(0).splitlines()[0])
    if case.when == "configure":
        assert result.returncode == pytest.ExitCode.USAGE_ERROR, output
        assert said == 1, f"said {said} times:\n{output}"
        assert not (tmp_path / "junit.xml").exists(), "a report was written for a run that never started"
    elif case.when == "cli":
        assert result.returncode == 2 and said == 1 and result.stdout == "", output
    else:
        assert said <= 2, f"said {said} times (once per test?):\n{output}"  # the error and its summary line


DECISIONS = """
## Decisions behind some of these

- **Encodings.** Liquibase 4.28 reads changelogs as UTF-8 unless `--file-encoding` says otherwise, and its
  Java reader turns a byte that is not UTF-8 into U+FFFD without a word, so a Latin-1 `é` would reach the
  database (and the checksum) as `�`. The harness does not accept Latin-1 there: it names the file, line and
  byte and says how to convert (`iconv -f latin1 -t utf-8`). An XML changelog that declares its encoding
  (`<?xml version="1.0" encoding="ISO-8859-1"?>`) is read in that encoding, as Liquibase's XML parser does.
  A `<property file=...>` file is read as ISO-8859-1, as Java's `Properties.load` (which Liquibase uses)
  reads it. The spec TOML must be UTF-8 (TOML requires it).
- **Includes.** A changelog reached again while it is still being read (`include` of itself, a -> b -> a,
  an `includeAll` of its own directory) is an error naming the chain; before, Python's RecursionError.
  A missing `<property file=...>` is an error unless the element says `errorIfMissing="false"`.
- **Seed modules** are imported when the spec loads (at start-up with `--migration`), once, so a broken one
  is one usage error naming its file and line, not one error per test.
- **Ctrl-C / SIGTERM during a changeset** (built-in runner and the `migration-harness` CLI): the runner ends
  the interrupted server session (`KILL CONNECTION`, so MariaDB/MySQL rolls back its open transaction and
  stops the statement), releases DATABASECHANGELOGLOCK from a fresh connection, and says which statement
  of which changeset was cut off, whether it is recorded, and what stays applied (DDL commits at once on
  MySQL). The CLI exits 130 (Ctrl-C) or 143 (SIGTERM). If the lock cannot be released it prints the SQL
  that releases it.
- **CLI password.** `migration-harness` reads the password from `MH_PASSWORD` (it wins over one in
  `--url`); a password in `--url` still works but draws a warning, since argv is visible in the process
  list. No output or error shows it.

""".splitlines()


def _readable(pattern: str) -> str:
    """A message pattern as a reader wants it: ``…`` for what varies (paths, driver text), no escapes."""
    text = pattern.replace(r"(.|\n)*", " … ").replace(".*", "…").replace(r"\d+", "N").replace(r"\d", "N")
    text = re.sub(r"\(([^()|]*)\|([^()]*)\)", r"\1", text)  # (0xE9|UTF-8) -> 0xE9
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("|", "\\|").replace("`", "'")


def _doc() -> str:
    lines = [
        "# Bad inputs and their messages",
        "",
        "Every bad input tried, each run the way a user would (pytest with `--migration`, or the",
        "`migration-harness` CLI), with what the one error line says (a pattern; paths are the user's). Generated",
        "from the table in `tests/test_bad_inputs.py`, which checks each: the message names the file, line or",
        "key, it is said once, no traceback, and nothing is written when the run never started.",
        "",
        "When: `configure` = a pytest usage error before anything runs; `run` = after the local target started,",
        "one error ending the session; `cli` = the `migration-harness` CLI (exit 2).",
        "",
        f"{len(CASES)} bad inputs tried, {sum(not c.unclean for c in CASES)} with one clean error.",
        "",
        "| id | bad input | when | the error says |",
        "| --- | --- | --- | --- |",
    ]
    for case in CASES:
        said = f"NOT CLEAN YET: {case.unclean}" if case.unclean else f"`{_readable(case.message)}`"
        lines.append(f"| {case.id} | {case.input} | {case.when} | {said} |")
    # Faults that need a server of their own are tested in test_hardening.py; their table is kept beside this file.
    live = (Path(__file__).parent / "bad_inputs_live.md").read_text().splitlines()
    return "\n".join([*lines, *DECISIONS, *live]) + "\n"


def test_doc_lists_every_bad_input() -> None:
    assert len(CASES) >= MIN_CASES, "the table of bad inputs may only grow"
    assert len({c.id for c in CASES}) == len(CASES)
    if os.environ.get("MH_WRITE_BAD_INPUTS_DOC"):
        DOC.write_text(_doc())
    assert DOC.read_text() == _doc(), "docs/bad-inputs.md is stale: MH_WRITE_BAD_INPUTS_DOC=1 pytest -k doc"
