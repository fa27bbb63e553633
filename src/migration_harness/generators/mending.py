"""Rows a CHECK constraint over several columns refuses (``ends_at > starts_at``, ``seats <= max_seats``) are
mended before a shape is loaded, as the database judges the candidates: two of the row's values swapped, one
copied to the other, a nullable one made NULL. A row nothing mends is left out, with the rows that belong to
it. (A CHECK naming one column is met by the column's values instead, see :mod:`.checks`.)"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..engines import Engine
from .checks import named_columns
from .model import DataModel
from .prune import without
from .schema import TableInfo
from .shape import Batch, Shape, rows_where
from .types import SqlType


def joint_checks(table: TableInfo) -> list[tuple[str, str]]:
    """The (name, condition) of each CHECK that names several columns."""
    return [(name, condition) for name, condition in table.checks if len(named_columns(table, condition)) > 1]


def satisfying(engines: dict[str, Engine], model: DataModel, shape: Shape) -> tuple[Shape, list[str]]:
    """``shape`` with each row a CHECK over several columns refuses mended (see the module's doc) or left out
    with the rows that belong to it; also what was mended or left out, one line per table. Rows whose check
    the database cannot evaluate on literals (it names a column the row leaves to its default) stay as they are."""
    mended: dict[str, int] = {}
    refused: dict[int, list[int]] = {}  # id(batch) -> rows nothing mends
    batches = []
    for batch in shape.batches:
        info = model.plan(batch.table).info
        # A check naming a column the batch leaves to its default is left to the server (most often a NULL).
        checks = [(name, c) for name, c in joint_checks(info) if named_columns(info, c) <= set(batch.columns)]
        checks = checks if batch.rows else []
        if checks:
            batch, changed, lost = _mend(engines, model, batch, checks)
            mended[batch.table] = mended.get(batch.table, 0) + changed
            refused[id(batch)] = lost
        batches.append(batch)
    result, gone = without(model, Shape(tuple(batches)), lambda b: refused.get(id(b), []))
    said = [f"{table}: {n} generated row(s) changed to satisfy a CHECK over several columns"
            for table, n in mended.items() if n]  # fmt: skip
    said += [f"{table}: {n} generated row(s) left out: a CHECK over several columns refuses them, or they belong "
             "to such rows" for table, n in gone.items()]  # fmt: skip
    return result, said


def _mend(
    engines: dict[str, Engine], model: DataModel, batch: Batch, checks: list[tuple[str, str]]
) -> tuple[Batch, int, list[int]]:
    """The batch with each refused row replaced by its first variant the database accepts; how many rows
    changed; the positions of rows no variant mends."""
    plan = model.plan(batch.table)
    condition = " AND ".join(f"({c})" for _, c in checks)
    held = {c for u in plan.unique for c in u} | {c for link in (*plan.links, *plan.self_links) for c in link.columns}
    named = set().union(*(named_columns(plan.info, c) for _, c in checks))
    free = [i for i, c in enumerate(batch.columns) if c in named and c not in held]
    types = [plan.info.column(c).type for c in batch.columns]
    variants = [_variants(row, free, types) for row in batch.rows]
    flat = [(n, v) for n, options in enumerate(variants) for v in options]
    candidates = replace(batch, rows=tuple(v for _, v in flat))
    judged = rows_where(engines, model, candidates, f"({condition}) IS NOT FALSE")
    if judged is None:  # the database cannot judge these rows on their own: they stay as generated
        return batch, 0, []
    accepted = set(judged)
    rows, changed, lost = [], 0, []
    for n, row in enumerate(batch.rows):
        first = next((v for m, (owner, v) in enumerate(flat) if owner == n and m in accepted), None)
        if first is None:
            lost.append(n)
        changed += first is not None and first != row
        rows.append(first if first is not None else row)
    return replace(batch, rows=tuple(rows)), changed, lost


def _variants(row: tuple[Any, ...], free: list[int], types: list[SqlType]) -> list[tuple[Any, ...]]:
    """The row, then the row with two of its free values swapped or one copied to the other (columns of one
    domain), then with a nullable free value NULL, then with all of them NULL."""

    def with_(changes: dict[int, Any]) -> tuple[Any, ...]:
        return tuple(changes.get(i, v) for i, v in enumerate(row))

    found = [row]
    pairs = [(a, b) for a in free for b in free if a < b and _domain(types[a]) == _domain(types[b])]
    found += [with_({a: row[b], b: row[a]}) for a, b in pairs]
    found += [with_({b: row[a]}) for a, b in pairs] + [with_({a: row[b]}) for a, b in pairs]
    nullable = [i for i in free if types[i].nullable]
    found += [with_({i: None}) for i in nullable] + ([with_(dict.fromkeys(nullable))] if len(nullable) > 1 else [])
    found = [v for v in found if all(x is not None or types[i].nullable for i, x in enumerate(v))]
    return list(dict.fromkeys(found)) if all(_hashable(v) for v in row) else found


def _domain(t: SqlType) -> tuple[Any, ...]:
    """What a value of type ``t`` may be, NULL aside: values swapped or copied between columns of one domain fit."""
    return (t.kind, t.lo, t.hi, t.length, t.precision, t.scale, t.values, t.tz, t.unsigned)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
