"""The SQL text generated data needs, one class per dialect: literals (plain and as a column's type needs
them), and the expressions and number sources that generate volume inside the engine.

``DATA_SQL[kind]`` hands out the class for ``"mysql"`` or ``"clickhouse"``, as the engines' dialects do for
the checks (``migration_harness.dialects``).
"""

from __future__ import annotations

import abc
import datetime as dt
import decimal
import math
import zlib
from typing import Any

from ..dialects import ident
from .types import SqlType
from .values import Nanos, format_micros, format_nanos

# Backslash first: it is the escape character in both dialects' string literals.
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\x00": "\\0"}
# (fixed first digit, start, length) of each group of MD5's hex digits: a version-4 UUID of the RFC variant,
# which MariaDB's UUID type requires (it refuses '...-d952-35dc-...': version 13 of the NCS variant).
_UUID_PARTS = (("", 1, 8), ("", 9, 4), ("4", 14, 3), ("8", 18, 3), ("", 21, 12))


def quote(value: str) -> str:
    return "'" + "".join(_ESCAPES.get(c, c) for c in value) + "'"


def stamp(value: dt.datetime, digits: int) -> str:
    """``value`` with exactly ``digits`` sub-second digits, as text."""
    text = f"{value:%Y-%m-%d %H:%M:%S}"
    return f"{text}.{value.microsecond:06d}"[: len(text) + 1 + digits] if digits else text


def apart(idx: str, name: str) -> str:
    """``idx`` shifted by a constant of the column's name: two time columns of a row (a session's start and
    end) get different values, so a difference between them is never always 0."""
    return f"({idx} + {zlib.crc32(name.encode()) % 1_000_003})"


class DataSQL(abc.ABC):
    # ---- literals ---------------------------------------------------------------------------------------

    def literal(self, value: Any) -> str:
        """``value`` as a SQL literal."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, Nanos):
            return self.nanos_literal(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"{value!r} has no portable SQL literal")
            return repr(value)
        if isinstance(value, decimal.Decimal):
            return format(value, "f")  # 1E-30 would be read as a DOUBLE
        if isinstance(value, str):
            return quote(value)
        if isinstance(value, dt.datetime):
            return quote(format_micros(value))
        if isinstance(value, dt.date):
            return quote(value.isoformat())
        if isinstance(value, list | tuple):
            return self.array_literal(value)
        raise TypeError(f"no SQL literal for {type(value).__name__}: {value!r}")

    @abc.abstractmethod
    def nanos_literal(self, value: Nanos) -> str: ...

    @abc.abstractmethod
    def array_literal(self, values: list[Any] | tuple[Any, ...]) -> str: ...

    @abc.abstractmethod
    def typed_literal(self, t: SqlType, value: Any) -> str:
        """``value`` as a literal for a column of type ``t`` (a Map, a Tuple, a DateTime64(3) ...)."""

    def typed_value(self, t: SqlType, value: Any) -> str:
        """``value`` as an expression of the column's type, outside an INSERT (where nothing converts it)."""
        return self.typed_literal(t, value)

    def rows_query(self, columns: tuple[str, ...], types: list[SqlType], rows: tuple[tuple[Any, ...], ...]) -> str:
        """A SELECT of ``rows`` as a table of those columns, typed as the table types them, plus ``mh_n``,
        each row's position."""
        return " UNION ALL ".join(
            f"SELECT {n} AS mh_n, "
            + ", ".join(f"{self.typed_value(t, v)} AS {ident(c)}" for c, t, v in zip(columns, types, row, strict=True))
            for n, row in enumerate(rows)
        )

    # ---- volume generated in the engine ---------------------------------------------------------------------

    @abc.abstractmethod
    def uuid_from(self, expr: str) -> str:
        """A deterministic lower-case UUID-formatted string from ``MD5(expr)``, the same in both dialects."""

    @abc.abstractmethod
    def text(self, prefix: str, idx: str) -> str:
        """``prefix`` followed by the number ``idx``."""

    @abc.abstractmethod
    def null_every_7th(self, idx: str, expr: str) -> str: ...

    @abc.abstractmethod
    def numbers(self, n: int) -> tuple[str, str]:
        """A FROM source of the numbers 0..n-1 and the expression naming the number in it."""

    @abc.abstractmethod
    def skewed(self, idx: str, count: int, orphans: bool) -> str:
        """A parent number for row ``idx``: parent k gets a share like (k/count)^3; with ``orphans`` 1% of
        the rows point past the last parent."""

    @abc.abstractmethod
    def value(self, t: SqlType, idx: str, name: str) -> str:
        """A plausible, never NULL value of type ``t`` for row ``idx``."""

    def bulk_settings(self) -> str:
        """What ends an INSERT of bulk volume: how production's parts of rows written long ago are laid out."""
        return ""

    def default_every_5th(self, idx: str, t: SqlType, default: str, expr: str) -> str:
        """``expr``, but the column's ``default`` in every 5th row: production rows hold their defaults."""
        return f"CASE WHEN {idx} % 5 = 3 THEN {default} ELSE {expr} END"

    @abc.abstractmethod
    def digit(self, idx: str, below: int, radix: int) -> str:
        """``idx``'s digit of weight ``below`` in a mixed-radix number: ``(idx // below) % radix``."""


