"""Rows the application wrote into a table that is already a mapping's target before the migration are the
application's, not the migration's: the spec's ``target_filter`` says which target rows the migration wrote
(no filter: every row). A generated row that filter would count is data production cannot hold (an
application comment that looks like a migrated one), so it is left out of the shape before it is inserted,
with the rows of other tables that belong to it (a foreign key, a link the generator made)."""

from __future__ import annotations

from ..engines import Engine
from ..spec import MigrationSpec
from .build import EXISTING_NOTE
from .model import DataModel
from .prune import without
from .shape import Batch, Shape, rows_where


def migrated_looking(spec: MigrationSpec, model: DataModel) -> dict[str, str]:
    """``database.table`` -> the condition under which a row of it counts as migrated, for every mapping
    target the pre-migration schema already holds (not one that is a mapping's source: changed in place)."""
    generated = {plan.ref for plan in model.tables}
    sources = {f"{m.database}.{m.source}" for m in spec.mappings}  # a table changed in place: its rows are data
    conditions: dict[str, list[str]] = {}
    for m in spec.mappings:
        ref = f"{m.database}.{m.target}"
        if ref in generated and ref not in sources:
            conditions.setdefault(ref, []).append(f"({m.target_filter})" if m.target_filter else "1 = 1")
    return {ref: " OR ".join(parts) for ref, parts in conditions.items()}


def without_migrated_looking(
    engines: dict[str, Engine], model: DataModel, conditions: dict[str, str], shape: Shape
) -> tuple[Shape, list[str]]:
    """``shape`` without the rows ``conditions`` count as migrated (evaluated by the database, on the rows
    as literals: the filter may use any SQL and the tables as they are), and without rows linked to them.
    Also returns what was left out, one line per table. A filter the database cannot evaluate before the
    migration (it names a column the migration adds) leaves every row in."""
    if not conditions:
        return shape, []

    def doomed(batch: Batch) -> list[int]:
        condition = conditions.get(batch.table)
        if not condition or batch.note == EXISTING_NOTE:
            return []
        return rows_where(engines, model, batch, condition) or []  # not judged before the migration: kept

    shape, gone = without(model, shape, doomed)
    said = [
        f"{table}: {count} generated row(s) left out: "
        + (f"the mapping's target_filter ({conditions[table]}) counts them as migrated"
           if table in conditions else "they belong to rows left out")
        for table, count in gone.items()
    ]  # fmt: skip
    return shape, said
