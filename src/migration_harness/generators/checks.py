"""CHECK constraints: a column one of them constrains on its own takes only values the database accepts.

The generators know types, not conditions: a status limited to ``('active', 'retired')``, a quantity kept
``BETWEEN 0 AND 10000`` or a price ``>= 0`` would make every load fail. Such a column is generated from a
pool of its usual values (edges and realistic ones) that the database itself judged against the condition,
exactly as ``[generate.columns] values`` would give them. A condition over several columns is met row by row
when a shape is loaded (see :mod:`.mending`).
"""

from __future__ import annotations

import decimal
import random
import re
from collections.abc import Callable
from typing import Any

from faker import Faker

from ..errors import HarnessError
from .columns import edges, realistic
from .schema import ColumnInfo, TableInfo

# (table ref, column, condition, candidate values) -> the candidates the database accepts, in order
Judge = Callable[[str, str, str, list[Any]], list[Any]]

REALISTIC = 40  # realistic values tried besides the edges
_JSON_ONLY = re.compile(r"^\s*\(?\s*json_valid\(`?\w+`?\)\s*\)?\s*$", re.I)  # MariaDB's JSON type: typed already


def named_columns(table: TableInfo, condition: str) -> set[str]:
    """The table's columns a CHECK condition names."""
    quoted = set(re.findall(r"`([^`]+)`", condition))
    return (quoted or set(re.findall(r"\b\w+\b", condition))) & {c.name for c in table.columns}


def constrained_columns(table: TableInfo) -> dict[str, list[tuple[str, str]]]:
    """Column -> the (name, condition) of each CHECK that names that column alone."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, condition in table.checks:
        named = named_columns(table, condition)
        if not _JSON_ONLY.match(condition) and len(named) == 1:
            found.setdefault(named.pop(), []).append((name, condition))
    return found


def allowed_values(
    table: TableInfo, column: ColumnInfo, checks: list[tuple[str, str]], judge: Judge, spec_path: object
) -> tuple[Any, ...]:
    """The column's usual values the database accepts under every one of ``checks``; an error naming the
    constraint when it accepts none of them (a format only a pattern makes, such as ``sku REGEXP ...``)."""
    condition = " AND ".join(f"({c})" for _, c in checks)
    pool = _candidates(column, condition)
    kept = judge(table.ref, column.name, condition, pool)
    if not kept:
        said = ", ".join(f"{name} CHECK ({c})" for name, c in checks)
        raise HarnessError(
            f"{spec_path}: [generate]: {table.name}.{column.name} must satisfy {said}, which none of the values "
            f"generated for its type does: give its values in the spec, [generate.columns] "
            f'"{table.name}.{column.name}" = {{ values = [...] }}'
        )
    return tuple(kept)


def _candidates(column: ColumnInfo, condition: str) -> list[Any]:
    """The constants the condition names (an ``IN`` list, a bound), the type's edges, then realistic values,
    each once."""
    fake, rnd = Faker(), random.Random(f"check:{column.name}")
    fake.seed_instance(rnd.random())
    kind = column.type.kind
    values: list[Any] = []
    if kind == "string":
        values += [_unquoted(text) for text in re.findall(r"'((?:[^'\\]|\\.|'')*)'", condition)]
    elif kind in ("int", "decimal", "float"):
        numbers = re.findall(r"(?<![\w.'])-?\d+(?:\.\d+)?(?![\w.'])", condition)
        values += [int(n) if kind == "int" and "." not in n else decimal.Decimal(n) for n in numbers]
    values += [v for v in edges(column.type) if v is not None]
    values += [realistic(column.type, column.name, fake, rnd) for _ in range(REALISTIC)]
    seen: dict[str, Any] = {}
    for v in values:
        seen.setdefault(repr(v), v)
    return list(seen.values())


def _unquoted(text: str) -> str:
    """A string literal's text as the catalogue shows it (MariaDB escapes a quote as ``\\'``)."""
    return re.sub(r"\\(.)", r"\1", text.replace("''", "'"))
