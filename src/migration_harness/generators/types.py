"""Column types as the catalogue spells them (``varchar(150)``, ``Map(String, Nullable(Decimal(18, 6)))``),
parsed into one small structure both dialects share, with each type's range."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

# Integer ranges by type name, per dialect.
_MYSQL_INTS = {"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32, "bigint": 64}
_CH_INT = re.compile(r"^(U?)Int(8|16|32|64|128|256)$")
_MYSQL_STRINGS = {"tinytext": 255, "text": 65535, "mediumtext": 16777215, "longtext": 4294967295}
_MYSQL_BLOBS = {"tinyblob": 255, "blob": 65535, "mediumblob": 16777215, "longblob": 4294967295}


@dataclass(frozen=True)
class SqlType:
    """``kind`` is one of: int, decimal, float, bool, string, uuid, enum, set, date, datetime, time, year,
    json, array, map, tuple, ip, variant, aggregate, unknown. ``nullable`` covers MySQL NULL columns and
    ClickHouse Nullable."""

    kind: str
    dialect: str
    raw: str
    nullable: bool = False
    length: int | None = None  # characters (MySQL), bytes (FixedString, BINARY)
    fixed: bool = False  # CHAR / FixedString / BINARY: fixed width
    bytes_: bool = False  # binary strings: ASCII only, so they read back as text
    lo: int = 0
    hi: int = 0
    precision: int = 0  # Decimal digits
    scale: int = 0  # Decimal scale; sub-second digits of a datetime
    values: tuple[str, ...] = ()  # ENUM / SET / Enum8 names
    items: tuple[SqlType, ...] = ()  # Array element; Map key, value; Tuple elements
    names: tuple[str, ...] = ()  # named Tuple fields
    tz: str = ""
    low_cardinality: bool = False
    seconds_only: bool = False  # ClickHouse DateTime (no sub-second part)
    nanos: bool = False  # ClickHouse DateTime64: values are Nanos, up to nanosecond precision
    length_in_bytes: bool = False  # ClickHouse FixedString: ``length`` counts UTF-8 bytes, not characters
    unsigned: bool = False  # MySQL DECIMAL/FLOAT/DOUBLE UNSIGNED: no negative values

    @property
    def time_range(self) -> tuple[dt.datetime, dt.datetime]:
        """Smallest and largest storable instant (naive UTC), at this type's sub-second precision."""
        return _TIME_RANGES[self.dialect](self)

    @property
    def date_range(self) -> tuple[dt.date, dt.date]:
        return _DATE_RANGES[self.dialect](self)


def _mysql_times(t: SqlType) -> tuple[dt.datetime, dt.datetime]:
    top = 10**6 - 10 ** (6 - min(t.scale, 6))
    if t.raw.startswith("timestamp"):
        return dt.datetime(1970, 1, 1, 0, 0, 1), dt.datetime(2038, 1, 19, 3, 14, 7, top)
    return dt.datetime(1000, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, top)


def _clickhouse_times(t: SqlType) -> tuple[dt.datetime, dt.datetime]:
    top = 10**6 - 10 ** (6 - min(t.scale, 6))
    # Away from the very ends when the column has a zone of its own: literals are read in that zone.
    pad = dt.timedelta(days=1) if t.tz not in ("", "UTC") else dt.timedelta(0)
    if t.seconds_only:
        return dt.datetime(1970, 1, 1) + pad, dt.datetime(2106, 2, 7, 6, 28, 15) - pad
    if t.scale == 9:
        return dt.datetime(1900, 1, 1) + pad, dt.datetime(2262, 4, 11, 23, 47, 16) - pad
    return dt.datetime(1900, 1, 1) + pad, dt.datetime(2299, 12, 31, 23, 59, 59, top) - pad


def _mysql_dates(t: SqlType) -> tuple[dt.date, dt.date]:
    return dt.date(1000, 1, 1), dt.date(9999, 12, 31)


def _clickhouse_dates(t: SqlType) -> tuple[dt.date, dt.date]:
    if t.raw == "Date32":
        return dt.date(1900, 1, 1), dt.date(2299, 12, 31)
    return dt.date(1970, 1, 1), dt.date(2149, 6, 6)


