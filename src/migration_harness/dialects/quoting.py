"""Identifier and literal quoting, the same for MySQL and ClickHouse (backticks, backslash escapes)."""

from __future__ import annotations

import re
from collections.abc import Collection

# A string literal (left as it is), or a name read after FROM or JOIN that is not already qualified
# (``db.t``) nor a table function (``numbers(10)``).
_READ_TABLE = re.compile(
    r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|\b(FROM|JOIN)(\s+)(`(?:[^`]|``)+`|[A-Za-z_][\w$]*)(?![\w$`]|\s*[.(])""",
    re.IGNORECASE,
)


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


def reading_from(sql: str, database: str, tables: Collection[str]) -> str:
    """``sql`` with every table it reads (after FROM or JOIN) that ``database`` holds named as that database's:
    a spec filter's subquery then reads the copy from before the migration, as its source does."""

    def qualify(found: re.Match[str]) -> str:
        literal, word, space, name = found.groups()
        if literal:
            return literal
        bare = name[1:-1].replace("``", "`") if name.startswith("`") else name
        if bare not in tables:
            return found.group(0)
        return f"{word}{space}{qualified(database, bare)}"

    return _READ_TABLE.sub(qualify, sql)
