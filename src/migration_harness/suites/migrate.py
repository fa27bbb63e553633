"""Migration execution: baseline, seed and migration applied; each changeset's duration recorded."""

from __future__ import annotations

import pytest

from migration_harness.disk import free_bytes, headroom_shortfall, table_bytes
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.forecast import Line
from migration_harness.runs import changeset_ref
from migration_harness.spec import Mapping, MigrationSpec
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("migrate")


def test_migration_applies(migration_state: MigratedState, migration_database: str) -> None:
    if migration_state.failure is not None:
        if migration_state.failed_database != migration_database:
            not_verified(
                f"{migration_database}: the {migration_state.failed_database} migration failed before this one ran"
            )
        spec = migration_state.run.spec
        hint = (
            "\nThe data is generated from the schema with each column type's edge values (NULL, the type's limits, "
            "empty and longest text): if production cannot hold a value this statement refused, say what the column "
            f"holds under [generate.columns] in {spec.path.name} (values, length, null)"
            if spec.generate is not None
            else ""
        )
        pytest.fail(f"{migration_database}: the migration failed, so the checks of its result are not verified:\n"
                    f"{migration_state.failure}{hint}", pytrace=False)  # fmt: skip
    db = migration_state.run.databases[migration_database]
    applied = {f"{row['AUTHOR']}:{row['ID']}": row for row in db.runner.applied()}
    problems = []
    for cs in [*db.baseline, *db.migration]:
        ref = changeset_ref(cs)
        if ref not in applied:
            problems.append(f"changeset {ref} ({cs.filename}:{cs.line}) was not recorded in DATABASECHANGELOG")
        elif applied[ref]["EXECTYPE"] != "EXECUTED" and not (cs.run_always and applied[ref]["EXECTYPE"] == "RERAN"):
            problems.append(f"changeset {ref} ({cs.filename}:{cs.line}) is {applied[ref]['EXECTYPE']}, not EXECUTED")
            why = db.runner.skipped.get(cs.key)
            if why:  # its SQL never ran on the test data, so nothing tested what it does
                problems.append(
                    f"  {why}: its SQL never ran on the test data, so no check tested what it does; a precondition "
                    "of a changeset under test should hold on the data before the migration"
                )
    no_problems(problems, f"{migration_database}:")


def test_seed_keeps_unmerged_duplicates(migration_state: MigratedState, migration_mapping: Mapping) -> None:
    """A source read FINAL is only tested if the migration met several stored versions of some row, as it
    will in production; otherwise a copy that forgets FINAL would pass."""
    if not migration_mapping.source_read:
        pytest.skip(f"{migration_mapping.name}: the source is read as stored (no source_read)")
    m = migration_mapping
    raw, final = migration_state.source_rows[m.name]
    if raw == final:
        not_verified(
            f"{m.name}: the seed left no unmerged duplicates in {m.source} ({raw} rows stored, {final} read "
            f"{m.source_read}), so reading it without {m.source_read} would go unnoticed; seed several versions "
            "of some rows in separate INSERTs"
        )


def test_disk_headroom(
    migration_spec: MigrationSpec, migration_engines: dict[str, Engine], migration_database: str
) -> None:
    """The checklist's "need 2x dataset_items size": free disk against the size of the tables being copied."""
    engine = migration_engines[migration_database]
    free = free_bytes(engine)
    if free is None:
        not_verified(f"{migration_database}: free disk space is not visible from here; table sizes are in the report")
    sources = sorted({m.source for m in migration_spec.mappings if m.database == migration_database})
    factor = migration_spec.databases[migration_database].disk_headroom
    shortfall = headroom_shortfall(free, table_bytes(engine), sources, factor)
    no_problems([shortfall] if shortfall else [], f"{migration_database}: not enough disk for the migration:")


def test_duration_forecast(migration_forecast: list[Line], migration_spec: MigrationSpec) -> None:
    """The checklist's "check duration" for production: every changeset, timed on two volumes of generated
    data and extrapolated to ``[forecast] rows``, must fit ``window_minutes`` (the report shows each line)."""
    assert migration_spec.forecast is not None  # the fixture skipped otherwise
    window = migration_spec.forecast.window_minutes
    changesets = [line for line in migration_forecast if line.database]
    total = sum(line.forecast_seconds for line in changesets)
    if window is not None and total > window * 60:
        slowest = sorted(changesets, key=lambda line: -line.forecast_seconds)
        no_problems(
            [f"{line.what}: {line.forecast_seconds / 60:.1f} min forecast ({line.rows[1]} rows measured, "
             f"{line.production_rows} in production)" for line in slowest],
            f"the migration is forecast to take {total / 60:.1f} min on production's rows, over the "
            f"{window:g}-minute window (a linear extrapolation from this machine's engines):",
        )  # fmt: skip
