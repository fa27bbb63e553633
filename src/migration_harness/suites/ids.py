"""ID determinism: the declared ID rules hold, and independent runs produce identical IDs and data."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState, Reference
from migration_harness.rewritten import stamped_columns
from migration_harness.spec import Mapping
from migration_harness.suites import no_problems

pytestmark = pytest.mark.migration_suite("ids")


def test_id_rules_hold(migration_engines: dict[str, Engine], migration_mapping: Mapping) -> None:
    if not migration_mapping.id_rules:
        pytest.skip(f"{migration_mapping.name}: no id_rules declared")
    problems = checks.id_rules(migration_engines[migration_mapping.database], migration_mapping)
    no_problems(problems)


def test_independent_runs_are_identical(
    migration_applied: MigratedState, migration_reference: Reference, migration_database: str
) -> None:
    volatile = migration_applied.run.spec.databases[migration_database].volatile
    # AUTO_INCREMENT values stay in: the same rows written in the same order get the same ones.
    stamped = stamped_columns(migration_applied.run.engines[migration_database])
    problems = migration_reference.compare(migration_applied.run, migration_database, volatile, "second run", stamped)
    no_problems(problems, f"{migration_database}: two runs on identical seeds differ:")
