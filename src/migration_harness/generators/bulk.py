"""Production-like volume generated inside the engines (INSERT ... SELECT from a numbers table), not in
Python loops, for every pre-migration table of the model.

Both dialects derive ids from the same MD5 formula, so rows generated in MySQL and in ClickHouse refer to
each other without shipping ids across. Children spread over their parents with a skew (parent k gets a
share like (k/P)^3), 1% of them are orphans, and 5% of the rows of a ReplacingMergeTree table get a newer
version in a second INSERT (unmerged duplicates).
"""

from __future__ import annotations

from dataclasses import replace

from ..engines import Engine
from .model import DataModel, TablePlan
from .types import SqlType


def mysql_numbers(n: int) -> str:
    """A derived table ``(SELECT i ...)`` of 0..n-1 (give it an alias), from cross-joined digits:
    portable to MySQL 8 and MariaDB, no recursion limit, no sequence engine."""
    digits = (
        "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
        "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
    )
    places = max(len(str(max(n - 1, 0))), 1)
    joins = " CROSS JOIN ".join(f"{digits} p{k}" for k in range(places))
    value = " + ".join(f"p{k}.d * {10**k}" for k in range(places))
    return f"(SELECT {value} AS i FROM {joins} WHERE {value} < {n})"


def uuid_from(dialect: str, expr: str) -> str:
    """SQL for a deterministic lower-case UUID-formatted string from ``MD5(expr)``, same in both dialects."""
    if dialect == "mysql":
        h = f"MD5({expr})"
        parts = [f"SUBSTR({h}, {a}, {b})" for a, b in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
        return f"LOWER(CONCAT_WS('-', {', '.join(parts)}))"
    h = f"lower(hex(MD5({expr})))"
    parts = [f"substring({h}, {a}, {b})" for a, b in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
    return f"arrayStringConcat([{', '.join(parts)}], '-')"


def _text(dialect: str, prefix: str, idx: str) -> str:
    return f"CONCAT('{prefix}', {idx})" if dialect == "mysql" else f"concat('{prefix}', toString({idx}))"


def key_expr(t: SqlType, table: str, idx: str) -> str:
    """A value unique per ``idx``, the same in both dialects for the same ``table`` and ``idx``."""
    if t.kind == "uuid":
        expr = uuid_from(t.dialect, _text(t.dialect, f"{table}-", idx))
        return f"toUUID({expr})" if t.raw.startswith(("UUID", "Nullable(UUID")) else expr
    if t.kind == "int":
        return f"({idx} + 1)"
    return value_expr(t, idx, f"{table}-", unique=True)


def value_expr(t: SqlType, idx: str, name: str, unique: bool = False) -> str:
    """A plausible value of type ``t`` for row ``idx``; every 7th is NULL where the column allows it."""
    expr = _mysql(t, idx, name) if t.dialect == "mysql" else _clickhouse(t, idx, name)
    if t.nullable and not unique:
        return f"IF({idx} % 7 = 0, NULL, {expr})" if t.dialect == "mysql" else f"if({idx} % 7 = 0, NULL, {expr})"
    return expr


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _mysql(t: SqlType, idx: str, name: str) -> str:
    k = t.kind
    if k in ("int", "bool", "year"):
        return f"({t.lo} + {idx} % {min(t.hi - t.lo + 1, 1_000_000)})"
    if k == "decimal":
        return f"CAST(({idx} % {10 ** min(t.precision, 5)}) / {10**t.scale} AS DECIMAL({t.precision}, {t.scale}))"
    if k == "float":
        return f"({idx} / 7)"
    if k == "uuid":
        return uuid_from("mysql", _text("mysql", name, idx))
    if k in ("enum", "set"):
        return f"ELT(1 + {idx} % {len(t.values)}, {', '.join(map(_quote, t.values))})"
    if k == "datetime":
        return (f"TIMESTAMP('2024-01-01') + INTERVAL ({idx} * 7919) % 31536000 SECOND "
                f"+ INTERVAL {idx} % 999999 MICROSECOND")  # fmt: skip
    if k == "date":
        return f"DATE('2020-01-01') + INTERVAL {idx} % 3650 DAY"
    if k == "time":
        return f"SEC_TO_TIME({idx} % 86400)"
    if k == "json":
        return f"JSON_OBJECT('n', {idx})"
    return f"LEFT({_text('mysql', name + ' ', idx)}, {t.length or 64})"


def _clickhouse(t: SqlType, idx: str, name: str) -> str:
    k = t.kind
    if k in ("int", "year"):
        return f"({t.lo} + {idx} % {min(t.hi - t.lo + 1, 1_000_000)})"
    if k == "bool":
        return f"({idx} % 2 = 0)"
    if k == "decimal":
        return f"toDecimal128({idx} % {10 ** min(t.precision, 5)}, {t.scale}) / {10**t.scale}"
    if k == "float":
        return f"({idx} / 7)"
    if k == "uuid":
        expr = uuid_from("clickhouse", _text("clickhouse", name, idx))
        return f"toUUID({expr})" if "UUID" in t.raw else expr
    if k == "enum":
        return f"[{', '.join(map(_quote, t.values))}][1 + {idx} % {len(t.values)}]"
    if k == "datetime":
        if t.seconds_only:
            return f"toDateTime(1704067200 + cityHash64({idx}) % 31536000, 'UTC')"
        return f"fromUnixTimestamp64Nano(toInt64(1704067200000000000 + cityHash64({idx}) % 31536000000000000), 'UTC')"
    if k == "date":
        return f"toDate('2020-01-01') + {idx} % 3650"
    if k == "json":
        return f"concat('{{\"n\": ', toString({idx}), '}}')"
    if k == "array":
        return f"arrayMap(x -> {value_expr(t.items[0], 'x', name)}, range({idx} % 3))"
    if k == "map":
        return f"map({value_expr(t.items[0], idx, 'k', unique=True)}, {value_expr(t.items[1], idx, name)})"
    if k == "tuple":
        return "tuple(" + ", ".join(value_expr(i, idx, name) for i in t.items) + ")"
    if k == "ip":
        return f"toIPv4({idx})" if t.length == 4 else f"IPv4ToIPv6(toIPv4({idx}))"
    text = f"concat('{name} ', toString({idx}))"
    return f"substring({text}, 1, {t.length})" if t.length else text


def _row_count(model: DataModel, plan: TablePlan, scale: int) -> int:
    has_children = any(link.parent == plan.ref for p in model.tables for link in p.links)
    return max(scale // 20, 2) if has_children else max(scale, 1)


def bulk_insert(engines: dict[str, Engine], model: DataModel, scale: int) -> None:
    sizes = {p.ref: _row_count(model, p, scale) for p in model.tables}
    for plan in model.tables:
        dialect = plan.info.database
        idx = "nn.i" if dialect == "mysql" else "number"
        exprs = _expressions(model, plan, idx, sizes)
        engine = engines[dialect]
        head = f"INSERT INTO {engine.quote_ident(plan.info.name)} ({', '.join(map(engine.quote_ident, exprs))}) "
        numbers = f"{mysql_numbers(sizes[plan.ref])} nn" if dialect == "mysql" else f"numbers({sizes[plan.ref]})"
        engine.execute(f"{head}SELECT {', '.join(exprs.values())} FROM {numbers}")
        version = plan.info.version
        if plan.info.keeps_versions and not plan.info.sign and version in exprs:
            # A newer write of every 20th row, in an INSERT of its own: unmerged duplicates.
            t = plan.column(version).type
            bump = " + 1" if t.kind == "int" else " + toIntervalSecond(2)"
            exprs[version] = f"{exprs[version]}{bump}"
            engine.execute(f"{head}SELECT {', '.join(exprs.values())} FROM {numbers} WHERE {idx} % 20 = 0")


def _expressions(model: DataModel, plan: TablePlan, idx: str, sizes: dict[str, int]) -> dict[str, str]:
    table = plan.info.name
    unique = {c for u in plan.unique for c in u}
    exprs: dict[str, str] = {}
    for column in plan.columns:
        t = column.type
        if column.name in plan.groups:
            groups = max(sizes[plan.ref] // 500, 2)
            exprs[column.name] = key_expr(t, column.name, f"({idx} % {groups})")
        elif column.name in unique:
            exprs[column.name] = key_expr(t, table, idx)
        else:
            exprs[column.name] = value_expr(t, idx, column.name)
    if plan.info.sign:
        exprs[plan.info.sign] = "1"
    for n, link in enumerate(plan.links):
        parent = model.plan(link.parent)
        count = sizes[parent.ref]
        if plan.info.database == "mysql":
            skew = f"FLOOR({count} * POW((CRC32({idx}) % 1000000) / 1e6, 3))"
            owner = f"IF({idx} % 100 = 0, {count} + {idx} % 5, {skew})" if link.orphans else skew
        else:
            skew = f"toUInt64(floor({count} * pow((cityHash64({idx}) % 1000000) / 1e6, 3)))"
            owner = f"if({idx} % 100 = 0, {count} + {idx} % 5, {skew})" if link.orphans else skew
        if n:
            owner = f"({idx} % {count})"
        for col, pcol in zip(link.columns, link.parent_columns, strict=True):
            pt = parent.column(pcol).type
            own = plan.column(col).type
            # The parent's key formula, in the child's dialect: the same value on both sides.
            exprs[col] = key_expr(replace(own, kind=pt.kind), parent.info.name, owner)
    return exprs
