"""The plugin as a user meets it: options, errors without tracebacks, the header, the suites, the report."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_spec import TINY, mysql_only

from migration_harness.engines.mysql import MySQLEngine
from migration_harness.errors import ChangesetFailed
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.plugin import told_failure
from migration_harness.verdict import NOT_VERIFIED_EXIT


@pytest.fixture
def tiny(pytester: pytest.Pytester) -> Path:
    """A private copy of the tiny spec that a test may break."""
    target = pytester.path / "tiny"
    shutil.copytree(TINY, target)
    return target


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    # A subprocess per run: chdb allows one embedded session per process.
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_unknown_target_is_a_usage_error_listing_known_ones(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--target", "staging")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown target 'staging'; known targets: local, containers*"])
    assert "Traceback" not in result.stderr.str()


def test_configured_target_is_known(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml", **{"migration-harness": '[targets.staging]\nmysql = "mysql://u:${PW:-x}@127.0.0.1:1/app"\n'}
    )
    result = run(pytester, "--target", "nope")
    result.stderr.fnmatch_lines(["*known targets: local, containers, staging*"])


def test_bad_spec_names_the_key(pytester: pytest.Pytester, tiny: Path) -> None:
    spec = tiny / "spec.toml"
    spec.write_text(spec.read_text().replace('key = { id = "id" }', "key = { id = 3 }", 1))
    result = run(pytester, "--migration", str(spec))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{spec}: mappings[[]0].key.id: must map a column name to a column name*"])
    assert "Traceback" not in result.stderr.str()


def test_malformed_changelog_names_file_and_line(pytester: pytest.Pytester, tiny: Path) -> None:
    sql = tiny / "mysql.sql"
    sql.write_text(sql.read_text().replace("--changeset tiny:mig-1", "--changeset mig-1-without-author"))
    result = run(pytester, "--migration", str(tiny / "spec.toml"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*mysql.sql:*"])
    assert "Traceback" not in result.stderr.str()


def test_run_names_spec_target_engines_and_versions(pytester: pytest.Pytester, tiny: Path) -> None:
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--suite", "static")
    result.stdout.fnmatch_lines(
        [
            "migration-harness: tiny (*spec.toml) on target local",
            "  mysql: MariaDB * (throwaway *",
            "  clickhouse: ClickHouse * (chdb*",
        ]
    )
    assert result.ret == 0


def test_no_spec_means_no_suites(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_mine(): pass")
    result = run(pytester)
    result.assert_outcomes(passed=1)


def test_correct_migration_passes_every_suite_and_writes_a_report(pytester: pytest.Pytester, tiny: Path) -> None:
    report = pytester.path / "report.html"
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--html", str(report), "-q")
    outcomes = result.parseoutcomes()
    assert result.ret == 0, result.stdout.str()
    assert outcomes["passed"] >= 35
    html = report.read_text()
    assert "Verdict: GO" in html and "MariaDB" in html and "chdb" in html
    result.stdout.fnmatch_lines(["*GO: * passed, 0 failed, 0 not verified, * not applicable"])
    assert "hypothesis" in html.lower()
    assert "<th>Checklist</th>" in html and "Rollback cleanliness" in html  # each row names its checklist item
    assert '<link rel="stylesheet"' not in html  # self-contained: one file to attach to the ticket


def test_rollback_that_leaves_rows_is_caught_and_named(pytester: pytest.Pytester, tiny: Path) -> None:
    sql = tiny / "mysql.sql"
    sql.write_text(sql.read_text().replace("--rollback DROP TABLE profiles;", "--rollback SELECT 1;"))
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--suite", "rollback", "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*mysql: rollback did not restore the pre-migration state*", "*table profiles is left behind*"]
    )


def test_unguarded_insert_fails_idempotency_naming_the_rows(pytester: pytest.Pytester, tiny: Path) -> None:
    sql = tiny / "clickhouse.sql"
    sql.write_text(sql.read_text().replace(" WHERE id NOT IN (SELECT id FROM event_copies)", ""))
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--suite", "idempotency", "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*table event_copies: 0 row(s) only after first run, 2 row(s) only now*"])


@pytest.fixture
def staging(pytester: pytest.Pytester, tiny: Path, mysql_server: object) -> Iterator[MySQLEngine]:
    """A 'live' MySQL database, migrated by the harness's runner, reached with a password from the environment."""
    port = mysql_server.port  # type: ignore[attr-defined]
    admin = MySQLEngine(f"mysql://root@127.0.0.1:{port}/mysql")
    name = f"staging_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE DATABASE {name}")
    admin.execute(f"CREATE USER IF NOT EXISTS 'migrator'@'127.0.0.1' IDENTIFIED BY '{SECRET}'")
    admin.execute(f"GRANT ALL ON {name}.* TO 'migrator'@'127.0.0.1'")
    live = MySQLEngine(f"mysql://root@127.0.0.1:{port}/{name}")
    runner = NativeRunner(live, load_changelog(tiny / "mysql.sql"))
    runner.update_count(1)
    for uid, team in ((1, "red"), (2, "blue"), (3, "red")):
        live.execute(f"INSERT INTO users VALUES ({uid}, '{team}', NULL, '2020-01-01 00:00:00.{uid:06d}')")
    runner.update()
    pytester.makefile(
        ".toml",
        **{
            "migration-harness": f'[targets.staging]\nmysql = "mysql://migrator:${{STAGING_PW}}@127.0.0.1:{port}/{name}"\n'
        },
    )
    yield live
    admin.execute(f"DROP DATABASE {name}")
    live.close()
    admin.close()


