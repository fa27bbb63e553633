"""ID determinism: the declared ID rules hold, and independent runs produce identical IDs and data."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState, Reference
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems

pytestmark = pytest.mark.migration_suite("ids")


def test_id_rules_hold(migrated_engines: dict[str, Engine], mapping: Mapping) -> None:
    if not mapping.id_rules:
        pytest.skip(f"{mapping.name}: no id_rules declared")
    problems = checks.id_rules(migrated_engines[mapping.database], mapping)
    no_problems(problems)


def test_independent_runs_are_identical(
    migration_applied: MigratedState, reference: Reference, database: str
) -> None:
    volatile = migration_applied.run.spec.databases[database].volatile
    problems = reference.compare(migration_applied.run, database, volatile, "second run")
    no_problems(problems, f"{database}: two runs on identical seeds differ:")
