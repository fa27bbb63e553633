"""Data integrity: every source row migrated once, preserved columns equal row by row, no data loss."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.session import HarnessSession
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems

pytestmark = pytest.mark.migration_suite("integrity")


def _sample_every(harness: HarnessSession, engine: Engine, mapping: Mapping) -> int:
    if not harness.sample:
        return 1
    rows = int(engine.scalar(f"SELECT COUNT(*) FROM `{engine.database}`.`{mapping.source}`"))
    return max(1, rows // harness.sample)


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
    problems = checks.declared_constants(migrated_engines[mapping.database], mapping)
    no_problems(problems)


def test_no_data_loss_in_existing_tables(migrated: MigratedState, database: str) -> None:
    """Tables that existed before the migration keep every row and value (new tables and columns aside)."""
    snapshot = migrated.before[database]
    problems = [
        p
        for p in snapshot.compare()
        if " is left behind" not in p  # what the migration adds is checked by the other suites
    ]
    no_problems(problems, f"{database}: the migration changed pre-existing data:")
