"""Count parity: totals and per-group counts between source and target, and relations across databases."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.reports import counts as row_counts
from migration_harness.session import HarnessSession
from migration_harness.spec import Mapping, Relation
from migration_harness.suites import no_problems, require_source_rows

pytestmark = pytest.mark.migration_suite("parity")


def test_total_count_matches(
    migration_session: HarnessSession, migration_engines: dict[str, Engine], migration_mapping: Mapping
) -> None:
    engine = migration_engines[migration_mapping.database]
    require_source_rows(engine, migration_mapping)
    row_counts.record(migration_session.records, engine, migration_mapping, "after")  # a live target's too
    no_problems(checks.total_parity(engine, migration_mapping))


def test_group_counts_match(migration_engines: dict[str, Engine], migration_mapping: Mapping) -> None:
    if not migration_mapping.group_by:
        pytest.skip(f"{migration_mapping.name}: no group_by declared")
    engine = migration_engines[migration_mapping.database]
    require_source_rows(engine, migration_mapping)
    no_problems(checks.group_parity(engine, migration_mapping))


def test_relation_holds(
    migration_engines: dict[str, Engine],
    migration_before: dict[str, Engine] | None,
    migration_relation: Relation,
) -> None:
    no_problems(checks.relation(migration_engines, migration_relation, migration_before))
