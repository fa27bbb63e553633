"""A generated shape: the INSERT statements that put it into the pre-migration schema, in order, and
its display as a small table of rows per table (what a falsifying example prints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..dialects import ident
from ..engines import Engine
from .dialect_sql import DATA_SQL
from .model import DataModel
from .render import render
from .values import Nanos, format_nanos

_CELL = 18  # widest cell of the display, in characters


@dataclass(frozen=True)
class Batch:
    """One INSERT: rows of one table, all naming the same columns (the others are left to the server)."""

    table: str  # database.table
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""  # why it is an INSERT of its own ("newer version", "stale version", ...)


@dataclass(frozen=True, repr=False)
class Shape:
    batches: tuple[Batch, ...] = ()

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row inserted into ``table`` (``database.table``), as column -> value, in insert order."""
        return [dict(zip(b.columns, row, strict=True)) for b in self.batches if b.table == table for row in b.rows]

    def tables(self) -> list[str]:
        return list(dict.fromkeys(b.table for b in self.batches))

    def __repr__(self) -> str:
        return "\n".join(["Shape:", *self.table_lines()]) if self.batches else "Shape: no rows"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # Hypothesis prints examples through this
        printer.text(repr(self))

    def table_lines(self) -> Iterator[str]:
        for table in self.tables():
            batches = [b for b in self.batches if b.table == table]
            columns = list(dict.fromkeys(c for b in batches for c in b.columns))
            rows = [
                [str(n), *(display(dict(zip(b.columns, r, strict=True)).get(c, ...)) for c in columns), b.note]
                for n, b in enumerate(batches, 1)
                for r in b.rows
            ]
            count = sum(len(b.rows) for b in batches)
            yield f"  {table}: {count} row(s) in {len(batches)} INSERT(s)"
            grid = [["#", *columns, ""], *rows]
            widths = [max(len(line[i]) for line in grid) for i in range(len(grid[0]))]
            for line in grid:
                yield "    " + "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()


def display(value: Any) -> str:
    """A value as a DBA reads it in a narrow column: NULL, quoted strings cut to a prefix and a length."""
    if value is ...:
        return "(default)"
    if value is None:
        return "NULL"
    if isinstance(value, Nanos):
        return format_nanos(value)
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, str):
        text = repr(value)
        return text if len(text) <= _CELL else f"{text[: _CELL - 8]}…'+{len(value)}ch"
    if isinstance(value, list | tuple | dict):
        text = repr(value)
        return text if len(text) <= _CELL else f"{text[: _CELL - 4]}…{len(value)}"
    return str(value)


def rows_where(engines: dict[str, Engine], model: DataModel, batch: Batch, condition: str) -> list[int] | None:
    """The positions of ``batch``'s rows ``condition`` holds for, judged by the database on the rows as literals
    (each table is its own alias there); None when the database cannot evaluate it on them (it names a column
    the batch does not write, or one the migration adds)."""
    kind, table = batch.table.split(".", 1)
    plan = model.plan(batch.table)
    types = [plan.info.column(c).type for c in batch.columns]
    rows = DATA_SQL[kind].rows_query(batch.columns, types, batch.rows)
    try:
        found = engines[kind].query(f"SELECT mh_n FROM ({rows}) AS {ident(table)} WHERE {condition}")
    except Exception:  # any refusal: the condition cannot judge these rows on their own
        return None
    return [int(r[0]) for r in found]


def load_shape(engines: dict[str, Engine], model: DataModel, shape: Shape) -> None:
    """One INSERT per batch, in order: separate batches are separate parts in ClickHouse."""
    for batch in shape.batches:
        if not batch.rows:
            continue
        kind, table = batch.table.split(".", 1)
        engine = engines[kind]
        plan = model.plan(batch.table)
        types = [plan.info.column(c).type for c in batch.columns]
        values = ", ".join("(" + ", ".join(render(t, v) for t, v in zip(types, row, strict=True)) + ")"
                           for row in batch.rows)  # fmt: skip
        names = ", ".join(engine.quote_ident(c) for c in batch.columns)
        engine.execute(f"INSERT INTO {engine.quote_ident(table)} ({names}) VALUES {values}")
