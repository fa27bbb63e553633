"""Rollback cleanliness: rollback-count restores schema and data exactly, keeps the application's rows,
and applying again reproduces the first result."""

from __future__ import annotations

import re

import pytest

from migration_harness.diffs import compare_states
from migration_harness.errors import failure_of
from migration_harness.fingerprints import fingerprint
from migration_harness.fixtures.runs import MigratedState, RunFactory
from migration_harness.fixtures.volume import migrated_bulk_volume
from migration_harness.rewritten import auto_increment_columns, rewritten_columns
from migration_harness.runs import MigrationRun, changeset_ref
from migration_harness.session import HarnessSession
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("rollback")


def _skip_if_irreversible(migration_session: HarnessSession, run: MigrationRun, migration_database: str) -> None:
    db = run.databases[migration_database]
    declared = db.spec.irreversible_under_test
    if declared:
        note = f"{migration_database}: {', '.join(declared)} declared irreversible: rollback means restore-from-backup"
        if note not in migration_session.records.notes:
            migration_session.records.notes.append(note)
        pytest.skip(note)


def test_rollback_restores_pre_migration_state(
    migration_session: HarnessSession,
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_database: str,
) -> None:
    _skip_if_irreversible(migration_session, migration_fresh_run, migration_database)
    before = migration_runs.snapshot(migration_fresh_run, "before migration", only=migration_database)[
        migration_database
    ]
    migration_runs.migrate(migration_fresh_run)
    db = migration_fresh_run.databases[migration_database]
    db.roll_back(db.migration)
    problems = before.compare()
    no_problems(problems, f"{migration_database}: rollback did not restore the pre-migration state:")


def test_each_rollback_restores_the_state_before_its_changeset(
    migration_session: HarnessSession,
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_database: str,
) -> None:
    """One changeset at a time: a later DROP TABLE cannot hide an earlier rollback that leaves rows."""
    _skip_if_irreversible(migration_session, migration_fresh_run, migration_database)
    db = migration_fresh_run.databases[migration_database]
    befores = []
    for cs in db.migration:
        label = f"before {changeset_ref(cs)}"
        befores.append((cs, migration_runs.snapshot(migration_fresh_run, label, only=migration_database)))
        db.runner.update_count(db.count_through([cs]))
    for cs, before in reversed(befores):
        db.roll_back([cs])
        problems = before[migration_database].compare()
        no_problems(
            problems, f"{migration_database}: rolling back {changeset_ref(cs)} did not restore the state before it:"
        )


def test_rollback_restores_bulk_volume(migration_runs: RunFactory, migration_applied: MigratedState) -> None:
    """The rollback on bulk volume, where a batched DELETE or UPDATE runs more than one batch."""
    if not migration_runs.spec.reversible:
        pytest.skip("every database's migration is declared irreversible: rollback means restore-from-backup")
    with migrated_bulk_volume(migration_runs) as (run, before, volume):
        problems = migration_runs.roll_back_all(run, before)
        no_problems(problems, f"rollback did not restore the pre-migration state of {volume}:")


def test_rollback_after_crash_and_rerun_restores_pre_migration_state(
    migration_session: HarnessSession,
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_crash_point_read_final: tuple[str, str, int],
) -> None:
    """A crash, the re-run that recovers from it, then the rollback. The re-run writes again into tables the
    application reads FINAL: duplicates a merge drops, so the idempotency suite rightly passes; a rollback that
    reads such a table without FINAL (restoring archived rows) brings them back twice."""
    migration_database, ref, after = migration_crash_point_read_final
    _skip_if_irreversible(migration_session, migration_fresh_run, migration_database)
    before = migration_runs.snapshot(migration_fresh_run, "before migration", only=migration_database)[
        migration_database
    ]
    db = migration_fresh_run.databases[migration_database]
    db.crash(ref, after)
    if failed := failure_of(lambda: migration_runs.migrate(migration_fresh_run)):
        not_verified(
            f"{migration_database}: the re-run after a crash after statement {after} of {ref} failed "
            f"(idempotency::test_crash_then_rerun_matches_clean_run says why): {failed}"
        )
    db.roll_back(db.migration)
    problems = before.compare(read_final=migration_fresh_run.spec.read_final(migration_database))
    no_problems(
        problems,
        f"{migration_database}: crash after statement {after} of {ref}, a re-run, then the rollback did not restore "
        "the pre-migration state:",
    )


