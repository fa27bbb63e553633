"""Literal rendering and bulk inserts: the one place values are turned into SQL text.

Every generated value goes through :func:`literal`, so escaping is tested once (tests/test_generators.py
round-trips it through both real engines) instead of being re-invented by each seed module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..engines import Engine
from .dialect_sql import DATA_SQL


def literal(dialect: str, value: Any) -> str:
    """``value`` as a SQL literal of ``dialect`` (``mysql`` or ``clickhouse``)."""
    return DATA_SQL[dialect].literal(value)


def values_clause(dialect: str, rows: Iterable[Sequence[Any]]) -> str:
    return ", ".join("(" + ", ".join(literal(dialect, v) for v in row) + ")" for row in rows)


def insert_rows(
    engine: Engine, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], batch: int = 1000
) -> None:
    """Multi-row ``INSERT ... VALUES`` in batches of ``batch`` rows (one part per batch in ClickHouse)."""
    head = f"INSERT INTO {engine.quote_ident(table)} ({', '.join(map(engine.quote_ident, columns))}) VALUES "
    for start in range(0, len(rows), batch):
        engine.execute(head + values_clause(engine.dialect, rows[start : start + batch]))
