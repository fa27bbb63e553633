"""Migration execution: baseline, seed and migration applied; each changeset's duration recorded."""

from __future__ import annotations

import pytest

from migration_harness.disk import free_bytes, human, table_bytes
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.runs import changeset_ref
from migration_harness.spec import MigrationSpec
from migration_harness.suites import no_problems

pytestmark = pytest.mark.migration_suite("migrate")


def test_migration_applies(migrated: MigratedState, database: str) -> None:
    db = migrated.run.databases[database]
    applied = {f"{row['AUTHOR']}:{row['ID']}": row for row in db.runner.applied()}
    for cs in [*db.baseline, *db.migration]:
        ref = changeset_ref(cs)
        assert ref in applied, f"{database}: changeset {ref} was not recorded in DATABASECHANGELOG"
        assert applied[ref]["EXECTYPE"] == "EXECUTED", f"{database}: changeset {ref} is {applied[ref]['EXECTYPE']}"
    assert set(db.durations) == {changeset_ref(cs) for cs in db.migration}


def test_disk_headroom(migration_spec: MigrationSpec, migrated_engines: dict[str, Engine], database: str) -> None:
    """The checklist's "need 2x dataset_items size": free disk against the size of the tables being copied."""
    engine = migrated_engines[database]
    free = free_bytes(engine)
    if free is None:
        pytest.skip(f"{database}: free disk space is not visible through SQL here; table sizes are in the report")
    sources = sorted({m.source for m in migration_spec.mappings if m.database == database})
    sizes = table_bytes(engine)
    copied = sum(sizes.get(t, 0) for t in sources)
    factor = migration_spec.databases[database].disk_headroom
    need = factor * copied
    shortfall = f"{human(free)} free on disk 'default', but {factor:g} x {human(copied)} ({', '.join(sources)})"
    no_problems(
        [f"{shortfall} = {human(need)}"] if free < need else [], f"{database}: not enough disk for the migration:"
    )