# Storable ranges by dialect (a MySQL TIMESTAMP ends in 2038, a ClickHouse DateTime64(9) in 2262).
_TIME_RANGES = {"mysql": _mysql_times, "clickhouse": _clickhouse_times}
_DATE_RANGES = {"mysql": _mysql_dates, "clickhouse": _clickhouse_dates}


def split_args(text: str) -> list[str]:
    """Top-level comma-separated arguments, respecting parentheses and quoted strings."""
    parts, depth, quote, current = [], 0, "", []
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            current.append(c)
            if c == "\\" and i + 1 < len(text):
                current.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = ""
        elif c in "'`\"":
            quote = c
            current.append(c)
        elif c == "(":
            depth += 1
            current.append(c)
        elif c == ")":
            depth -= 1
            current.append(c)
        elif c == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return re.sub(r"\\(.)|''", lambda m: m.group(1) or "'", text[1:-1])
    return text


def _head_args(raw: str) -> tuple[str, list[str]]:
    match = re.match(r"^\s*(\w+)\s*(?:\((.*)\))?(.*)$", raw, re.S)
    if not match:
        return raw, []
    return match.group(1), split_args(match.group(2)) if match.group(2) is not None else []


def parse_mysql(raw: str, nullable: bool, json: bool = False) -> SqlType:
    """A MySQL/MariaDB ``COLUMN_TYPE`` (``json`` when MariaDB stores JSON as LONGTEXT with a json_valid check)."""
    text = raw.lower()
    name, args = _head_args(text)
    name = name.strip()
    unsigned = "unsigned" in text
    base: dict[str, Any] = {"dialect": "mysql", "raw": text, "nullable": nullable}
    if json or name == "json":
        return SqlType("json", **base)
    if name in ("tinyint",) and args == ["1"]:
        return SqlType("bool", lo=0, hi=1, **base)
    if name == "bit":  # written and read as the number its bits spell
        width = int(args[0]) if args else 1
        return SqlType("bool" if width == 1 else "int", lo=0, hi=2**width - 1, **base)
    if name in ("bool", "boolean"):
        return SqlType("bool", lo=0, hi=1, **base)
    if name in _MYSQL_INTS:
        bits = _MYSQL_INTS[name]
        lo, hi = (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        return SqlType("int", lo=lo, hi=hi, **base)
    if name in ("decimal", "numeric", "dec", "fixed"):
        precision = int(args[0]) if args else 10
        scale = int(args[1]) if len(args) > 1 else 0
        return SqlType("decimal", precision=precision, scale=scale, unsigned=unsigned, **base)
    if name in ("float", "double", "real"):
        # FLOAT(M,D) / DOUBLE(M,D): M digits, D of them after the point, like DECIMAL(M,D) in range
        precision, scale = (int(args[0]), int(args[1])) if len(args) == 2 else (0, 0)
        width = 32 if name == "float" and not (len(args) == 1 and int(args[0]) > 24) else 64
        return SqlType("float", length=width, unsigned=unsigned, precision=precision, scale=scale, **base)
    if name in ("char", "varchar"):
        return SqlType("uuid" if args == ["36"] else "string", length=int(args[0]), fixed=name == "char", **base)
    if name in ("binary", "varbinary"):
        return SqlType("string", length=int(args[0]), fixed=name == "binary", bytes_=True, **base)
    if name in _MYSQL_STRINGS:
        return SqlType("string", length=_MYSQL_STRINGS[name] // 4, **base)
    if name in _MYSQL_BLOBS:
        return SqlType("string", length=_MYSQL_BLOBS[name], bytes_=True, **base)
    if name in ("enum", "set"):
        return SqlType(name, values=tuple(_unquote(a) for a in args), **base)
    if name in ("timestamp", "datetime"):
        return SqlType("datetime", scale=int(args[0]) if args else 0, **base)
    if name == "date":
        return SqlType("date", **base)
    if name == "time":
        return SqlType("time", scale=int(args[0]) if args else 0, **base)
    if name == "year":
        return SqlType("year", lo=1901, hi=2155, **base)
    if name == "uuid":
        return SqlType("uuid", **base)
    if name in ("inet4", "inet6"):
        return SqlType("ip", length=4 if name == "inet4" else 6, **base)
    return SqlType("unknown", **base)


def parse_clickhouse(raw: str) -> SqlType:
    """A ClickHouse type as ``system.columns.type`` spells it."""
    raw = raw.strip()
    name, args = _head_args(raw)
    base: dict[str, Any] = {"dialect": "clickhouse", "raw": raw}
    if name == "Nullable":
        inner = parse_clickhouse(args[0])
        return replace(inner, nullable=True)
    if name == "LowCardinality":
        return replace(parse_clickhouse(args[0]), low_cardinality=True)
    if name == "SimpleAggregateFunction":  # stores plain values of its type (max, sum, any...)
        return replace(parse_clickhouse(args[-1]), raw=raw)
    if name == "AggregateFunction":  # a state: made from one value per argument type (uniq of one UInt64)
        return SqlType("aggregate", values=(args[0],), items=tuple(parse_clickhouse(a) for a in args[1:]), **base)
    if match := _CH_INT.match(name):
        bits = int(match.group(2))
        lo, hi = (0, 2**bits - 1) if match.group(1) else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        return SqlType("int", lo=lo, hi=hi, **base)
    if name == "Bool":
        return SqlType("bool", lo=0, hi=1, **base)
    if name.startswith("Decimal"):
        widths = {"Decimal32": 9, "Decimal64": 18, "Decimal128": 38, "Decimal256": 76}
        if name in widths:
            return SqlType("decimal", precision=widths[name], scale=int(args[0]), **base)
        return SqlType("decimal", precision=int(args[0]), scale=int(args[1]) if len(args) > 1 else 0, **base)
    if name in ("Float32", "Float64"):
        return SqlType("float", length=32 if name == "Float32" else 64, **base)
    if name == "String":
        return SqlType("string", length=None, **base)
    if name == "FixedString":
        n = int(args[0])
        return SqlType("uuid" if n == 36 else "string", length=n, fixed=True, length_in_bytes=True, **base)
    if name == "UUID":
        return SqlType("uuid", **base)
    if name in ("Enum8", "Enum16", "Enum"):
        return SqlType("enum", values=tuple(_unquote(split_args(a.replace("=", ",", 1))[0]) for a in args), **base)
    if name in ("Date", "Date32"):
        return SqlType("date", dialect="clickhouse", raw=name)
    if name == "DateTime":
        return SqlType("datetime", seconds_only=True, tz=_unquote(args[0]) if args else "", **base)
    if name == "DateTime64":
        tz = _unquote(args[1]) if len(args) > 1 else ""
        return SqlType("datetime", scale=int(args[0]), tz=tz, nanos=True, **base)
    if name == "Array":
        return SqlType("array", items=(parse_clickhouse(args[0]),), **base)
    if name == "Map":
        return SqlType("map", items=(parse_clickhouse(args[0]), parse_clickhouse(args[1])), **base)
    if name == "Tuple":
        named = [re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)$", a) for a in args]
        if all(named) and not any(_CH_TYPE_NAME.match(a) for a in args):
            return SqlType("tuple", items=tuple(parse_clickhouse(m.group(2)) for m in named if m),
                           names=tuple(m.group(1) for m in named if m), **base)  # fmt: skip
        return SqlType("tuple", items=tuple(parse_clickhouse(a) for a in args), **base)
    if name in ("JSON", "Object"):
        return SqlType("json", **base)
    if name in ("IPv4", "IPv6"):
        return SqlType("ip", length=4 if name == "IPv4" else 6, **base)
    if name == "Variant":  # one of its types per row, or NULL
        return SqlType("variant", items=tuple(parse_clickhouse(a) for a in args), nullable=True, **base)
    if name in _CH_GEO:  # Point is Tuple(Float64, Float64); Ring, Polygon, MultiPolygon arrays of the one before
        return replace(parse_clickhouse(_CH_GEO[name]), raw=raw)
    return SqlType("unknown", **base)


_CH_GEO = {
    "Point": "Tuple(Float64, Float64)",
    "Ring": "Array(Point)",
    "LineString": "Array(Point)",
    "Polygon": "Array(Ring)",
    "MultiLineString": "Array(LineString)",
    "MultiPolygon": "Array(Polygon)",
}


# A bare type name such as "Nullable(String)" is not a "name Type" pair of a named Tuple.
_CH_TYPE_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*(\(.*\))?$", re.S)
