"""Idempotency: re-running changes nothing; a crash half-way followed by a re-run ends like a clean run."""

from __future__ import annotations

import pytest

from migration_harness.dialects import ident, qualified, settings
from migration_harness.fixtures.runs import Reference, RunFactory
from migration_harness.liquibase.history import history_for
from migration_harness.runs import MigrationRun
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems

pytestmark = pytest.mark.migration_suite("idempotency")


def test_rerunning_the_migration_changes_nothing(
    fresh_run: MigrationRun, migration_runs: RunFactory, database: str
) -> None:
    migration_runs.migrate(fresh_run)
    snapshot = migration_runs.snapshot(fresh_run, "after first run", only=database)[database]
    db = fresh_run.databases[database]
    for cs in db.migration:
        db.runner.rerun(cs)
    problems = snapshot.compare(volatile=db.spec.volatile)
    no_problems(problems, f"{database}: running the migration's SQL a second time changed the data:")


def test_crash_then_rerun_matches_clean_run(
    fresh_run: MigrationRun, reference: Reference, crash_point: tuple[str, str, int]
) -> None:
    database, ref, after = crash_point
    db = fresh_run.databases[database]
    changeset = next(cs for cs in db.migration if f"{cs.author}:{cs.id}" == ref)
    db.runner.update_crashing(changeset, after_statements=after)
    fresh_run.migrate()  # Liquibase re-runs the changeset that never got recorded, then the rest
    problems = reference.compare(fresh_run, database, db.spec.volatile, f"re-run after crash in {ref}")
    no_problems(
        problems, f"{database}: crash after statement {after} of {ref}, then a re-run, differs from a clean run:"
    )


def test_partial_copy_then_rerun_matches_clean_run(
    fresh_run: MigrationRun, migration_runs: RunFactory, reference: Reference, mapping: Mapping
) -> None:
    """A copy that died half-way (half of the migrated rows never written, nothing recorded) must be
    completed by the re-run, including groups that were half copied."""
    migration_runs.migrate(fresh_run)
    db = fresh_run.databases[mapping.database]
    engine = db.engine
    keys = ", ".join(ident(k) for k in mapping.key)
    table = qualified(engine.database, mapping.target)
    marker = f" AND ({mapping.target_filter})" if mapping.target_filter else ""
    if engine.dialect == "clickhouse":
        engine.execute(
            f"ALTER TABLE {table} DELETE WHERE cityHash64({keys}) % 2 = 0{marker}"
            + settings(engine, "mutations_sync = 2")
        )
    else:
        engine.execute(f"DELETE FROM {table} WHERE CRC32(CONCAT_WS('|', {keys})) % 2 = 0{marker}")
    history = history_for(engine)
    for cs in db.migration:
        history.delete((cs.id, cs.author, cs.filename))
    db.runner.update()
    problems = reference.compare(fresh_run, mapping.database, db.spec.volatile, "re-run after a partial copy")
    no_problems(
        problems,
        f"{mapping.database}: re-running after a copy of {mapping.target} died half-way differs from a clean run:",
    )
