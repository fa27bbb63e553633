"""Count parity: totals and per-group counts between source and target, and relations across databases."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.spec import Mapping, Relation
from migration_harness.suites import no_problems, require_source_rows

pytestmark = pytest.mark.migration_suite("parity")


def test_total_count_matches(migrated_engines: dict[str, Engine], mapping: Mapping) -> None:
    engine = migrated_engines[mapping.database]
    require_source_rows(engine, mapping)
    no_problems(checks.total_parity(engine, mapping))


def test_group_counts_match(migrated_engines: dict[str, Engine], mapping: Mapping) -> None:
    if not mapping.group_by:
        pytest.skip(f"{mapping.name}: no group_by declared")
    engine = migrated_engines[mapping.database]
    require_source_rows(engine, mapping)
    no_problems(checks.group_parity(engine, mapping))


def test_relation_holds(migrated_engines: dict[str, Engine], relation: Relation) -> None:
    problems = checks.relation(migrated_engines, relation)
    no_problems(problems)