SECRET = "s3cr3t-Pa55"


def test_live_target_runs_read_only_checks_and_never_prints_the_password(
    pytester: pytest.Pytester, tiny: Path, staging: MySQLEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGING_PW", SECRET)
    spec = mysql_only(tiny)
    report = pytester.path / "staging.html"
    args = ["--migration", str(spec), "--target", "staging", "-rs", "--html", str(report)]
    result = run(pytester, *args)
    # Suites that need throwaway databases could not run: not a pass, so not exit 0 unless accepted.
    assert result.ret == NOT_VERIFIED_EXIT, result.stdout.str()
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 10  # static, parity, integrity and ID rules against the live database
    result.stdout.fnmatch_lines(
        [
            "*mysql: MariaDB * (mysql://migrator:***@127.0.0.1:*",
            "NOT VERIFIED: target 'staging' is read-only*",
            "NOT VERIFIED: * passed, 0 failed, * not verified, * (exit 6)",
        ]
    )
    assert SECRET not in result.stdout.str() + result.stderr.str() + report.read_text()
    accepted = run(pytester, *args, "--allow-unverified")
    assert accepted.ret == pytest.ExitCode.OK, accepted.stdout.str()
    accepted.stdout.fnmatch_lines(["NOT VERIFIED: * (exit 0: --allow-unverified)"])

    staging.execute("UPDATE profiles SET team = 'blue' WHERE id = 3")  # a broken live migration
    result = run(pytester, *args, "--suite", "parity")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*2 group(s) by team have different counts*team='blue': 1 in users, 2 in profiles*"])
    assert SECRET not in result.stdout.str() + result.stderr.str()


def test_empty_rollback_fails_unless_declared_irreversible(pytester: pytest.Pytester, tiny: Path) -> None:
    sql = tiny / "mysql.sql"
    sql.write_text(
        sql.read_text().replace(
            "--rollback DELETE FROM profiles WHERE origin = 'migration';", "--rollback -- nothing to do"
        )
    )
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--suite", "static", "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*mysql.sql:* tiny:mig-2 (rollback only comments)*"])

    spec = tiny / "spec.toml"
    spec.write_text(
        spec.read_text().replace(
            'migration = ["tiny:mig-1", "tiny:mig-2"]',
            'migration = ["tiny:mig-1", "tiny:mig-2"]\nirreversible = ["tiny:mig-2"]',
        )
    )
    report = pytester.path / "r.html"
    result = run(
        pytester, "--migration", str(spec), "--suite", "static", "--suite", "rollback", "-rs", "--html", str(report)
    )
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(["*tiny:mig-2 declared irreversible: rollback means restore-from-backup*"])
    assert "rollback means restore-from-backup" in report.read_text()

    # The properties suite respects it too: generated shapes are migrated and checked, MySQL not rolled back.
    pytester.makeconftest(
        "from hypothesis import settings\n"
        "settings.register_profile('few', max_examples=3, deadline=None, database=None)\n"
    )
    result = run(pytester, "--migration", str(spec), "--suite", "properties", "--hypothesis-profile", "few")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert "Traceback" not in result.stdout.str()


def test_destructive_live_target_runs_suites_in_scratch_databases_on_that_server(
    pytester: pytest.Pytester, tiny: Path, mysql_server: object
) -> None:
    port = mysql_server.port  # type: ignore[attr-defined]
    pytester.makefile(
        ".toml",
        **{
            "migration-harness": f'[targets.sandbox]\nmysql = "mysql://root@127.0.0.1:{port}/mysql"\ndestructive = true'
        },
    )
    spec = mysql_only(tiny)
    refused = run(pytester, "--migration", str(spec), "--target", "sandbox", "--suite", "rollback", "-rs")
    refused.stdout.fnmatch_lines(["*read-only*--allow-destructive*"])  # the flag is needed as well
    allowed = run(
        pytester, "--migration", str(spec), "--target", "sandbox", "--suite", "rollback", "--allow-destructive"
    )
    # the trimmed spec has no seed (no application writes, no volume) and no table read FINAL (no crash to roll back)
    allowed.assert_outcomes(passed=3, skipped=3)
    assert allowed.ret == NOT_VERIFIED_EXIT
    allowed.stdout.fnmatch_lines(["*NOT VERIFIED: the seed module declares no app_writes()*"])
    allowed.stdout.fnmatch_lines(["*NOT VERIFIED: no bulk volume to migrate*"])
    admin = MySQLEngine(f"mysql://root@127.0.0.1:{port}/mysql")
    leftovers = [r[0] for r in admin.query("SHOW DATABASES LIKE 'mh\\_%'")]
    admin.close()
    assert not leftovers, f"scratch databases left on the live server: {leftovers}"


def test_hypothesis_finds_a_shape_the_fixed_seed_misses(pytester: pytest.Pytester, tiny: Path) -> None:
    """Without `tolerate`, an event whose team has no user breaks the relation: the fixed shape has no such
    event, so only the generated shapes find it, and the failure prints the shape readably."""
    spec = tiny / "spec.toml"
    spec.write_text("\n".join(line for line in spec.read_text().splitlines() if not line.startswith("tolerate")))
    fixed = run(pytester, "--migration", str(spec), "--suite", "parity", "-q")
    assert fixed.ret == pytest.ExitCode.OK  # the hand-written shape passes
    # A user's own profile wins over the harness default; this one skips shrinking to keep the test short.
    pytester.makeconftest(
        "from hypothesis import Phase, settings\n"
        "settings.register_profile('quick', max_examples=15, deadline=None, database=None, derandomize=True,\n"
        "                          phases=[Phase.explicit, Phase.generate])\n"
    )
    result = run(pytester, "--migration", str(spec), "--suite", "properties", "-q", "--hypothesis-profile", "quick")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*every event team has a user: * value(s) of clickhouse event_copies.team have no match*", "*shape=*"]
    )


