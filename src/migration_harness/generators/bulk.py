"""Production-like volume generated inside the engines (INSERT ... SELECT from a numbers table), not in
Python loops, for every pre-migration table of the model.

Both dialects derive ids from the same MD5 formula, so rows generated in MySQL and in ClickHouse refer to
each other without shipping ids across. Every table gets ``scale`` rows (fewer where its keys cannot tell
more apart); children spread over their parents with a skew (parent k gets a share like (k/P)^3), 1% of them
are orphans, except where a key of several columns takes each combination once (a store's seven weekdays);
every fifth row holds a column's literal DEFAULT; 5% of the rows of a ReplacingMergeTree table get a newer
version with other values in a second INSERT (unmerged duplicates), 5% of a CollapsingMergeTree's a
cancelling row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..dialects import ident
from ..engines import Engine
from .checks import named_columns
from .dialect_sql import DATA_SQL
from .mending import joint_checks
from .model import DataModel, TablePlan
from .render import render
from .types import SqlType

# A default that is a number or a quoted string (MySQL 8 reports a string default unquoted: left out).
_LITERAL = re.compile(r"-?\d+(\.\d*)?|'(?:[^'\\]|''|\\.)*'")


def uuid_from(dialect: str, expr: str) -> str:
    """SQL for a deterministic lower-case UUID-formatted string from ``MD5(expr)``, same in both dialects."""
    return DATA_SQL[dialect].uuid_from(expr)


def key_expr(t: SqlType, table: str, idx: str) -> str:
    """A value unique per ``idx``, the same in both dialects for the same ``table`` and ``idx``."""
    if t.kind == "uuid":
        sql = DATA_SQL[t.dialect]
        expr = sql.uuid_from(sql.text(f"{table}-", idx))
        return f"toUUID({expr})" if t.raw.startswith(("UUID", "Nullable(UUID")) else expr
    if t.kind == "int":
        return f"({idx} + 1)"
    return value_expr(t, idx, f"{table}-", unique=True)


def value_expr(t: SqlType, idx: str, name: str, unique: bool = False) -> str:
    """A plausible value of type ``t`` for row ``idx``; every 7th is NULL where the column allows it."""
    sql = DATA_SQL[t.dialect]
    expr = sql.value(t, idx, name)
    return sql.null_every_7th(idx, expr) if t.nullable and not unique else expr


def _capacity(t: SqlType) -> int | None:
    """How many rows :func:`key_expr` tells apart in a column of type ``t`` before its values repeat (a
    FixedString(2) country code the number's last two digits: 100); None: more than any bulk volume."""
    if t.kind == "int":
        return t.hi
    if t.kind == "string":
        return 10**t.length if t.length and t.length < 10 else None
    if t.kind in ("enum", "set"):
        return len(t.values)
    if t.kind in ("bool", "year"):
        return t.hi - t.lo + 1
    return {"date": 3650, "time": 86400, "decimal": 10 ** min(t.precision, 5)}.get(t.kind)


@dataclass(frozen=True)
class Digit:
    """Columns of a unique key that take their values from one digit of the row number: a parent (every
    column of the link) or one column's few values."""

    columns: tuple[str, ...]
    radix: int
    parent: str = ""  # the link's parent table, for a link's columns


def _key_digits(model: DataModel, plan: TablePlan, rows: int, sizes: dict[str, int]) -> tuple[Digit, ...]:
    """A unique key of several columns of which none tells ``rows`` rows apart alone (a store and a weekday
    1..7): its columns as the digits of a mixed-radix row number, least significant first, the parent last
    (so a parent's rows are consecutive). Empty where every key has a column that keeps the rows apart."""
    links = {c: link for link in plan.links for c in link.columns}
    self_linked = {c for link in plan.self_links for c in link.columns}
    groups = _group_count(rows)
    apart = _apart(plan)
    for key in (k for k in plan.unique if len(k) > 1 and not self_linked & set(k)):
        digits: dict[tuple[str, ...], Digit] = {}
        for column in key:
            t, override = plan.column(column).type, plan.override(column)
            if column in links:
                link = links[column]
                digits[link.columns] = Digit(link.columns, sizes[link.parent], link.parent)
            elif override is not None and override.values:
                digits[(column,)] = Digit((column,), len(override.values))
            elif column in plan.groups and column not in apart:
                digits[(column,)] = Digit((column,), min(groups, _capacity(t) or groups))
            elif (capacity := _capacity(t)) is None or capacity >= rows:
                break  # this column alone keeps the rows apart
            else:
                digits[(column,)] = Digit((column,), capacity)
        else:
            return tuple(sorted(digits.values(), key=lambda d: bool(d.parent)))
    return ()


def _sizes(model: DataModel, scale: int) -> tuple[dict[str, int], dict[str, tuple[Digit, ...]]]:
    """Rows per table: ``scale``, or fewer where its keys cannot tell more apart (a key of one narrow
    column; a store's weekdays: 7 per store); and the digits of the keys that need them."""
    sizes: dict[str, int] = {}
    spreads: dict[str, tuple[Digit, ...]] = {}
    for plan in model.tables:  # parents before their children
        rows = max(scale, 1)
        for t in (plan.column(key[0]).type for key in plan.unique if len(key) == 1):
            rows = min(rows, _capacity(t) or rows)
        sizes[plan.ref] = rows
        if digits := _key_digits(model, plan, rows, sizes):
            spreads[plan.ref] = digits
            sizes[plan.ref] = min(rows, math.prod(d.radix for d in digits))
    return sizes, spreads


def _group_count(rows: int) -> int:
    """How many values a group column's ``rows`` bulk rows share: about 500 rows a group."""
    return max(rows // 500, 2)


def _apart(plan: TablePlan) -> set[str]:
    """Group columns that alone keep a unique key's rows apart (a primary key a mapping groups by): they
    stay unique instead of taking a few shared values."""
    linked = {c for link in (*plan.links, *plan.self_links) for c in link.columns}
    return {c for u in plan.unique if all(o in linked or o in plan.groups for o in u) for c in u} - linked


def _has_children(model: DataModel, plan: TablePlan) -> bool:
    """Whether another table's rows point at this one's."""
    return any(link.parent == plan.ref for p in model.tables for link in p.links)


def bulk_insert(
    engines: dict[str, Engine], model: DataModel, scale: int, migrated_looking: dict[str, str] | None = None
) -> None:
    """``migrated_looking``: per ``database.table``, the condition under which a row looks like one the
    migration writes (see :mod:`.app_rows`); such rows are left out where no table points at the table."""
    # Every table, parents too, holds ``scale`` rows: a batched UPDATE of a parent table must reach its
    # batch size here as well. With the skew most parents have no child or one, the first ones many.
    sizes, spreads = _sizes(model, scale)
    for plan in model.tables:
        engine = engines[plan.info.database]
        numbers, idx = DATA_SQL[plan.info.database].numbers(sizes[plan.ref])
        exprs = _expressions(model, plan, idx, sizes)
        _spread(model, plan, idx, spreads.get(plan.ref, ()), exprs)
        head = f"INSERT INTO {engine.quote_ident(plan.info.name)} ({', '.join(map(engine.quote_ident, exprs))}) "
        looks_migrated = (migrated_looking or {}).get(plan.ref, "")
        settings = DATA_SQL[plan.info.database].bulk_settings()
        engine.execute(head + _rows(engine, model, plan, exprs, numbers, looks_migrated) + settings)
        version, sign = plan.info.version, plan.info.sign
        if sign:  # every 20th state cancelled, in an INSERT of its own: rows only FINAL collapses
            exprs[sign] = "-1"
        elif plan.info.keeps_versions and version in exprs:  # a newer write of every 20th row: unmerged duplicates
            t = plan.column(version).type
            bump = " + 1" if t.kind == "int" else " + toIntervalSecond(2)"
            exprs[version] = f"{exprs[version]}{bump}"
            exprs.update(_newer_values(plan, idx, spreads.get(plan.ref, ())))
        else:
            continue
        every_20th = f"{numbers} WHERE {idx} % 20 = 0"
        engine.execute(head + _rows(engine, model, plan, exprs, every_20th, looks_migrated) + settings)


def _newer_values(plan: TablePlan, idx: str, digits: tuple[Digit, ...]) -> dict[str, str]:
    """A newer version's values of the columns that do not tell rows or groups apart: other values, and in
    half of the rows NULL where allowed (a copy by ``argMax(column, version)``, which skips NULLs, keeps the
    older value there)."""
    kept = {
        *plan.info.sorting,
        *plan.groups,
        *(c for u in plan.unique for c in u),
        *(c for d in digits for c in d.columns),
    }
    kept |= {c for link in (*plan.links, *plan.self_links) for c in link.columns} | {plan.info.version}
    kept |= {c for _, check in joint_checks(plan.info) for c in named_columns(plan.info, check)}  # still met
    changed: dict[str, str] = {}
    for column in plan.columns:
        override = plan.override(column.name)
        if column.name in kept or (override is not None and override.values):
            continue
        value = value_expr(column.type, f"({idx} + 7)", column.name)
        changed[column.name] = f"CASE WHEN {idx} % 40 = 0 THEN NULL ELSE {value} END" if column.type.nullable else value
    return changed


def _rows(
    engine: Engine, model: DataModel, plan: TablePlan, exprs: dict[str, str], numbers: str, looks_migrated: str
) -> str:
    """The SELECT of the table's rows (``numbers`` may end in a WHERE on the row number); without the ones
    its CHECKs over several columns refuse and the ones that look migrated, where no other table's rows point
    at this one's (those are loaded as generated: a child would lose its parent)."""
    plain = f"SELECT {', '.join(exprs.values())} FROM {numbers}"
    if _has_children(model, plan):
        return plain
    named = f"SELECT {', '.join(f'{e} AS {ident(c)}' for c, e in exprs.items())} FROM {numbers}"
    rows = f"SELECT * FROM ({named}) AS {ident(plan.info.name)}"
    kept = [f"(({c})) IS NOT FALSE" for _, c in joint_checks(plan.info)]
    if looks_migrated and _judged(engine, rows, looks_migrated):
        kept.append(f"NOT COALESCE(({looks_migrated}), 0)")
    return f"{rows} WHERE {' AND '.join(kept)}" if kept else plain


def _judged(engine: Engine, rows: str, condition: str) -> bool:
    """Whether the database can evaluate ``condition`` on the generated rows: a filter that names a column
    the migration adds cannot be, before it (the rows are then all kept, as in a generated shape)."""
    try:
        engine.query(f"{rows} WHERE {condition} LIMIT 0")
    except Exception:
        return False
    return True


def _expressions(model: DataModel, plan: TablePlan, idx: str, sizes: dict[str, int]) -> dict[str, str]:
    table = plan.info.name
    unique = {c for u in plan.unique for c in u}
    apart = _apart(plan)
    exprs: dict[str, str] = {}
    for column in plan.columns:
        t = column.type
        override = plan.override(column.name)
        if override is not None and override.values:  # the only values it may hold, in turn
            picks = " ".join(f"WHEN {i} THEN {render(t, v)}" for i, v in enumerate(override.values))
            exprs[column.name] = f"CASE {idx} % {len(override.values)} {picks} END"
        elif column.name in plan.groups and column.name not in apart:
            groups = _group_count(sizes[plan.ref])
            exprs[column.name] = key_expr(t, column.name, f"({idx} % {groups})")
        elif column.name in unique:
            exprs[column.name] = key_expr(t, table, idx)
        elif column.default is not None and _LITERAL.fullmatch(column.default):
            sql = DATA_SQL[plan.info.database]
            exprs[column.name] = sql.default_every_5th(idx, t, column.default, value_expr(t, idx, column.name))
        else:
            exprs[column.name] = value_expr(t, idx, column.name)
    if plan.info.sign:
        exprs[plan.info.sign] = "1"
    for link in plan.self_links:  # a root each: NULL, or the row itself where the column is NOT NULL
        for col, pcol in zip(link.columns, link.parent_columns, strict=True):
            exprs[col] = "NULL" if plan.column(col).type.nullable else exprs[pcol]
    for n, link in enumerate(plan.links):
        parent = model.plan(link.parent)
        count = sizes[parent.ref]
        owner = DATA_SQL[plan.info.database].skewed(idx, count, link.orphans)
        if n:
            owner = f"({idx} % {count})"
        for col, pcol in zip(link.columns, link.parent_columns, strict=True):
            pt = parent.column(pcol).type
            own = plan.column(col).type
            # The parent's key formula, in the child's dialect: the same value on both sides.
            exprs[col] = key_expr(replace(own, kind=pt.kind), parent.info.name, owner)
    return exprs


def _spread(model: DataModel, plan: TablePlan, idx: str, digits: tuple[Digit, ...], exprs: dict[str, str]) -> None:
    """Give a key's columns their digit of the row number (see :func:`_key_digits`): every combination once.
    Its parent is then no longer skewed and has no orphan: a store gets its seven weekdays, the next store
    the next seven."""
    sql = DATA_SQL[plan.info.database]
    below = 1
    for digit in digits:
        value = sql.digit(idx, below, digit.radix)
        below *= digit.radix
        if digit.parent:
            parent = model.plan(digit.parent)
            link = next(link for link in plan.links if link.columns == digit.columns)
            for col, pcol in zip(link.columns, link.parent_columns, strict=True):
                own = plan.column(col).type
                exprs[col] = key_expr(replace(own, kind=parent.column(pcol).type.kind), parent.info.name, value)
            continue
        (column,) = digit.columns
        t, override = plan.column(column).type, plan.override(column)
        if override is not None and override.values:
            picks = " ".join(f"WHEN {i} THEN {render(t, v)}" for i, v in enumerate(override.values))
            exprs[column] = f"CASE {value} {picks} END"
        else:
            exprs[column] = key_expr(t, column if column in plan.groups else plan.info.name, value)
