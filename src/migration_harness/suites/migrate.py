"""Migration execution: baseline, seed and migration applied; each changeset's duration recorded."""

from __future__ import annotations

import pytest

from migration_harness.fixtures.runs import MigratedState
from migration_harness.runs import changeset_ref

pytestmark = pytest.mark.migration_suite("migrate")


def test_migration_applies(migrated: MigratedState, database: str) -> None:
    db = migrated.run.databases[database]
    applied = {f"{row['AUTHOR']}:{row['ID']}": row for row in db.runner.applied()}
    for cs in [*db.baseline, *db.migration]:
        ref = changeset_ref(cs)
        assert ref in applied, f"{database}: changeset {ref} was not recorded in DATABASECHANGELOG"
        assert applied[ref]["EXECTYPE"] == "EXECUTED", f"{database}: changeset {ref} is {applied[ref]['EXECTYPE']}"
    assert set(db.durations) == {changeset_ref(cs) for cs in db.migration}
