"""Identifier and literal quoting, the same for MySQL and ClickHouse (backticks, backslash escapes)."""

from __future__ import annotations


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