class MySQLDataSQL(DataSQL):
    def nanos_literal(self, value: Nanos) -> str:
        raise ValueError(f"{value!r}: MySQL keeps microseconds at most; pass a datetime")

    def array_literal(self, values: list[Any] | tuple[Any, ...]) -> str:
        raise ValueError(f"mysql has no array literal; store {values!r} as JSON text")

    def typed_literal(self, t: SqlType, value: Any) -> str:
        if t.kind == "datetime" and isinstance(value, dt.datetime):
            return self.literal(stamp(value, t.scale))
        return self.literal(value)

    def typed_value(self, t: SqlType, value: Any) -> str:
        literal = self.typed_literal(t, value)
        if value is None:
            return literal
        if t.kind == "datetime":
            return f"CAST({literal} AS DATETIME({t.scale}))"
        if t.kind in ("date", "time"):
            return f"CAST({literal} AS {t.kind.upper()}{f'({t.scale})' if t.kind == 'time' else ''})"
        if t.kind == "decimal":
            return f"CAST({literal} AS DECIMAL({t.precision}, {t.scale}))"
        return literal

    def uuid_from(self, expr: str) -> str:
        parts = [f"CONCAT('{fixed}', SUBSTR(MD5({expr}), {a}, {b}))" for fixed, a, b in _UUID_PARTS]
        return f"LOWER(CONCAT_WS('-', {', '.join(parts)}))"

    def text(self, prefix: str, idx: str) -> str:
        return f"CONCAT('{prefix}', {idx})"

    def null_every_7th(self, idx: str, expr: str) -> str:
        return f"IF({idx} % 7 = 0, NULL, {expr})"

    def numbers(self, n: int) -> tuple[str, str]:
        return f"{mysql_numbers(n)} nn", "nn.i"

    def digit(self, idx: str, below: int, radix: int) -> str:
        return f"(({idx} DIV {below}) % {radix})"

    def skewed(self, idx: str, count: int, orphans: bool) -> str:
        skew = f"FLOOR({count} * POW((CRC32({idx}) % 1000000) / 1e6, 3))"
        return f"IF({idx} % 100 = 0, {count} + {idx} % 5, {skew})" if orphans else skew

    def value(self, t: SqlType, idx: str, name: str) -> str:
        k = t.kind
        if k in ("int", "bool", "year"):
            return f"({t.lo} + {idx} % {min(t.hi - t.lo + 1, 1_000_000)})"
        if k == "decimal":
            return f"CAST(({idx} % {10 ** min(t.precision, 5)}) / {10**t.scale} AS DECIMAL({t.precision}, {t.scale}))"
        if k == "float":
            return f"({idx} / 7)"
        if k == "uuid":
            return self.uuid_from(self.text(name, idx))
        if k in ("enum", "set"):
            return f"ELT(1 + {idx} % {len(t.values)}, {', '.join(map(quote, t.values))})"
        if k == "datetime":
            at = apart(idx, name)
            return (f"TIMESTAMP('2024-01-01') + INTERVAL ({at} * 7919) % 31536000 SECOND "
                    f"+ INTERVAL {at} % 999999 MICROSECOND")  # fmt: skip
        if k == "date":
            return f"DATE('2020-01-01') + INTERVAL {apart(idx, name)} % 3650 DAY"
        if k == "time":
            at = apart(idx, name)
            fraction = f" + {at} % 999983 / 1000000" if t.scale else ""
            return f"SEC_TO_TIME({at} % 86400{fraction})"
        if k == "json":
            return f"JSON_OBJECT('n', {idx})"
        if k == "ip":  # MariaDB's INET4/INET6: IPv4 addresses, and for INET6 half of them IPv6 ones
            v4 = f"INET_NTOA({idx} % 4294967296)"
            if t.length == 4:
                return v4
            return f"IF({idx} % 2 = 0, CONCAT('::ffff:', {v4}), CONCAT('2001:db8::', HEX({idx} % 65536)))"
        # The end, where the number is: values of a narrow column (CHAR(3) in a key) stay distinct.
        return f"RIGHT({self.text(name + ' ', idx)}, {t.length or 64})"


