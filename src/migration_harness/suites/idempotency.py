"""Idempotency: re-running changes nothing; a crash half-way followed by a re-run ends like a clean run."""

from __future__ import annotations

import pytest

from migration_harness.dialects import delete_rows_not_in
from migration_harness.fixtures.runs import Reference, RunFactory
from migration_harness.liquibase.history import history_for
from migration_harness.runs import MigrationRun, changeset_ref
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("idempotency")


def test_rerunning_the_migration_changes_nothing(
    fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    migration_runs.migrate(fresh_run)
    snapshot = migration_runs.snapshot(fresh_run, "after first run", only=database)[database]
    db = fresh_run.databases[database]
    for cs in db.migration:
        db.runner.rerun(cs)
    no_problems(snapshot.compare(), f"{database}: running the migration's SQL a second time changed the data:")


def test_crash_then_rerun_matches_clean_run(
    fresh_run: MigrationRun, reference: Reference, crash_point: tuple[str, str, int]
) -> None:
    database, ref, after = crash_point
    db = fresh_run.databases[database]
    changeset = next(cs for cs in db.migration if changeset_ref(cs) == ref)
    db.runner.update_crashing(changeset, after_statements=after)
    fresh_run.migrate()  # Liquibase re-runs the changeset that never got recorded, then the rest
    problems = reference.compare(fresh_run, database, db.spec.volatile, f"re-run after crash in {ref}")
    no_problems(
        problems, f"{database}: crash after statement {after} of {ref}, then a re-run, differs from a clean run:"
    )


def test_partial_copy_then_rerun_matches_clean_run(
    fresh_run: MigrationRun, migration_runs: RunFactory, reference: Reference, mapping: Mapping
) -> None:
    """A copy that died half-way (half of the rows this run's migration wrote into the target never got
    there, nothing recorded) must be completed by the re-run, including groups that were half copied.
    Rows the target held before the migration (the application's) are never touched."""
    before = migration_runs.snapshot(fresh_run, "before migration", only=mapping.database)[mapping.database]
    migration_runs.migrate(fresh_run)
    db = fresh_run.databases[mapping.database]
    existed = mapping.target in before.fingerprint.tables
    written = delete_rows_not_in(
        db.engine, mapping.target, list(mapping.key), before.store.database if existed else None, mapping.target_filter
    )
    if not written:
        not_verified(f"{mapping.name}: the migration wrote no rows into {mapping.target}: no copy to cut short")
    history = history_for(db.engine)
    for cs in db.migration:
        history.delete((cs.id, cs.author, cs.filename))
    db.runner.update()
    problems = reference.compare(fresh_run, mapping.database, db.spec.volatile, "re-run after a partial copy")
    no_problems(
        problems,
        f"{mapping.database}: re-running after a copy of {mapping.target} died half-way differs from a clean run:",
    )
