"""Idempotency: re-running changes nothing; a crash half-way followed by a re-run ends like a clean run."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from migration_harness.errors import ChangesetFailed
from migration_harness.fixtures.runs import Reference, RunFactory
from migration_harness.liquibase.history import history_for
from migration_harness.rewritten import rewritten_columns
from migration_harness.runs import MigrationRun, cut_short_copy
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("idempotency")

# "already exists" in MariaDB/MySQL (a table, column, key, foreign key, trigger...) and ClickHouse
_EXISTS = re.compile(r"\((1050|1060|1061|1826|1359|1304|1537|1022), |already exists|TABLE_ALREADY_EXISTS")


def rerun(what: str, action: Callable[[], object]) -> None:
    """Run ``action`` (an update that runs changesets again); a changeset that fails then fails the check
    with why it ran again and, for DDL that finds its object there, how to guard it."""
    failed = ""
    try:
        action()
    except ChangesetFailed as exc:
        failed = str(exc)
    if failed:  # said outside the handler: no driver traceback chained to it
        guard = (
            (
                "\n  Its object is already there: create it IF NOT EXISTS, or guard the changeset with a precondition "
                "(onFail:MARK_RAN) that finds it"
            )
            if _EXISTS.search(failed)
            else ""
        )
        pytest.fail(f"{what}, and the re-run failed:\n{failed}{guard}", pytrace=False)


def test_rerunning_the_migration_changes_nothing(
    migration_fresh_run: MigrationRun, migration_runs: RunFactory, migration_database: str
) -> None:
    migration_runs.migrate(migration_fresh_run)
    snapshot = migration_runs.snapshot(migration_fresh_run, "after first run", only=migration_database)[
        migration_database
    ]
    db = migration_fresh_run.databases[migration_database]
    rerun(
        f"{migration_database}: the migration's SQL ran a second time (as after a crash that lost its "
        "DATABASECHANGELOG rows)",
        lambda: [db.runner.rerun(cs) for cs in db.migration],
    )
    spec = migration_fresh_run.spec
    no_problems(
        snapshot.compare(
            ignore=rewritten_columns(db.engine, spec.relations, updates=False),
            read_final=spec.read_final(migration_database),
        ),
        f"{migration_database}: running the migration's SQL a second time changed the data:",
    )


def test_crash_then_rerun_matches_clean_run(
    migration_fresh_run: MigrationRun, migration_reference: Reference, migration_crash_point: tuple[str, str, int]
) -> None:
    migration_database, ref, after = migration_crash_point
    db = migration_fresh_run.databases[migration_database]
    db.crash(ref, after)
    rerun(  # Liquibase re-runs the changeset that never got recorded, then the rest
        f"{migration_database}: the update crashed after statement {after} of {ref}, before its "
        "DATABASECHANGELOG row; the next update runs it again from its first statement",
        migration_fresh_run.migrate,
    )
    problems = migration_reference.compare(
        migration_fresh_run,
        migration_database,
        db.spec.volatile,
        f"re-run after crash in {ref}",
        rewritten_columns(db.engine, migration_fresh_run.spec.relations),
    )
    no_problems(
        problems,
        f"{migration_database}: crash after statement {after} of {ref}, then a re-run, differs from a clean run:",
    )


def test_partial_copy_then_rerun_matches_clean_run(
    migration_fresh_run: MigrationRun,
    migration_runs: RunFactory,
    migration_reference: Reference,
    migration_mapping: Mapping,
) -> None:
    """A copy that died half-way (half of the rows this run's migration wrote into the target never got
    there, nothing recorded) must be completed by the re-run, including groups that were half copied.
    Rows the target held before the migration (the application's) are never touched."""
    if migration_mapping.source == migration_mapping.target:
        pytest.skip(f"{migration_mapping.name}: {migration_mapping.target} is changed in place, not copied: there is "
                    "no copy to cut short (crashes inside the changesets are tested)")  # fmt: skip
    if migration_mapping.source_at == "before":  # cut after the whole migration, the moved rows are gone
        pytest.skip(f"{migration_mapping.name}: reads {migration_mapping.source} as it was before the migration "
                    "(rows moved out of it, or values changed in place): a copy cut short after the migration ran "
                    "cannot be completed from there (crashes inside the changesets are tested)")  # fmt: skip
    before = migration_runs.snapshot(migration_fresh_run, "before migration", only=migration_mapping.database)[
        migration_mapping.database
    ]
    migration_runs.migrate(migration_fresh_run)
    db = migration_fresh_run.databases[migration_mapping.database]
    side_effects = db.engine.sql.insert_side_effects_query(db.engine.database, migration_mapping.target)
    fed = [row[0] for row in db.engine.query(side_effects)]
    if fed:
        m = migration_mapping
        not_verified(
            f"{m.name}: what is written into {m.target} also feeds {', '.join(fed)}, so deleting half of the "
            "copied rows afterwards is not a copy that died half-way (what they fed stays); crashes between and "
            "inside changesets are still tested"
        )
    existed = migration_mapping.target in before.fingerprint.tables
    written = cut_short_copy(
        db.engine,
        migration_mapping.target,
        list(migration_mapping.key),
        before.store.database if existed else None,
        migration_mapping.target_filter,
    )
    if not written:
        m = migration_mapping
        not_verified(f"{m.name}: the migration wrote no rows into {m.target}: no copy to cut short")
    history = history_for(db.engine)
    for cs in db.migration:
        history.delete((cs.id, cs.author, cs.filename))
    rerun(
        f"{migration_mapping.database}: a copy into {migration_mapping.target} died half-way, nothing recorded; "
        "the next update runs the migration's changesets again",
        db.runner.update,
    )
    problems = migration_reference.compare(
        migration_fresh_run,
        migration_mapping.database,
        db.spec.volatile,
        "re-run after a partial copy",
        rewritten_columns(db.engine, migration_fresh_run.spec.relations),
    )
    no_problems(
        problems,
        f"{migration_mapping.database}: re-running after a copy of {migration_mapping.target} died half-way "
        "differs from a clean run:",
    )
