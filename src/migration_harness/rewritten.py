"""Columns a second run writes differently by nature: AUTO_INCREMENT values taken again and times stamped by
the server. Comparisons of one run with another (re-runs, crash recoveries, a re-apply after rollback)
leave them out; comparisons with the state before the migration do not."""

from __future__ import annotations

from collections.abc import Sequence

from .engines import Engine
from .spec import Relation


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
