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


def read_table(engine: Engine, table: str, read: str = "", where: str = "") -> str:
    """A FROM-clause source that reads ``table`` as declared: ``FINAL`` deduplicates a ReplacingMergeTree,
    ``where`` (a spec filter) keeps the rows in scope and may name the table itself, which is its alias."""
    source = f"{qualified(engine.database, table)} AS {ident(table)}"
    condition = f" WHERE {where}" if where else ""
    if engine.dialect == "clickhouse":
        final = " FINAL" if read == "FINAL" else ""
        # ``*`` of every column a mapping may name, MATERIALIZED and ALIAS ones included.
        wide = " SETTINGS asterisk_include_materialized_columns = 1, asterisk_include_alias_columns = 1"
        return f"(SELECT * FROM {source}{final}{condition}{wide})"
    return f"(SELECT * FROM {source}{condition})"


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


def delete_rows_not_in(engine: Engine, table: str, keys: Sequence[str], before: str | None, where: str = "") -> int:
    """Delete about half of the rows of ``table`` whose key was not in ``before``'s copy of it (all rows when
    ``before`` is None): the rows a run wrote, never ones that were already there. Returns how many."""
    name, alias = qualified(engine.database, table), ident(table)
    cols = ", ".join(ident(k) for k in keys)
    conditions = [f"({where})"] if where else []
    if before is not None:
        if engine.dialect == "clickhouse":
            conditions.append(f"({cols}) NOT IN (SELECT {cols} FROM {qualified(before, table)})")
        else:
            same = " AND ".join(f"mh_b.{ident(k)} <=> {alias}.{ident(k)}" for k in keys)
            conditions.append(f"NOT EXISTS (SELECT 1 FROM {qualified(before, table)} mh_b WHERE {same})")
    half = f"cityHash64({cols}) % 2 = 0" if engine.dialect == "clickhouse" else f"CRC32(CONCAT_WS('|', {cols})) % 2 = 0"
    for chosen in ([*conditions, half], conditions):  # about half; all of them when the hash picks none
        condition = " AND ".join(chosen) or "1"
        count = int(engine.scalar(f"SELECT COUNT(*) FROM {name} AS {alias} WHERE {condition}") or 0)
        if count:
            if engine.dialect == "clickhouse":
                engine.execute(f"ALTER TABLE {name} DELETE WHERE {condition} SETTINGS mutations_sync = 2")
            else:
                engine.execute(f"DELETE {alias} FROM {name} AS {alias} WHERE {condition}")
            return count
    return 0
