"""Rollback cleanliness: rollback-count restores schema and data exactly, keeps the application's rows,
and applying again reproduces the first result."""

from __future__ import annotations

import pytest

from migration_harness.diffs import compare_states
from migration_harness.engines import Engine
from migration_harness.fingerprints import fingerprint
from migration_harness.fixtures.runs import RunFactory
from migration_harness.runs import MigrationRun, changeset_ref
from migration_harness.session import HarnessSession
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("rollback")


def _skip_if_irreversible(harness: HarnessSession, run: MigrationRun, database: str) -> None:
    db = run.databases[database]
    declared = [changeset_ref(cs) for cs in db.migration if changeset_ref(cs) in db.spec.irreversible]
    if declared:
        note = f"{database}: {', '.join(declared)} declared irreversible: rollback means restore-from-backup"
        if note not in harness.records.notes:
            harness.records.notes.append(note)
        pytest.skip(note)


def test_rollback_restores_pre_migration_state(
    harness: HarnessSession, fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    _skip_if_irreversible(harness, fresh_run, database)
    before = migration_runs.snapshot(fresh_run, "before migration", only=database)[database]
    migration_runs.migrate(fresh_run)
    db = fresh_run.databases[database]
    db.runner.rollback_count(len(db.migration))
    problems = before.compare()
    no_problems(problems, f"{database}: rollback did not restore the pre-migration state:")


def test_each_rollback_restores_the_state_before_its_changeset(
    harness: HarnessSession, fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    """One changeset at a time: a later DROP TABLE cannot hide an earlier rollback that leaves rows."""
    _skip_if_irreversible(harness, fresh_run, database)
    db = fresh_run.databases[database]
    befores = []
    for cs in db.migration:
        label = f"before {changeset_ref(cs)}"
        befores.append((changeset_ref(cs), migration_runs.snapshot(fresh_run, label, only=database)[database]))
        db.runner.update_count(1)
    for ref, before in reversed(befores):
        db.runner.rollback_count(1)
        problems = before.compare()
        no_problems(problems, f"{database}: rolling back {ref} did not restore the state before it:")


def test_rollback_keeps_application_rows(
    harness: HarnessSession, fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    """Migrate, let the application write, roll back: the result must equal a run that never migrated and
    received the same application writes. AUTO_INCREMENT values are left out: rows the migration inserted
    into a pre-existing table advance the counter even after they are rolled back."""
    _skip_if_irreversible(harness, fresh_run, database)
    seeder = migration_runs.seeder
    if seeder is None or not seeder.has("app_writes"):
        not_verified("the seed module declares no app_writes(), so no application rows were written to keep")
    assert seeder is not None
    never = migration_runs.new("never migrated")
    try:
        try:
            seeder.app_writes(never.engines)
        except Exception as exc:
            pytest.fail(
                f"app_writes() failed on databases that were never migrated: {exc}\n"
                "It must write what the application writes to tables that exist before and after the migration, "
                "using only their pre-migration columns.",
                pytrace=False,
            )
        migration_runs.migrate(fresh_run)
        seeder.app_writes(fresh_run.engines)
        db = fresh_run.databases[database]
        db.runner.rollback_count(len(db.migration))
        expected = never.engines[database]
        ignored = (*db.spec.volatile, *auto_increment_columns(expected))
        problems = compare_states(
            fingerprint(expected, ignored), expected.database, db.engine, ignored, "never migrated", "after rollback"
        )
    finally:
        migration_runs.release(never)
    no_problems(
        problems,
        f"{database}: migrate, application writes, rollback differs from the same application writes without "
        "the migration (rows the application wrote were lost or changed):",
    )


def auto_increment_columns(engine: Engine) -> list[str]:
    return [f"{t}.{c.name}" for t in engine.tables() for c in engine.columns(t) if c.auto_increment]


def test_reapplying_after_rollback_reproduces_state(
    harness: HarnessSession, fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    _skip_if_irreversible(harness, fresh_run, database)
    migration_runs.migrate(fresh_run)
    first = migration_runs.snapshot(fresh_run, "first migration", only=database)[database]
    db = fresh_run.databases[database]
    db.runner.rollback_count(len(db.migration))
    db.runner.update()
    problems = first.compare()
    no_problems(problems, f"{database}: migrate, roll back, migrate again differs from the first migration:")
