"""Literal rendering and bulk inserts: the one place values are turned into SQL text.

Every generated value goes through :func:`literal`, so escaping is tested once (tests/test_generators.py
round-trips it through both real engines) instead of being re-invented by each seed module.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Iterable, Sequence
from typing import Any

from ..engines import Engine
from .values import Nanos, format_micros, format_nanos

# Backslash first: it is the escape character in both dialects' string literals.
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\x00": "\\0"}


def _quote(value: str) -> str:
    return "'" + "".join(_ESCAPES.get(c, c) for c in value) + "'"


def literal(dialect: str, value: Any) -> str:
    """``value`` as a SQL literal of ``dialect`` (``mysql`` or ``clickhouse``)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Nanos):
        if dialect == "mysql":
            raise ValueError(f"{value!r}: MySQL keeps microseconds at most; pass a datetime")
        return _quote(format_nanos(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no portable SQL literal")
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dt.datetime):
        return _quote(format_micros(value))
    if isinstance(value, dt.date):
        return _quote(value.isoformat())
    if isinstance(value, (list, tuple)):
        if dialect != "clickhouse":
            raise ValueError(f"{dialect} has no array literal; store {value!r} as JSON text")
        return "[" + ", ".join(literal(dialect, v) for v in value) + "]"
    raise TypeError(f"no SQL literal for {type(value).__name__}: {value!r}")


def values_clause(dialect: str, rows: Iterable[Sequence[Any]]) -> str:
    return ", ".join("(" + ", ".join(literal(dialect, v) for v in row) + ")" for row in rows)


def insert_rows(
    engine: Engine, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], batch: int = 1000
) -> None:
    """Multi-row ``INSERT ... VALUES`` in batches of ``batch`` rows (one part per batch in ClickHouse)."""
    head = f"INSERT INTO {engine.quote_ident(table)} ({', '.join(map(engine.quote_ident, columns))}) VALUES "
    for start in range(0, len(rows), batch):
        engine.execute(head + values_clause(engine.dialect, rows[start : start + batch]))