def test_disk_headroom_fails_when_the_copy_would_not_fit(pytester: pytest.Pytester, tiny: Path) -> None:
    spec = tiny / "spec.toml"
    spec.write_text(
        spec.read_text().replace(
            'migration = ["tiny:ch-mig-1", "tiny:ch-mig-2"]',
            'migration = ["tiny:ch-mig-1", "tiny:ch-mig-2"]\ndisk_headroom = 1e15',
        )
    )
    result = run(pytester, "--migration", str(spec), "--suite", "migrate", "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*clickhouse: not enough disk for the migration:*", "*free, but 1e+15 x * (events) = *"]
    )


def test_spec_naming_a_column_the_baseline_lacks_is_one_usage_error(pytester: pytest.Pytester, tiny: Path) -> None:
    spec = tiny / "spec.toml"
    spec.write_text(spec.read_text().replace('full_name = "full_name"', 'full_name = "fullname"'))
    result = run(pytester, "--migration", str(spec), "-q")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        ["*mappings[[]0].preserve.full_name: column users.fullname does not exist in mysql after the baseline*"]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert "GO:" not in result.stdout.str()  # stopped before the suites looked at data: no verdict of GO
    result.stdout.fnmatch_lines(["NOT VERIFIED: * passed, 0 failed, 0 not verified, *, the run stopped early (exit 4)"])
    # Under xdist a worker cannot stop the run (pytest.exit there is an INTERNALERROR, pytest-xdist issue 1239):
    # each check that needs the databases fails with the same message, no traceback, and the run is NO-GO.
    result = run(pytester, "--migration", str(spec), "-q", "-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output and "Traceback" not in output
    result.stdout.fnmatch_lines(["*column users.fullname does not exist in mysql after the baseline*", "NO-GO: *"])


def test_target_filter_the_engine_rejects_is_one_usage_error(pytester: pytest.Pytester, tiny: Path) -> None:
    spec = tiny / "spec.toml"
    spec.write_text(
        spec.read_text().replace("target_filter = \"origin = 'migration'\"", 'target_filter = "origin = = 1"')
    )
    result = run(pytester, "--migration", str(spec), "-q")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*mappings[[]0].target_filter 'origin = = 1': mysql rejects it: *"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_changeset_that_fails_is_one_failure_and_the_rest_not_verified(pytester: pytest.Pytester, tiny: Path) -> None:
    sql = tiny / "mysql.sql"
    sql.write_text(sql.read_text().replace("FROM users u", "FROM no_such_table u"))
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "-q", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 1 and "error" not in outcomes, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "*test_migration_applies[[]mysql[]]*",
            "*mysql.sql::mig-2::tiny (line 11) failed while applying: statement `INSERT INTO profiles*no_such_table*",
            "NOT VERIFIED: the migration did not apply*",
            "NO-GO: * 1 failed, * not verified*",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_migration_that_does_not_apply_is_no_go_also_without_the_migrate_suite(
    pytester: pytest.Pytester, tiny: Path
) -> None:
    """The migrate suite reports the failure once; a run of other suites alone must say it too, not NOT VERIFIED."""
    sql = tiny / "mysql.sql"
    sql.write_text(sql.read_text().replace("FROM users u", "FROM no_such_table u"))
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--suite", "parity", "-q")
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(
        ["*the migration did not apply:*", "*mig-2::tiny (line 11) failed while applying*", "NO-GO: *"]
    )
    assert "Traceback" not in result.stdout.str()


def test_spec_without_seed_data_is_not_verified(pytester: pytest.Pytester, tiny: Path) -> None:
    """Empty tables prove nothing: a spec with no [seed] must not pass as GO."""
    spec = tiny / "spec.toml"
    spec.write_text(spec.read_text().replace('[seed]\nmodule = "seed.py"\n', ""))
    result = run(pytester, "--migration", str(spec), "-q")
    assert result.ret == NOT_VERIFIED_EXIT, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "NOT VERIFIED: users -> profiles: source users has no rows, so nothing was migrated to check",
            "NOT VERIFIED: the spec declares no [[]seed[]] module, so there are no shapes to generate",
            "NOT VERIFIED: * passed, 0 failed, * not verified, * (exit 6)",
        ]
    )
    assert "failed" not in result.parseoutcomes()