def test_rollback_keeps_application_rows(
    migration_session: HarnessSession,
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_database: str,
) -> None:
    """Migrate, let the application write, roll back: the result must equal a run that never migrated and
    received the same application writes. AUTO_INCREMENT values are left out: rows the migration inserted
    into a pre-existing table advance the counter even after they are rolled back."""
    _skip_if_irreversible(migration_session, migration_fresh_run, migration_database)
    seeder = migration_runs.seeder
    if seeder is None or not seeder.has("app_writes"):
        not_verified("the seed module declares no app_writes(), so no application rows were written to keep")
    assert seeder is not None
    never = migration_runs.new("never migrated")
    try:
        failed = failure_of(lambda: seeder.app_writes(never.engines))
        if failed:
            pytest.fail(
                f"app_writes() failed on databases that were never migrated: {failed}\n"
                "It must write what the application writes to tables that exist before and after the migration, "
                "using only their pre-migration columns.",
                pytrace=False,
            )
        migration_runs.migrate(migration_fresh_run)
        broken = failure_of(lambda: seeder.app_writes(migration_fresh_run.engines))
        if broken:  # the same writes worked before the migration: it broke the application
            pytest.fail(
                f"{migration_database}: after the migration the application's writes fail (they work before it, "
                f"with the same pre-migration columns): {broken}\nAn application not yet changed for the migration "
                f"cannot write any more: {_what_to_do(broken)}",
                pytrace=False,
            )
        db = migration_fresh_run.databases[migration_database]
        db.roll_back(db.migration)
        expected = never.engines[migration_database]
        ignored = (*db.spec.volatile, *auto_increment_columns(expected))
        problems = compare_states(
            fingerprint(expected, ignored), expected.database, db.engine, ignored, "never migrated", "after rollback"
        )
    finally:
        migration_runs.release(never)
    no_problems(
        problems,
        f"{migration_database}: migrate, application writes, rollback differs from the same application writes without "
        "the migration (rows the application wrote were lost or changed):",
    )


def test_reapplying_after_rollback_reproduces_state(
    migration_session: HarnessSession,
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_database: str,
) -> None:
    _skip_if_irreversible(migration_session, migration_fresh_run, migration_database)
    migration_runs.migrate(migration_fresh_run)
    first = migration_runs.snapshot(migration_fresh_run, "first migration", only=migration_database)[migration_database]
    db = migration_fresh_run.databases[migration_database]
    db.roll_back(db.migration)
    db.runner.update()
    # A table that outlives the rollback keeps its AUTO_INCREMENT counter: rows inserted again get new ids;
    # and they are stamped with the time of the second migration.
    spec = migration_fresh_run.spec
    problems = first.compare(
        ignore=rewritten_columns(db.engine, spec.relations), read_final=spec.read_final(migration_database)
    )
    no_problems(problems, f"{migration_database}: migrate, roll back, migrate again differs from the first migration:")


_FOREIGN_KEY = re.compile(r"FOREIGN KEY \(`(?:[^`]+)`\) REFERENCES `([^`]+)`")


def _what_to_do(failure: str) -> str:
    """Advice for the application's writes the migrated schema refuses."""
    if "(1452, " in failure and (fk := _FOREIGN_KEY.search(failure)):
        return (
            f"a foreign key refuses the row and references {fk.group(1)}: MySQL keeps a foreign key on the table "
            "it pointed at when that table is renamed (RENAME TABLE t TO t_old, t_new TO t leaves it on t_old), so "
            "drop and re-create it on the new table in the migration"
        )
    return (
        "give new columns a default, or keep them nullable until it is deployed; a column the migration drops "
        "once the application stopped writing it goes in may_change."
    )
