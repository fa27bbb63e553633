"""Migration execution: baseline, seed and migration applied; each changeset's duration recorded."""

from __future__ import annotations

import pytest

from migration_harness.disk import free_bytes, human, table_bytes
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.runs import changeset_ref
from migration_harness.spec import Mapping, MigrationSpec
from migration_harness.suites import no_problems, not_verified

pytestmark = pytest.mark.migration_suite("migrate")


def test_migration_applies(migrated: MigratedState, database: str) -> None:
    if migrated.failure is not None:
        if migrated.failed_database != database:
            not_verified(f"{database}: the {migrated.failed_database} migration failed before this one ran")
        pytest.fail(f"{database}: the migration failed, so the checks of its result are not verified:\n"
                    f"{migrated.failure}", pytrace=False)  # fmt: skip
    db = migrated.run.databases[database]
    applied = {f"{row['AUTHOR']}:{row['ID']}": row for row in db.runner.applied()}
    problems = []
    for cs in [*db.baseline, *db.migration]:
        ref = changeset_ref(cs)
        if ref not in applied:
            problems.append(f"changeset {ref} ({cs.filename}:{cs.line}) was not recorded in DATABASECHANGELOG")
        elif applied[ref]["EXECTYPE"] != "EXECUTED":
            problems.append(f"changeset {ref} ({cs.filename}:{cs.line}) is {applied[ref]['EXECTYPE']}, not EXECUTED")
    no_problems(problems, f"{database}:")


def test_seed_keeps_unmerged_duplicates(migrated: MigratedState, mapping: Mapping) -> None:
    """A source read FINAL is only tested if the migration met several stored versions of some row, as it
    will in production; otherwise a copy that forgets FINAL would pass."""
    if not mapping.source_read:
        pytest.skip(f"{mapping.name}: the source is read as stored (no source_read)")
    raw, final = migrated.source_rows[mapping.name]
    if raw == final:
        not_verified(
            f"{mapping.name}: the seed left no unmerged duplicates in {mapping.source} ({raw} rows stored, {final} "
            f"read {mapping.source_read}), so reading it without {mapping.source_read} would go unnoticed; seed "
            "several versions of some rows in separate INSERTs"
        )


def test_disk_headroom(migration_spec: MigrationSpec, migrated_engines: dict[str, Engine], database: str) -> None:
    """The checklist's "need 2x dataset_items size": free disk against the size of the tables being copied."""
    engine = migrated_engines[database]
    free = free_bytes(engine)
    if free is None:
        not_verified(f"{database}: the server's free disk space is not visible from here; table sizes are in the "
                     "report")  # fmt: skip
    sources = sorted({m.source for m in migration_spec.mappings if m.database == database})
    sizes = table_bytes(engine)
    copied = sum(sizes.get(t, 0) for t in sources)
    factor = migration_spec.databases[database].disk_headroom
    need = factor * copied
    shortfall = f"{human(free)} free, but {factor:g} x {human(copied)} ({', '.join(sources)})"
    no_problems(
        [f"{shortfall} = {human(need)}"] if free < need else [], f"{database}: not enough disk for the migration:"
    )
