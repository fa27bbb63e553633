"""Leaving rows out of a shape before it is loaded, with the rows of other tables that belong to them (a
foreign key, a link the generator made), so what is loaded still holds together."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .model import DataModel
from .shape import Batch, Shape


def without(model: DataModel, shape: Shape, doomed: Callable[[Batch], Iterable[int]]) -> tuple[Shape, dict[str, int]]:
    """``shape`` without the rows ``doomed`` names in each batch (positions) and the rows linked to them;
    also how many rows each table lost, the linked ones included."""
    gone: dict[str, list[dict[str, Any]]] = {}
    batches = []
    for batch in shape.batches:
        keep = [True] * len(batch.rows)
        for n in doomed(batch) if batch.rows else ():
            keep[n] = False
        plan = model.plan(batch.table)
        for link in plan.links:
            parents = {tuple(r.get(c) for c in link.parent_columns) for r in gone.get(link.parent, [])}
            for n, row in enumerate(batch.rows):
                values = dict(zip(batch.columns, row, strict=True))
                if parents and tuple(values.get(c) for c in link.columns) in parents:
                    keep[n] = False
        for link in plan.self_links:  # a row left out takes the rows below it in its tree (in insert order)
            lost = {tuple(r.get(c) for c in link.parent_columns) for r in gone.get(batch.table, [])}
            for n, row in enumerate(batch.rows):
                values = dict(zip(batch.columns, row, strict=True))
                if not keep[n] or tuple(values.get(c) for c in link.columns) in lost:
                    keep[n] = False
                    lost.add(tuple(values.get(c) for c in link.parent_columns))
        if all(keep):
            batches.append(batch)
            continue
        gone.setdefault(batch.table, []).extend(
            dict(zip(batch.columns, row, strict=True)) for row, k in zip(batch.rows, keep, strict=True) if not k
        )
        batches.append(replace(batch, rows=tuple(row for row, k in zip(batch.rows, keep, strict=True) if k)))
    return Shape(tuple(batches)), {table: len(rows) for table, rows in gone.items()}