def test_unavailable_target_is_not_verified_not_passed(
    pytester: pytest.Pytester, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Docker the containers target runs nothing: every check says why, and the exit is not 0."""
    monkeypatch.setenv("DOCKER_HOST", f"unix://{pytester.path}/no-docker.sock")
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--target", "containers", "--suite", "parity")
    assert result.ret == NOT_VERIFIED_EXIT, result.stdout.str()
    result.stdout.fnmatch_lines(
        ["NOT VERIFIED: target 'containers' unavailable: no Docker engine reachable*", "NOT VERIFIED: 0 passed*"]
    )


def test_materialized_view_of_a_copied_table(pytester: pytest.Pytester, tiny: Path) -> None:
    """A migration that adds a materialized view over the table it copies into (its inner table named after a
    random UUID): independent runs still compare equal; a partial copy cannot be simulated by deleting copied
    rows (the view keeps what they fed), so that check is not verified; and rolling back the copy without
    cleaning the view is caught."""
    changelog = tiny / "clickhouse.sql"
    changelog.write_text(
        changelog.read_text().replace(
            "--rollback DROP TABLE event_copies;\n",
            "CREATE MATERIALIZED VIEW IF NOT EXISTS team_counts ENGINE = SummingMergeTree ORDER BY team AS "
            "SELECT team, count() AS n FROM event_copies GROUP BY team;\n"
            "--rollback DROP VIEW IF EXISTS team_counts;\n--rollback DROP TABLE event_copies;\n",
        )
    )
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "-q", "-rs", "--suite", "ids",
                 "--suite", "idempotency", "--suite", "rollback", "-k", "clickhouse")  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    outcomes = result.parseoutcomes()
    result.stdout.fnmatch_lines(
        ["*rolling back tiny:ch-mig-2 did not restore the state before it:*",
         "*table .inner.team_counts: 0 row(s) only before tiny:ch-mig-2, * row(s) only now*"]
    )  # fmt: skip
    result.stdout.fnmatch_lines(["*event_copies also feeds materialized view team_counts*"])
    assert outcomes.get("failed") == 1, result.stdout.str()  # the rollback of the copy, nothing else


def test_a_changeset_failing_on_a_generated_shape_shows_the_shape(pytester: pytest.Pytester, tiny: Path) -> None:
    """The fixed shape's teams fit a 4-character column, a generated "o'neil" does not: the failure names the
    changeset and prints the shape Hypothesis found (its notes), not only the changeset's error."""
    changelog = tiny / "mysql.sql"
    changelog.write_text(
        changelog.read_text().replace("user_id INT NOT NULL, team VARCHAR(20)", "user_id INT NOT NULL, team VARCHAR(4)")
    )
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "-q", "--suite", "properties", "-p", "no:randomly")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*mig-2::tiny (line *) failed while applying*Data too long for column 'team'*",
         "Failing test case: migrate_and_roll_back(", "*shape=*o'neil*"]
    )  # fmt: skip


