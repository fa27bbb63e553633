"""Type-directed SQL literals: a value rendered as the column's type needs it (a ClickHouse Map as
``map(k, v)``, a Tuple as ``tuple(...)``, a DateTime64(3) with exactly three sub-second digits)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .sql import literal
from .types import SqlType
from .values import Nanos, format_nanos


def render(t: SqlType, value: Any) -> str:
    """``value`` as a literal for a column of type ``t``."""
    if value is None:
        return "NULL"
    if t.dialect == "clickhouse":
        return _clickhouse(t, value)
    if t.kind == "datetime" and isinstance(value, dt.datetime):
        return literal("mysql", _stamp(value, t.scale))
    return literal("mysql", value)


def _stamp(value: dt.datetime, digits: int) -> str:
    text = f"{value:%Y-%m-%d %H:%M:%S}"
    return f"{text}.{value.microsecond:06d}"[: len(text) + 1 + digits] if digits else text


def _clickhouse(t: SqlType, value: Any) -> str:
    kind = t.kind
    if kind == "array":
        return "[" + ", ".join(render(t.items[0], x) for x in value) + "]"
    if kind == "map":
        pairs = [f"{render(t.items[0], k)}, {render(t.items[1], x)}" for k, x in value.items()]
        return "map(" + ", ".join(pairs) + ")"
    if kind == "tuple":
        return "tuple(" + ", ".join(render(i, x) for i, x in zip(t.items, value, strict=True)) + ")"
    if kind == "bool":
        return "true" if value else "false"
    if kind == "datetime":
        if isinstance(value, Nanos):
            text = format_nanos(value)
            return literal("clickhouse", text[: len(text) - 9 + t.scale].rstrip("."))
        return literal("clickhouse", _stamp(value, 0))
    if kind == "decimal":
        return f"toDecimal256({literal('clickhouse', str(value))}, {t.scale})"
    return literal("clickhouse", value)
