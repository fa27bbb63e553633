"""Data integrity: every source row migrated once, preserved columns equal row by row, no data loss."""

from __future__ import annotations

from dataclasses import replace

import pytest

from migration_harness import checks
from migration_harness.engines import Engine
from migration_harness.fixtures.runs import MigratedState
from migration_harness.session import HarnessSession
from migration_harness.spec import Mapping, MigrationSpec
from migration_harness.suites import no_problems, not_verified, require_source_rows

pytestmark = pytest.mark.migration_suite("integrity")


def _sample_every(migration_session: HarnessSession, engine: Engine, migration_mapping: Mapping) -> int:
    rows = require_source_rows(engine, migration_mapping)
    return max(1, rows // migration_session.sample) if migration_session.sample else 1


def test_every_source_row_migrated_once(
    migration_session: HarnessSession, migration_engines: dict[str, Engine], migration_mapping: Mapping
) -> None:
    engine = migration_engines[migration_mapping.database]
    every = _sample_every(migration_session, engine, migration_mapping)
    problems = checks.missing_targets(engine, migration_mapping, every) + checks.duplicate_targets(
        engine, migration_mapping
    )
    no_problems(problems)


def test_preserved_columns_equal(
    migration_session: HarnessSession, migration_engines: dict[str, Engine], migration_mapping: Mapping
) -> None:
    if not migration_mapping.preserve:
        pytest.skip(f"{migration_mapping.name}: no preserved columns declared")
    engine = migration_engines[migration_mapping.database]
    problems = checks.preserved_columns(
        engine, migration_mapping, _sample_every(migration_session, engine, migration_mapping)
    )
    no_problems(problems)
    if blank := checks.one_value_everywhere(engine, migration_mapping):
        said = ", ".join(f"{t} = {migration_mapping.preserve[t]}" for t in blank)
        not_verified(
            f"{migration_mapping.name}: {said} has one value on every source row, so its equality proves nothing "
            "(a JSON path no document holds?): say what the columns it reads hold under [generate.columns] (values)"
        )


def test_declared_values(migration_engines: dict[str, Engine], migration_mapping: Mapping) -> None:
    if not migration_mapping.constants:
        pytest.skip(f"{migration_mapping.name}: no constant columns declared")
    engine = migration_engines[migration_mapping.database]
    require_source_rows(engine, migration_mapping)
    no_problems(checks.declared_constants(engine, migration_mapping))


def test_rows_outside_the_filter_unchanged(
    migration_engines: dict[str, Engine],
    migration_before: dict[str, Engine] | None,
    migration_spec: MigrationSpec,
    migration_mapping: Mapping,
) -> None:
    """A change in place (``source_at = "before"``, source and target one table) limited by a ``source_filter``
    leaves every other row's changed columns as they were: archiving closed orders ``closed_at < cutoff``
    must not archive the order closed on the cutoff, though no filter counts it and ``may_change`` names the
    column."""
    m = migration_mapping
    in_place = [x for x in migration_spec.mappings if _in_place(x) and (x.database, x.source) == (m.database, m.source)]
    if not _in_place(m) or not m.source_filter:
        pytest.skip(f"{m.name}: not a change in place limited by a source_filter")
    if in_place[0].name != m.name:
        pytest.skip(f"{m.name}: {m.source}'s rows outside every filter are checked with {in_place[0].name!r}")
    if any(not x.source_filter for x in in_place):
        pytest.skip(f"{m.name}: another mapping changes every row of {m.source}")
    copy = (migration_before or {}).get(m.database)
    assert copy is not None  # migration_mapping stopped the test otherwise
    before = {c.name for c in copy.columns(m.source)}
    changed = {c for x in in_place for c in _changed_columns(x)} & before
    if not changed:
        pytest.skip(f"{m.name}: declares no column it changes (constants, or preserve with an expression)")
    outside = " AND ".join(f"NOT COALESCE(({x.source_filter}), 0)" for x in in_place)
    untouched = replace(
        m, name=f"{m.source} outside every filter", source_filter=outside, target_filter="",
        preserve={c: c for c in sorted(changed)}, constants={}, id_rules={}, group_by={},
    )  # fmt: skip
    no_problems(
        checks.preserved_columns(migration_engines[m.database], untouched),
        f"{m.database} {m.source}: rows no source_filter selects ({outside}) were changed:",
    )


def _in_place(m: Mapping) -> bool:
    return m.source_at == "before" and m.source == m.target


def _changed_columns(m: Mapping) -> set[str]:
    """The columns a mapping says it changes: its constants, and preserved columns given as an expression."""
    return set(m.constants) | {target for target, source in m.preserve.items() if source != target}


def test_no_data_loss_in_existing_tables(migration_applied: MigratedState, migration_database: str) -> None:
    """Every row of a table that existed before the migration still exists with the same values. Rows and
    tables the migration adds are the business of parity and integrity; volatile columns and the spec's
    ``may_change`` columns are left out."""
    spec = migration_applied.run.spec.databases[migration_database]
    problems = migration_applied.before[migration_database].compare(losses_only=True, ignore=spec.may_change)
    hint = []
    if problems:
        # The columns whose values changed in the example rows, or the whole table where rows are gone.
        named = ", ".join(
            sorted({f'"{p.table}.{c}"' for p in problems if p.table for c in (p.column or "*").split(", ")})
        )
        hint = [
            f"If the migration is meant to change, move or rename what it names, declare it under "
            f"databases.{migration_database}: may_change = [{named}] (and a source it moves rows out of reads "
            'source_at = "before")'
        ]
    no_problems(
        [*problems, *hint], f"{migration_database}: the migration changed or removed data that existed before it:"
    )