class ClickHouseDataSQL(DataSQL):
    def nanos_literal(self, value: Nanos) -> str:
        return quote(format_nanos(value))

    def array_literal(self, values: list[Any] | tuple[Any, ...]) -> str:
        return "[" + ", ".join(self.literal(v) for v in values) + "]"

    def typed_literal(self, t: SqlType, value: Any) -> str:
        kind = t.kind
        if value is None:
            return "NULL"
        if kind == "array":
            return "[" + ", ".join(self.typed_literal(t.items[0], x) for x in value) + "]"
        if kind == "map":
            pairs = [
                f"{self.typed_literal(t.items[0], k)}, {self.typed_literal(t.items[1], x)}" for k, x in value.items()
            ]
            return "map(" + ", ".join(pairs) + ")"
        if kind == "tuple":
            return "tuple(" + ", ".join(self.typed_literal(i, x) for i, x in zip(t.items, value, strict=True)) + ")"
        if kind == "bool":
            return "true" if value else "false"
        if kind == "aggregate":  # the state the function makes of these arguments, as an INSERT writes it
            arguments = ", ".join(self.typed_value(i, x) for i, x in zip(t.items, value, strict=True))
            return f"initializeAggregation({quote(_state_of(t.values[0]))}, {arguments})"
        if kind == "datetime":
            if isinstance(value, Nanos):
                text = format_nanos(value)
                return self.literal(text[: len(text) - 9 + t.scale].rstrip("."))
            return self.literal(stamp(value, 0))
        if kind == "decimal":
            return f"toDecimal256({self.literal(str(value))}, {t.scale})"
        return self.literal(value)

    def typed_value(self, t: SqlType, value: Any) -> str:
        # An Array, Map or Tuple cannot be Nullable: only a scalar's type takes the wrapper.
        raw = f"Nullable({t.raw})" if t.nullable and t.kind not in ("array", "map", "tuple") else t.raw
        return f"CAST({self.typed_literal(t, value)} AS {raw})"

    def uuid_from(self, expr: str) -> str:
        parts = [f"concat('{fixed}', substring(lower(hex(MD5({expr}))), {a}, {b}))" for fixed, a, b in _UUID_PARTS]
        return f"arrayStringConcat([{', '.join(parts)}], '-')"

    def text(self, prefix: str, idx: str) -> str:
        return f"concat('{prefix}', toString({idx}))"

    def null_every_7th(self, idx: str, expr: str) -> str:
        return f"if({idx} % 7 = 0, NULL, {expr})"

    def numbers(self, n: int) -> tuple[str, str]:
        return f"numbers({n})", "number"

    def digit(self, idx: str, below: int, radix: int) -> str:
        return f"(intDiv({idx}, {below}) % {radix})"

    def bulk_settings(self) -> str:
        # Rows production wrote long ago sit in large merged parts; the 100-row blocks a throwaway run writes
        # with (spec.CLICKHOUSE_MIGRATION_SETTINGS, merges held) made 20,000 rows some 2,400 parts, and every
        # mutation of the migration 100 s. Merges stay held: the newer versions' INSERT stays parts of its own.
        return " SETTINGS max_insert_block_size = 1048576, min_insert_block_size_rows = 1048576, max_block_size = 65536"

    def default_every_5th(self, idx: str, t: SqlType, default: str, expr: str) -> str:
        # A Decimal column's default reads as a Float64 literal: no common type with the generated value.
        return super().default_every_5th(idx, t, f"CAST({default} AS {t.raw})", expr)

    def skewed(self, idx: str, count: int, orphans: bool) -> str:
        skew = f"toUInt64(floor({count} * pow((cityHash64({idx}) % 1000000) / 1e6, 3)))"
        return f"if({idx} % 100 = 0, {count} + {idx} % 5, {skew})" if orphans else skew

    def value(self, t: SqlType, idx: str, name: str) -> str:
        from .bulk import value_expr  # nested types generate their items the same way

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
            expr = self.uuid_from(self.text(name, idx))
            return f"toUUID({expr})" if "UUID" in t.raw else expr
        if k == "enum":
            return f"[{', '.join(map(quote, t.values))}][1 + {idx} % {len(t.values)}]"
        if k == "datetime":
            at = apart(idx, name)
            if t.seconds_only:
                return f"toDateTime(1704067200 + cityHash64({at}) % 31536000, 'UTC')"
            return (
                f"fromUnixTimestamp64Nano(toInt64(1704067200000000000 + cityHash64({at}) % 31536000000000000), 'UTC')"
            )
        if k == "date":
            return f"toDate('2020-01-01') + {apart(idx, name)} % 3650"
        if k == "json":
            return f"concat('{{\"n\": ', toString({idx}), '}}')"
        if k == "array":
            return f"arrayMap(x -> {value_expr(t.items[0], 'x', name)}, range({idx} % 3))"
        if k == "map":
            return f"map({value_expr(t.items[0], idx, 'k', unique=True)}, {value_expr(t.items[1], idx, name)})"
        if k == "tuple":
            return "tuple(" + ", ".join(value_expr(i, idx, name) for i in t.items) + ")"
        if k == "variant":  # as its first type exactly: an Array(UInt32) is no Variant(Array(UInt8), ...)
            return f"CAST({value_expr(t.items[0], idx, name)} AS {t.items[0].raw})"
        if k == "aggregate":
            arguments = ", ".join(f"CAST({value_expr(i, idx, name)} AS {i.raw})" for i in t.items)
            return f"initializeAggregation({quote(_state_of(t.values[0]))}, {arguments})"
        if k == "ip":
            return f"toIPv4({idx})" if t.length == 4 else f"IPv4ToIPv6(toIPv4({idx}))"
        text = self.text(name + " ", idx)
        return f"right({text}, {t.length})" if t.length else text  # the number's end, as in MySQL


def _state_of(function: str) -> str:
    """The -State combinator of an aggregate function, before its parameters: ``quantiles(0.5)`` ->
    ``quantilesState(0.5)``."""
    name, paren, parameters = function.partition("(")
    return f"{name.strip()}State{paren}{parameters}"


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


DATA_SQL: dict[str, DataSQL] = {"mysql": MySQLDataSQL(), "clickhouse": ClickHouseDataSQL()}