def test_a_relation_failing_on_generated_orphans_says_where_they_come_from(pytester: pytest.Pytester) -> None:
    # The copy of product events keeps their product_id; belongs_to gives some events no product on purpose.
    copy = pytester.path / "catalog"
    shutil.copytree(
        Path(__file__).parent / "migrations" / "catalog_tags_split", copy, ignore=shutil.ignore_patterns("mutants")
    )
    spec = copy / "spec.toml"
    spec.write_text(spec.read_text().replace('no_orphans = ["product_events.product_id"]\n', ""))
    result = run(pytester, "--migration", str(spec), "--suite", "parity", "-k", "relation_holds")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*have no match in mysql products.id*"])
    hint = (
        "The generated data gives product_events.product_id values without a parent in products.id on purpose "
        "([generate] belongs_to allows orphans, as production may have them). If the migration copied these from "
        "there, declare that orphans stay orphans (tolerate = { from = ..., to = ... } on this relation), or, if "
        'production has none, [generate] no_orphans = ["product_events.product_id"]'
    )
    assert hint in result.stdout.str()
    # Declared as the hint says, the same data passes: orphans stay orphans.
    spec.write_text(spec.read_text() + (
        'tolerate = { from = { database = "clickhouse", table = "product_events", column = "product_id" }, '
        'to = { database = "mysql", table = "products", column = "id" } }\n'
    ))  # fmt: skip
    result = run(pytester, "--migration", str(spec), "--suite", "parity", "-k", "relation_holds")
    assert result.ret == pytest.ExitCode.OK


def test_a_migration_refusing_generated_edge_values_says_how_to_narrow_them(pytester: pytest.Pytester) -> None:
    """An ALTER that converts Float64 to Decimal(18, 4) fails on the type's limits the data holds: the failure
    says that the data is generated with edge values and where to say what the column really holds."""
    pytester.path.joinpath("ch.sql").write_text(
        "--liquibase formatted sql\n\n--changeset pay:1\n"
        "CREATE TABLE IF NOT EXISTS payments (id UInt64, amount Float64) ENGINE = MergeTree ORDER BY id;\n"
        "--rollback DROP TABLE IF EXISTS payments;\n\n--changeset pay:2\n"
        "ALTER TABLE payments MODIFY COLUMN amount Decimal(18, 4);\n"
        "--rollback ALTER TABLE payments MODIFY COLUMN amount Float64;\n"
    )
    spec = pytester.path / "spec.toml"
    spec.write_text(
        '[databases.clickhouse]\nchangelog = "ch.sql"\nmigration = ["pay:2"]\nmay_change = ["payments.amount"]\n\n'
        "[generate]\n"
    )
    result = run(pytester, "--migration", str(spec), "--suite", "migrate")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*Decimal convert overflow*", "*say what the column holds under [[]generate.columns[]] in spec.toml*"]
    )


def test_hypothesis_distinct_failures_read_as_a_numbered_list_without_tracebacks(
    pytester: pytest.Pytester,
) -> None:
    """Hypothesis raises an exception group when it finds failures of different kinds (a rollback that
    restores too little, a changeset a crash leaves half-applied): each reads as it would alone, with its
    falsifying example; an error of the harness itself keeps its traceback."""
    item = pytester.getitem("def test_func(): pass")
    crashed = ChangesetFailed("users.sql::2::app (line 19) failed while applying: Duplicate column name 'uuid_bin'")
    crashed.add_note("Failing test case: migrate_and_roll_back(interrupted=('mysql', 'app:2', 1))")
    rollback = AssertionError("rollback did not restore the pre-migration state:\n  mysql: table users\nassert not [1]")
    told = told_failure(item, ExceptionGroup("Hypothesis found 2 distinct failures.", [rollback, crashed]))
    assert told == (
        "Hypothesis found 2 distinct failures:\n\n"
        "1. rollback did not restore the pre-migration state:\n  mysql: table users\n\n"
        "2. users.sql::2::app (line 19) failed while applying: Duplicate column name 'uuid_bin'\n"
        "Failing test case: migrate_and_roll_back(interrupted=('mysql', 'app:2', 1))"
    )
    assert told_failure(item, ExceptionGroup("two", [rollback, KeyError("a harness bug")])) is None
