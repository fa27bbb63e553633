"""Rollback cleanliness: rollback-count restores schema and data exactly, keeps the application's rows,
and applying again reproduces the first result."""

from __future__ import annotations

import pytest

from migration_harness.diffs import compare_states
from migration_harness.fingerprints import Fingerprint, TableFingerprint
from migration_harness.fixtures.runs import RunFactory
from migration_harness.runs import MigrationRun, changeset_ref
from migration_harness.session import HarnessSession
from migration_harness.suites import no_problems

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
    _skip_if_irreversible(harness, fresh_run, database)
    seeder = migration_runs.seeder
    tables_before = set(fresh_run.engines[database].tables())
    migration_runs.migrate(fresh_run)
    if seeder is None or not seeder.app_writes(fresh_run.engines):
        pytest.skip("the seed module declares no app_writes(): nothing the application writes after the migration")
    written = migration_runs.snapshot(fresh_run, "before rollback", only=database)[database]
    db = fresh_run.databases[database]
    db.runner.rollback_count(len(db.migration))
    # Only the tables that existed before the migration must keep the application's rows.
    kept = {t: f for t, f in written.fingerprint.tables.items() if t in tables_before}
    columns_before = {t: {c.name for c in fresh_run.engines[database].columns(t)} for t in kept}
    trimmed = Fingerprint(
        written.fingerprint.database,
        {
            t: TableFingerprint(t, tuple(c for c in f.columns if c.name in columns_before[t]), (), f.rows, f.digest)
            for t, f in kept.items()
        },
    )
    problems = [
        p
        for p in compare_states(
            trimmed, written.store.database, db.engine, db.spec.volatile, "before rollback", "after"
        )
        if "keys/engine changed" not in p and " is left behind" not in p and "changed from" not in p
    ]
    no_problems(problems, f"{database}: rollback lost rows the application wrote after the migration:")


def test_reapplying_after_rollback_reproduces_state(
    harness: HarnessSession, fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    _skip_if_irreversible(harness, fresh_run, database)
    migration_runs.migrate(fresh_run)
    first = migration_runs.snapshot(fresh_run, "first migration", only=database)[database]
    db = fresh_run.databases[database]
    db.runner.rollback_count(len(db.migration))
    db.runner.update()
    problems = first.compare(volatile=db.spec.volatile)
    no_problems(problems, f"{database}: migrate, roll back, migrate again differs from the first migration:")
