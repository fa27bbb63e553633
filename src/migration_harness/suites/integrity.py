"""Data integrity: every source row migrated once, preserved columns equal row by row, no data loss."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.session import HarnessSession
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems, require_source_rows

pytestmark = pytest.mark.migration_suite("integrity")


def _sample_every(harness: HarnessSession, engine: Engine, mapping: Mapping) -> int:
    rows = require_source_rows(engine, mapping)
    return max(1, rows // harness.sample) if harness.sample else 1


def test_every_source_row_migrated_once(
    harness: HarnessSession, migrated_engines: dict[str, Engine], mapping: Mapping
) -> None:
    engine = migrated_engines[mapping.database]
    every = _sample_every(harness, engine, mapping)
    problems = checks.missing_targets(engine, mapping, every) + checks.duplicate_targets(engine, mapping)
    no_problems(problems)


def test_preserved_columns_equal(
    harness: HarnessSession, migrated_engines: dict[str, Engine], mapping: Mapping
) -> None:
    if not mapping.preserve:
        pytest.skip(f"{mapping.name}: no preserved columns declared")
    engine = migrated_engines[mapping.database]
    problems = checks.preserved_columns(engine, mapping, _sample_every(harness, engine, mapping))
    no_problems(problems)


def test_declared_values(migrated_engines: dict[str, Engine], mapping: Mapping) -> None:
    if not mapping.constants:
        pytest.skip(f"{mapping.name}: no constant columns declared")
    engine = migrated_engines[mapping.database]
    require_source_rows(engine, mapping)
    no_problems(checks.declared_constants(engine, mapping))


def test_no_data_loss_in_existing_tables(migration_applied: MigratedState, database: str) -> None:
    """Every row of a table that existed before the migration still exists with the same values. Rows and
    tables the migration adds are the business of parity and integrity; volatile columns and the spec's
    ``may_change`` columns are left out."""
    spec = migration_applied.run.spec.databases[database]
    problems = migration_applied.before[database].compare(losses_only=True, ignore=spec.may_change)
    no_problems(problems, f"{database}: the migration changed or removed data that existed before it:")
