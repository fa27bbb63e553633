"""Type-directed SQL literals: a value rendered as the column's type needs it (a ClickHouse Map as
``map(k, v)``, a Tuple as ``tuple(...)``, a DateTime64(3) with exactly three sub-second digits)."""

from __future__ import annotations

from typing import Any

from .dialect_sql import DATA_SQL
from .types import SqlType


def render(t: SqlType, value: Any) -> str:
    """``value`` as a literal for a column of type ``t``."""
    return DATA_SQL[t.dialect].typed_literal(t, value)
