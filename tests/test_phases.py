"""The live phases on a stand-in live server (a throwaway MariaDB with application data, and a user holding
exactly the documented privileges): pre, staging in place, post, and what each refuses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_spec import TINY, mysql_only

from migration_harness.engines.mysql import MySQLEngine
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.cli_runner import find_liquibase
from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary
from migration_harness.verdict import NOT_VERIFIED_EXIT

PASSWORD = "st4ging-Pw"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


@pytest.fixture
def server() -> Iterator[ThrowawayMySQLServer]:
    srv = ThrowawayMySQLServer(find_server_binary())
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def spec(pytester: pytest.Pytester) -> Path:
    """The tiny spec's MySQL half."""
    tiny = pytester.path / "tiny"
    shutil.copytree(TINY, tiny)
    return mysql_only(tiny)


def live_database(port: int, spec: Path, users: int = 40) -> tuple[str, str]:
    """A database at the baseline (the changesets under test pending) with application rows, and a user with
    the privileges docs/phases.md lists for staging; (database, user)."""
    name, user = f"app_{uuid.uuid4().hex[:6]}", f"stager_{uuid.uuid4().hex[:6]}"
    admin = MySQLEngine(f"mysql://root@127.0.0.1:{port}/mysql")
    admin.execute(f"CREATE DATABASE {name}")
    admin.execute(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{PASSWORD}'")
    admin.execute(f"GRANT ALL ON {name}.* TO '{user}'@'127.0.0.1'")
    admin.execute(f"GRANT ALL ON `mh\\_%`.* TO '{user}'@'127.0.0.1'")
    admin.close()
    live = MySQLEngine(f"mysql://root@127.0.0.1:{port}/{name}")
    NativeRunner(live, load_changelog(spec.parent / "mysql.sql")).update_count(1)
    teams = ("red", "blue", "green", "yellow")
    values = ", ".join(
        f"({i}, '{teams[i % 4]}', {'NULL' if i % 5 == 0 else repr(f'User {i}')}, '2020-01-01 00:00:00.{i:06d}')"
        for i in range(1, users + 1)
    )
    live.execute(f"INSERT INTO users VALUES {values}")
    live.close()
    return name, user


def configure(pytester: pytest.Pytester, port: int, name: str, user: str, **flags: bool) -> None:
    extra = "".join(f"{k} = {str(v).lower()}\n" for k, v in flags.items())
    pytester.makefile(
        ".toml",
        **{"migration-harness": f'[targets.staging]\nmysql = "mysql://{user}:{PASSWORD}@127.0.0.1:{port}/{name}"\n'
           + extra},
    )  # fmt: skip


def root(port: int, name: str) -> MySQLEngine:
    return MySQLEngine(f"mysql://root@127.0.0.1:{port}/{name}")


def test_staging_runs_the_checklist_in_place_and_leaves_the_database_migrated(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    # Stamped by the server with the time of each write: the re-apply after the rollback writes other times,
    # which is no difference in what the migration did.
    changelog = spec.parent / "mysql.sql"
    changelog.write_text(changelog.read_text().replace(
        "origin VARCHAR(20) NOT NULL);", "origin VARCHAR(20) NOT NULL, at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6));"
    ))  # fmt: skip
    name, user = live_database(server.port, spec)
    configure(pytester, server.port, name, user, destructive=True)
    baseline = pytester.path / "baseline.json"
    result = run(
        pytester, "--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase", "staging",
        "--baseline", str(baseline), "-v", "-rs", *[a for s in ("static", "parity", "integrity", "ids", "staging")
                                                     for a in ("--suite", s)],
    )  # fmt: skip
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.OK, out
    for check in ("test_preflight", "test_baseline_recorded", "test_migration_applies_in_place",
                  "test_source_counts_match_baseline", "test_existing_tables_unchanged",
                  "test_rollback_restores_baseline", "test_reapply_reproduces_first_migration"):  # fmt: skip
        assert f"staging.py::{check}" in out and "PASSED" in out.split(f"staging.py::{check}")[1].splitlines()[0]
    result.stdout.fnmatch_lines(["*parity.py::test_total_count_matches*PASSED*", "GO: *"])
    document = json.loads(baseline.read_text())
    assert document["mappings"]["users -> profiles"]["source_rows"] == 40
    assert document["mappings"]["users -> profiles"]["groups"]["rows"] == {
        "team='blue'": 10, "team='green'": 10, "team='red'": 10, "team='yellow'": 10,
    }  # fmt: skip
    live = root(server.port, name)
    try:  # left migrated, recorded once, no scratch copies left
        assert live.scalar("SELECT COUNT(*) FROM profiles WHERE origin = 'migration'") == 40
        recorded = [r[0] for r in live.query("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")]
        assert recorded == ["base-1", "mig-1", "mig-2"]
        assert not [r[0] for r in live.query("SHOW DATABASES") if r[0].startswith("mh_")]
    finally:
        live.close()
    assert PASSWORD not in out + result.stderr.str()


def test_broken_migration_stops_and_says_what_state_the_database_is_in(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    changelog = spec.parent / "mysql.sql"
    changelog.write_text(changelog.read_text().replace("--rollback DROP TABLE profiles;", "--rollback SELECT 1;"))
    name, user = live_database(server.port, spec)
    configure(pytester, server.port, name, user, destructive=True)
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase", "staging",
                 "--suite", "staging")  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines([
        "*rollback on the live databases did not restore the baseline:*",
        "mysql: table profiles is left behind (it did not exist before)",
    ])  # fmt: skip
    live = root(server.port, name)
    try:  # the re-apply ran and left the database migrated
        assert live.scalar("SELECT COUNT(*) FROM profiles WHERE origin = 'migration'") == 40
    finally:
        live.close()


@pytest.mark.liquibase_cli
def test_staging_with_the_liquibase_runner_migrates_in_place_through_the_cli(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    if find_liquibase() is None:
        pytest.skip("Liquibase CLI not found (PATH, $LIQUIBASE_HOME or .tools/node_modules/liquibase)")
    spec.write_text(spec.read_text().replace('"tiny:mig-2"]', '"tiny:mig-2"]\nrunner = "liquibase"', 1))
    name, user = live_database(server.port, spec)
    configure(pytester, server.port, name, user, destructive=True)
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase", "staging",
                 "--suite", "staging")  # fmt: skip
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.OK, out
    result.stdout.fnmatch_lines(["GO: *", "*mysql: changesets applied and rolled back by the Liquibase CLI (*"])
    live = root(server.port, name)
    try:  # migrated, rolled back and re-applied by Liquibase itself: recorded once, as Liquibase records
        assert live.scalar("SELECT COUNT(*) FROM profiles WHERE origin = 'migration'") == 40
        recorded = [r[0] for r in live.query("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")]
        assert recorded == ["base-1", "mig-1", "mig-2"]
    finally:
        live.close()
    assert PASSWORD not in out + result.stderr.str()


def test_production_pre_and_post_are_read_only_and_catch_a_tampered_count(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    name, user = live_database(server.port, spec)
    configure(pytester, server.port, name, user, production=True)
    baseline = pytester.path / "prod-baseline.json"
    admin = root(server.port, "mysql")
    general = server.tmpdir / "general.log"
    admin.execute(f"SET GLOBAL general_log_file = '{general}'")
    admin.execute("SET GLOBAL general_log = 1")
    pre = run(pytester, "--migration", str(spec), "--target", "staging", "--phase", "pre", "--baseline", str(baseline))
    assert pre.ret == pytest.ExitCode.OK, pre.stdout.str()
    pre.stdout.fnmatch_lines(["GO: 4 passed, *"])
    assert json.loads(baseline.read_text())["tables"]["mysql"]["users"]["rows"] == 40
    admin.execute("SET GLOBAL general_log = 0")
    reads, writes = _statements_by(general.read_text(), user)
    assert reads and "SET SESSION TRANSACTION READ ONLY" in reads, "the log shows none of the harness's sessions"
    assert writes == [], f"the pre phase wrote to production: {writes}"

    # The team migrates with its own tooling.
    live = root(server.port, name)
    NativeRunner(live, load_changelog(spec.parent / "mysql.sql")).update()
    post_args = ["--migration", str(spec), "--target", "staging", "--phase", "post", "--baseline", str(baseline)]
    post = run(pytester, *post_args)
    assert post.ret == pytest.ExitCode.OK, post.stdout.str()
    post.stdout.fnmatch_lines(["GO: *"])

    live.execute("DELETE FROM users WHERE id = 7")  # a source row lost after the baseline
    live.close()
    tampered = run(pytester, *post_args, "--suite", "staging")
    assert tampered.ret == pytest.ExitCode.TESTS_FAILED
    tampered.stdout.fnmatch_lines([
        "*users -> profiles: 40 source row(s) in users at the baseline (*), 39 now (-1)*",
        "*per-group counts differ from the baseline: team='yellow': 10 -> 9*",
        "*mysql: table users changed since the baseline: 40 row(s) then, 39 now*",
    ])  # fmt: skip


def _statements_by(log: str, user: str) -> tuple[list[str], list[str]]:
    """(reads, writes) sent by ``user``'s connections, from the server's general log; session settings and
    reads (SELECT, SHOW, ...) are not writes."""
    lines = [line.split("\t") for line in log.splitlines()]
    threads = {p[-2].split()[0] for p in lines if len(p) >= 3 and "Connect" in p[-2] and p[-1].startswith(f"{user}@")}
    reads, writes = [], []
    for parts in lines:
        if len(parts) < 3 or "Query" not in parts[-2] or parts[-2].split()[0] not in threads:
            continue
        text = parts[-1].lstrip().upper()
        (
            reads if text.startswith(("SELECT", "SHOW", "SET ", "USE ", "DESCRIBE", "EXPLAIN", "ROLLBACK")) else writes
        ).append(parts[-1])
    return reads, writes


CHDB_PREP = """
import sys
from migration_harness.engines.chdb import ChdbEngine, ChdbSession
from migration_harness.liquibase import NativeRunner, load_changelog
session = ChdbSession(sys.argv[1])
session.run_global("CREATE DATABASE analytics")
engine = ChdbEngine(session, "analytics")
NativeRunner(engine, load_changelog(sys.argv[2])).update_count(1)
rows = ", ".join(f"({i}, '{('red', 'blue', 'green', 'yellow')[i % 4]}', 'p{i}', '2021-01-01 00:00:0{i % 10}')"
                 for i in range(1, 31))
engine.execute(f"INSERT INTO events VALUES {rows}")
engine.execute("INSERT INTO events VALUES (3, 'yellow', 'p3 again', '2021-01-02 00:00:00')")  # an unmerged version
session.close()
"""


def test_staging_with_chdb_as_the_live_clickhouse(pytester: pytest.Pytester, server: ThrowawayMySQLServer) -> None:
    """The whole tiny spec, both databases and the cross-database relation, on a live MariaDB and a
    file-backed chdb database (chdb:///...) standing in for a ClickHouse server."""
    tiny = pytester.path / "tiny"
    shutil.copytree(TINY, tiny)
    spec = tiny / "spec.toml"
    spec.write_text(spec.read_text().replace('module = "seed.py"\n', "").replace("[seed]\n", ""))
    name, user = live_database(server.port, spec)
    data = pytester.path / "chdb-data"
    data.mkdir()
    prep = subprocess.run([sys.executable, "-c", CHDB_PREP, str(data), str(tiny / "clickhouse.sql")],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert prep.returncode == 0, prep.stderr
    pytester.makefile(
        ".toml",
        **{"migration-harness": f'[targets.staging]\nmysql = "mysql://{user}:{PASSWORD}@127.0.0.1:{server.port}/{name}"\n'
           f'clickhouse = "chdb://{data}?database=analytics"\ndestructive = true\n'},
    )  # fmt: skip
    suites = [a for s in ("static", "parity", "integrity", "ids", "staging") for a in ("--suite", s)]
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase",
                 "staging", "-v", *suites)  # fmt: skip
    out = result.stdout.str()
    assert result.ret == pytest.ExitCode.OK, out
    result.stdout.fnmatch_lines([
        f"*clickhouse: ClickHouse * (chdb) (chdb://{data}?database=analytics)*",
        "*parity.py::test_relation_holds*PASSED*",
        "*staging.py::test_rollback_restores_baseline[[]clickhouse] PASSED*",
        "GO: *",
    ])  # fmt: skip
    check = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom migration_harness.engines.chdb import ChdbEngine, ChdbSession\n"
         "s = ChdbSession(sys.argv[1]); print(ChdbEngine(s, 'analytics').scalar("
         "\"SELECT count() FROM event_copies FINAL WHERE origin = 'migration'\")); s.close()", str(data)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.stdout.strip() == "30", check.stderr  # left migrated: one copy per event, the latest version


def test_phases_refuse_where_they_cannot_run(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    name, user = live_database(server.port, spec, users=4)
    configure(pytester, server.port, name, user, production=True)
    cases = {
        ("--phase", "staging", "--target", "staging", "--allow-destructive"):
            "--phase staging migrates the live databases in place, and target 'staging' is production = true",
        ("--phase", "pre"): "--phase pre needs a live target from the settings file (--target NAME), not 'local'",
        ("--phase", "post", "--target", "staging"): "--phase post compares with the baseline --phase pre wrote",
        ("--phase", "post", "--target", "staging", "--baseline", "nope.json"): "--baseline *nope.json: no such file",
    }  # fmt: skip
    for args, message in cases.items():
        result = run(pytester, "--migration", str(spec), *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR, (args, result.stdout.str())
        result.stderr.fnmatch_lines([f"*{message}*"])
        assert "Traceback" not in result.stderr.str()
    configure(pytester, server.port, name, user)
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--phase", "staging")
    result.stderr.fnmatch_lines(["*it needs destructive = true in migration-harness.toml: targets.staging and "
                                 "--allow-destructive*"])  # fmt: skip
    # A database already migrated: the pending changesets are not the ones under test.
    NativeRunner(root(server.port, name), load_changelog(spec.parent / "mysql.sql")).update()
    pre = run(pytester, "--migration", str(spec), "--target", "staging", "--phase", "pre")
    assert pre.ret == pytest.ExitCode.TESTS_FAILED
    pre.stdout.fnmatch_lines(["*mysql: the pending changesets must be exactly the ones under test, in order: pending "
                              "none; under test tiny:mig-1, tiny:mig-2*"])  # fmt: skip


def test_preflight_failures_are_one_message_each_and_change_nothing(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    """A held lock and an applied changeset edited since: the staging run stops before migrating, says why,
    and the live database is untouched."""
    name, user = live_database(server.port, spec, users=8)
    configure(pytester, server.port, name, user, destructive=True)
    args = ["--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase", "staging",
            "--suite", "staging"]  # fmt: skip
    live = root(server.port, name)
    live.execute("UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKEDBY = 'ci-runner-7', LOCKGRANTED = NOW()")
    held = run(pytester, *args)
    assert held.ret == pytest.ExitCode.TESTS_FAILED
    held.stdout.fnmatch_lines(["*mysql: DATABASECHANGELOGLOCK is held by ci-runner-7 since *; if no Liquibase run "
                               "is active, release it*"])  # fmt: skip
    held.stdout.fnmatch_lines(["*the preflight failed, so no baseline was taken and nothing was changed*"])
    live.execute("UPDATE DATABASECHANGELOGLOCK SET LOCKED = 0, LOCKEDBY = NULL, LOCKGRANTED = NULL")

    changelog = spec.parent / "mysql.sql"
    changelog.write_text(changelog.read_text().replace("full_name VARCHAR(100) NULL,", "full_name VARCHAR(120) NULL,"))
    drifted = run(pytester, *args)
    assert drifted.ret == pytest.ExitCode.TESTS_FAILED
    drifted.stdout.fnmatch_lines(
        ["*mysql: applied changeset edited since (checksum drift): mysql.sql::base-1::tiny was: 9:* but is now: 9:*"]
    )
    try:
        assert [r[0] for r in live.query("SHOW TABLES")] == ["DATABASECHANGELOG", "DATABASECHANGELOGLOCK", "users"]
    finally:
        live.close()


def test_changeset_failing_in_place_says_what_state_the_database_is_in(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    changelog = spec.parent / "mysql.sql"
    changelog.write_text(changelog.read_text().replace("SELECT u.id, u.id, u.team", "SELECT u.id, u.id, u.squad"))
    name, user = live_database(server.port, spec, users=8)
    configure(pytester, server.port, name, user, destructive=True)
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--allow-destructive", "--phase",
                 "staging", "--suite", "staging", "--suite", "parity")  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "the migration failed on the live databases:",
        "mysql: mysql.sql::mig-2::tiny (line 11) failed while applying: *Unknown column 'u.squad'*",
        "State of the live databases now:",
        f"  mysql {name}: changesets under test recorded as applied: tiny:mig-1",
        "*the pre-migration state is kept in scratch copies (mh_*) until this run ends*roll back the recorded "
        "changesets (liquibase rollback-count) or restore the backup taken before this run",
    ])  # fmt: skip
    result.stdout.fnmatch_lines(["NOT VERIFIED: the migration did not apply in place (see *", "NO-GO: *"])


def test_real_data_runs_the_destructive_suites_on_a_copy_of_the_live_data(
    pytester: pytest.Pytester, server: ThrowawayMySQLServer, spec: Path
) -> None:
    """No seed at all: idempotency, crash points, rollback and re-apply run on copies of the live rows, and a
    migration that is not idempotent is caught on them; the live database is never touched."""
    name, user = live_database(server.port, spec, users=12)
    configure(pytester, server.port, name, user, destructive=True)
    args = ["--migration", str(spec), "--target", "staging", "--allow-destructive", "--real-data",
            "--suite", "idempotency", "--suite", "rollback", "-v"]  # fmt: skip
    result = run(pytester, *args)
    out = result.stdout.str()
    assert result.ret == NOT_VERIFIED_EXIT, out  # only the application-writes check: no seed declares them
    assert result.parseoutcomes()["passed"] == 8
    assert "throwaway runs start from a copy of target 'staging''s live data (mysql users: 12 rows)" in out
    result.stdout.fnmatch_lines(["*idempotency.py::test_partial_copy_then_rerun_matches_clean_run* PASSED*",
                                 "NOT VERIFIED: the seed module declares no app_writes()*"])  # fmt: skip

    changelog = spec.parent / "mysql.sql"  # the copy loses its guard: a re-run inserts the same ids again
    changelog.write_text(changelog.read_text().replace("WHERE NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = u.id)",
                                                       "WHERE 1 = 1"))  # fmt: skip
    broken = run(pytester, *args)
    assert broken.ret == pytest.ExitCode.TESTS_FAILED, broken.stdout.str()
    broken.stdout.fnmatch_lines(["*idempotency.py::test_rerunning_the_migration_changes_nothing[[]mysql] FAILED*"])
    live = root(server.port, name)
    try:
        assert [r[0] for r in live.query("SHOW TABLES")] == ["DATABASECHANGELOG", "DATABASECHANGELOGLOCK", "users"]
        assert not [r[0] for r in live.query("SHOW DATABASES") if r[0].startswith("mh_")]
    finally:
        live.close()
    refused = run(pytester, "--migration", str(spec), "--real-data")
    refused.stderr.fnmatch_lines(["*--real-data copies a live target's data: name one with --target, not 'local'*"])
