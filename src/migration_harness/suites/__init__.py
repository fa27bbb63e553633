"""The shipped suites, collected automatically when a migration spec is given, in checklist order."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from migration_harness.engines import Engine
    from migration_harness.findings import Finding
    from migration_harness.spec import Mapping, Relation

SUITES = ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties", "staging")
PHASE_ONLY = ("staging",)  # collected only with --phase (on a live target's real data)

# The checklist section each suite stands for, as the report shows it to the approver.
CHECKLIST = {
    "static": "Migration script validation",
    "migrate": "Migration execution",
    "parity": "Counts match (total, per group, across databases)",
    "integrity": "Data integrity, no data loss",
    "ids": "Deterministic IDs",
    "idempotency": "Idempotency (re-run, crash, half-done copy)",
    "rollback": "Rollback cleanliness",
    "properties": "Generated edge-case data",
    "staging": "The real data: preflight, baseline, migrate in place, roll back, re-apply (--phase)",
}


NOT_VERIFIED = "not verified: "


def not_verified(reason: str) -> NoReturn:
    """Stop a check that could not run. Unlike a plain skip (nothing declared to check), it counts against
    the verdict: the run ends NOT VERIFIED, with a non-zero exit unless ``--allow-unverified``."""
    import pytest

    pytest.skip(NOT_VERIFIED + reason)


def no_problems(problems: Sequence[Finding | str], headline: str = "") -> None:
    """Fail with the problems as a DBA reads them: the sentences that name tables and rows, no traceback."""
    if problems:
        import pytest

        lines = [str(p) for p in problems]
        pytest.fail("\n".join([headline, *lines] if headline else lines), pytrace=False)


def auto_increment_columns(engine: Engine) -> list[str]:
    """``table.column`` of every AUTO_INCREMENT column."""
    return [f"{t}.{c.name}" for t in engine.tables() for c in engine.columns(t) if c.auto_increment]


def renumbered_columns(engine: Engine, relations: Sequence[Relation]) -> list[str]:
    """The AUTO_INCREMENT columns nothing refers to: rows written again (a re-run that deletes and inserts, a
    copy completed after a crash, a migration applied after its rollback) take new counter values, which is
    how the column works, not a difference in the data, so comparisons of re-runs leave them out. A column a
    foreign key or a spec relation points at stays in: rows renumbered under their references break them."""
    query = engine.sql.referenced_columns_query(engine.database)
    referenced = {f"{t}.{c}" for t, c in engine.query(query)} if query else set()
    for r in relations:
        referenced |= {f"{ref.table}.{ref.column}" for ref in (r.source, r.target) if ref.database == engine.dialect}
    return [c for c in auto_increment_columns(engine) if c not in referenced]


def stamped_columns(engine: Engine, updates: bool = True) -> list[str]:
    """``table.column`` the server stamps with the time of the write (``DEFAULT CURRENT_TIMESTAMP``,
    ``DEFAULT now()``; with ``updates`` also MySQL's ``ON UPDATE CURRENT_TIMESTAMP``). Two runs write them at
    different moments, so whether they differ depends on the clock crossing a second, not on the migration:
    comparisons of one run with another leave them out (the rows and every other value still compare). Rows
    that existed before keep theirs: the no-data-loss and rollback checks compare those with the values
    written before the migration. Without ``updates`` an ON UPDATE column stays in: a re-run that updates
    rows it already migrated moves it."""
    return [
        f"{t}.{c.name}" for t in engine.tables() for c in engine.columns(t)
        if (c.on_update and updates) or (c.time_default and not c.on_update)
    ]  # fmt: skip


def rewritten_columns(engine: Engine, relations: Sequence[Relation], updates: bool = True) -> list[str]:
    """What a run's rows may hold differently from another run's: renumbered and stamped columns."""
    return [*renumbered_columns(engine, relations), *stamped_columns(engine, updates)]


def require_source_rows(engine: Engine, mapping: Mapping) -> int:
    """A mapping whose source has no rows in scope proves nothing: not verified, not passed."""
    from migration_harness.checks import source_rows

    rows = source_rows(engine, mapping)
    if not rows:
        scope = f" where {mapping.source_filter}" if mapping.source_filter else ""
        not_verified(f"{mapping.name}: source {mapping.source} has no rows{scope}, so nothing was migrated to check")
    return rows
