"""The few SQL fragments that differ between MySQL and ClickHouse, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # engines quote through this module, so no runtime import back
    from .engines import Engine


def ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def qualified(database: str, table: str) -> str:
    return f"{ident(database)}.{ident(table)}"


def read_table(engine: Engine, table: str, read: str = "", database: str | None = None) -> str:
    """A FROM-clause source that reads ``table`` as declared: ``FINAL`` deduplicates a ReplacingMergeTree."""
    name = qualified(database or engine.database, table)
    if read == "FINAL" and engine.dialect == "clickhouse":
        return f"(SELECT * FROM {name} FINAL)"
    return f"(SELECT * FROM {name})"


def row_hash_sum(engine: Engine, columns: Sequence[str]) -> str:
    """An order-independent, duplicate-sensitive hash of a multiset of rows, computed in the engine."""
    cols = ", ".join(ident(c) for c in columns)
    if engine.dialect == "clickhouse":
        return f"toString(sum(cityHash64(toString(tuple({cols})))))"
    # MD5 of a JSON array keeps NULL distinct from 'NULL'; 60 bits of it summed as DECIMAL never overflow.
    return f"CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(JSON_ARRAY({cols})), 1, 15), 16, 10) AS UNSIGNED)), 0) AS CHAR)"


def null_safe_equal(engine: Engine, left: str, right: str) -> str:
    if engine.dialect == "clickhouse":
        return f"isNotDistinctFrom({left}, {right})"
    return f"({left} <=> {right})"


def settings(engine: Engine, *pairs: str) -> str:
    """Query-level SETTINGS, only where the engine has them."""
    return f" SETTINGS {', '.join(pairs)}" if engine.dialect == "clickhouse" and pairs else ""


def analytic(engine: Engine, sql: str) -> str:
    """``sql`` as run by the checks. MariaDB joins unindexed columns with a nested loop unless hashed join
    buffers are on (MySQL 8 and ClickHouse hash by default); per statement, so the migration's own SQL
    runs with the server's defaults."""
    if engine.dialect == "mysql" and engine.product.startswith("MariaDB"):
        return f"SET STATEMENT join_cache_level = 4 FOR {sql}"
    return sql
