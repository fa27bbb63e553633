"""Count parity: totals and per-group counts between source and target, rollups' per-group totals, and
relations across databases."""

from __future__ import annotations

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState, RunFactory
from migration_harness.fixtures.volume import migrated_bulk_volume
from migration_harness.reports import counts as row_counts
from migration_harness.session import HarnessSession
from migration_harness.spec import Mapping, Relation, Rollup
from migration_harness.suites import no_problems, not_verified, require_source_rows

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


def test_rollup_totals_match(migration_engines: dict[str, Engine], migration_rollup: Rollup) -> None:
    rollup = migration_rollup
    engine = migration_engines[rollup.database]
    source = engine.sql.read_table(engine.database, rollup.source, rollup.source_read, rollup.source_filter)
    if not int(engine.scalar(f"SELECT COUNT(*) FROM {source} mh_a") or 0):
        scope = f" where {rollup.source_filter}" if rollup.source_filter else ""
        not_verified(f"{rollup.name}: source {rollup.source} has no rows{scope}, so there is no total to check")
    no_problems(checks.rollup_totals(engine, rollup))


def test_relation_holds(
    migration_session: HarnessSession,
    migration_engines: dict[str, Engine],
    migration_before: dict[str, Engine] | None,
    migration_relation: Relation,
) -> None:
    problems = checks.relation(migration_engines, migration_relation, migration_before)
    hint = _orphans_hint(migration_session, migration_relation, migration_before) if problems else ""
    no_problems([*problems, hint] if hint else problems)


def test_invariants_hold_on_bulk_volume(migration_runs: RunFactory, migration_applied: MigratedState) -> None:
    """Every declared invariant once more on bulk volume: a batched backfill that stops after its first
    batch, or pages that skip a row at each boundary, pass on a few rows and lose rows in production."""
    spec = migration_runs.spec
    if not (spec.mappings or spec.relations or spec.rollups):
        pytest.skip("no [[mappings]], [[relations]] or [[rollups]] declared")
    with migrated_bulk_volume(migration_runs) as (run, before, volume):
        stores = {kind: snapshot.store for kind, snapshot in before.items()}
        found = checks.all_problems(run.engines, spec.mappings, spec.relations, stores, spec.rollups)
        no_problems(found, f"on {volume}:")


def _orphans_hint(session: HarnessSession, relation: Relation, before: dict[str, Engine] | None) -> str:
    """Generated data gives a ``belongs_to`` child orphans on purpose (production data may have them); a
    migration that copies such values makes them dangle in the target too, which a new user reads as a bug
    of the migration. Say where they come from and the two ways to declare it."""
    gen = session.spec.generate if session.spec is not None else None
    if gen is None or before is None or session.real_data:  # live databases: their data, not generated
        return ""
    to = relation.target
    parent_of = f"{to.database}.{to.table}.{to.column}"
    children = [
        child for child, parent in gen.belongs_to.items()
        if _same_column(parent, parent_of) and not any(_same_column(child, strict) for strict in gen.no_orphans)
    ]  # fmt: skip
    if not children:
        return ""
    listed = ", ".join(f'"{c}"' for c in children)
    return (
        f"The generated data gives {', '.join(children)} values without a parent in {to.table}.{to.column} on "
        "purpose ([generate] belongs_to allows orphans, as production may have them). If the migration copied "
        "these from there, declare that orphans stay orphans (tolerate = { from = ..., to = ... } on this "
        f"relation), or, if production has none, [generate] no_orphans = [{listed}]"
    )


def _same_column(a: str, b: str) -> bool:
    """Two spec references to one column, each written table.column or database.table.column (as the data
    generator reads [generate]: a bare table name is the one table of that name)."""
    left, right = a.split("."), b.split(".")
    return left[-2:] == right[-2:] and (len(left) < 3 or len(right) < 3 or left[0] == right[0])
