"""Values for one column type: the Hypothesis strategy, the edge values a fixed shape must contain, and a
realistic value (Faker by column name where it fits).

Datetimes are naive UTC ``datetime`` objects (MySQL, ClickHouse ``DateTime``) or :class:`Nanos`
(``DateTime64``), already truncated to the column's precision, so what is inserted is what reads back.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import random
import uuid
from typing import Any

from faker import Faker
from hypothesis import strategies as st

from . import values as v
from .types import SqlType
from .values import Nanos

# Longest string drawn for an unbounded type (TEXT, String): long enough for the cases, short enough to read.
UNBOUNDED_CHARS = 300
# The longest text generated: a MEDIUMTEXT's 4 million or a LONGTEXT's billion characters would be gigabytes
# per row (building them only to cut them took a minute of a run).
LONGEST_TEXT = UNBOUNDED_CHARS * 4
QUOTES = "O'Brien \"q\" \\ it''s"
EMOJI = "🧪"
NIL_UUID, MAX_UUID = "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"
_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def char_limit(t: SqlType) -> int:
    return t.length if t.length is not None else UNBOUNDED_CHARS


def fit(t: SqlType, text: str) -> str:
    """``text`` cut to what the column holds: characters for MySQL, bytes for FixedString/BINARY; a CHAR
    drops trailing spaces on read, a binary or narrow-charset column keeps to ASCII."""
    if t.bytes_:
        text = "".join(c if " " <= c <= "~" else "?" for c in text)
    if t.length_in_bytes and t.length is not None:
        raw = text.encode()[: t.length]
        text = raw.decode(errors="ignore")
    elif t.length is not None:
        text = text[: min(t.length, LONGEST_TEXT)]
    if t.fixed:
        text = text.rstrip(" \x00")
    return text


def truncate_micros(value: dt.datetime, digits: int) -> dt.datetime:
    step = 10 ** (6 - min(digits, 6))
    return value.replace(microsecond=value.microsecond // step * step)


def truncate_nanos(value: int, digits: int) -> Nanos:
    step = 10 ** (9 - digits)
    return Nanos(value // step * step)


def _instant(t: SqlType, value: dt.datetime, nanos: int = 0) -> Any:
    """``value`` as this column stores it."""
    lo, hi = t.time_range
    value = min(max(value, lo), hi)
    if t.nanos:
        return truncate_nanos(Nanos.of(value, nanos), t.scale)
    return truncate_micros(value, 0 if t.seconds_only else t.scale)


def _time_of_day(t: SqlType, clock: str, micros: int) -> str:
    """``clock`` with as many digits of ``micros`` as the TIME column keeps."""
    return f"{clock}.{micros:06d}"[: 9 + t.scale] if t.scale else clock


# Exact for every DECIMAL a server has (MySQL up to 65 digits, ClickHouse Decimal256 up to 76); the default
# context's 28 digits rounded DECIMAL(65,30)'s largest value past the column.
_EXACT = decimal.Context(prec=100)


def _float_max(t: SqlType) -> float:
    """The largest value the column stores: its type's, or FLOAT(M,D)'s M digits with D after the point."""
    if t.precision:
        return round(10.0 ** (t.precision - t.scale) - 10.0**-t.scale, t.scale)
    return 3.4e38 if t.length == 32 else 1.7976931348623157e308


def _float_fits(t: SqlType, value: float) -> bool:
    fits_digits = not t.precision or (abs(value) <= _float_max(t) and round(value, t.scale) == value)
    return fits_digits and not (t.unsigned and value < 0)


def _decimal_max(t: SqlType) -> decimal.Decimal:
    whole = decimal.Decimal(10 ** (t.precision - t.scale) - 1)
    return _EXACT.add(whole, _EXACT.subtract(1, decimal.Decimal(1).scaleb(-t.scale))) if t.scale else whole


# ---- edge values ---------------------------------------------------------------------------------------


def boundaries(t: SqlType, literal: str) -> list[Any]:
    """The values around a constant a filter compares the column with (``status >= 500``: 499, 500, 501;
    ``created_on < '2020-01-01'``: the day before, the day, the day after): where ``>`` and ``>=`` part ways.
    Only values the column holds; [] for a constant of another kind."""
    return [x for x in line(t, literal) or () if x is not None]


def line(t: SqlType, literal: str) -> tuple[Any, Any, Any] | None:
    """(below, on, above) a filter's constant as values of the column, each None where the column cannot hold
    it; None for a constant of another kind. Text and ENUM values have only ``on``."""
    text = literal[1:-1].replace("''", "'") if literal.startswith("'") else literal

    def held(values: tuple[Any, Any, Any], fits: Any) -> tuple[Any, Any, Any]:
        return tuple(x if fits(x) else None for x in values)  # type: ignore[return-value]

    try:
        if t.kind in ("int", "year"):
            n = int(text)
            return held((n - 1, n, n + 1), lambda x: t.lo <= x <= t.hi)
        if t.kind == "decimal":
            unit, top = decimal.Decimal(1).scaleb(-t.scale), _decimal_max(t)
            d = decimal.Decimal(text).quantize(unit)
            return held((d - unit, d, d + unit), lambda x: -top <= x <= top and (x >= 0 or not t.unsigned))
        if t.kind == "float":
            return held((float(text) - 1, float(text), float(text) + 1), lambda x: _float_fits(t, x))
        if t.kind == "date":
            day, (lo, hi) = dt.date.fromisoformat(text[:10]), t.date_range
            one = dt.timedelta(days=1)
            return held((day - one, day, day + one), lambda x: lo <= x <= hi)
        if t.kind == "datetime":
            at, (lo, hi) = dt.datetime.fromisoformat(text), t.time_range
            digits = 0 if t.seconds_only else min(t.scale, 6)
            tick = dt.timedelta(microseconds=10 ** (6 - digits))
            below, on, above = held((at - tick, at, at + tick), lambda x: lo <= x <= hi)
            return tuple(None if x is None else _instant(t, x) for x in (below, on, above))  # type: ignore[return-value]
    except ValueError:  # not a constant of the column's kind ('2020-13-45', 'abc' against an INT)
        return None
    if t.kind == "string" and len(text) <= char_limit(t):
        return None, text, None
    if t.kind == "enum" and text in t.values:
        return None, text, None
    return None


def relative_line(t: SqlType, at: dt.datetime) -> tuple[Any, Any, Any] | None:
    """(a day below, None, a day above) a line that moves with the clock (``NOW() - INTERVAL 90 DAY``): not on
    it, since it moves between the migration and the check; a day either side stays on its side all day."""
    one = dt.timedelta(days=1)
    if t.kind == "date":
        (lo, hi), day = t.date_range, at.date()
        below, above = (x if lo <= x <= hi else None for x in (day - one, day + one))
        return below, None, above
    if t.kind == "datetime":
        (lo, hi), whole = t.time_range, at.replace(microsecond=0)
        below, above = (_instant(t, x) if lo <= x <= hi else None for x in (whole - one, whole + one))
        return below, None, above
    return None


def edges(t: SqlType) -> list[Any]:
    """The values of this type that break migrations, each valid for the column (NULL first when allowed)."""
    found = ([None] if t.nullable else []) + _edges(t)
    unique: list[Any] = []
    for value in found:
        if value not in unique or value is None:
            unique.append(value)
    return unique


def _edges(t: SqlType) -> list[Any]:
    kind = t.kind
    if kind in ("int", "year"):
        return [x for x in (0, 1, t.lo, t.hi, -1) if t.lo <= x <= t.hi]
    if kind == "bool":
        return [0, 1]
    if kind == "decimal":
        top, step = _decimal_max(t), decimal.Decimal(1).scaleb(-t.scale)
        decimals = [decimal.Decimal(0), top, top.copy_negate(), step, step.copy_negate()]
        return [d for d in decimals if d >= 0] if t.unsigned else decimals
    if kind == "float":
        largest = _float_max(t)
        return [v for v in (0.0, 1.5, -2.25, largest, -largest) if _float_fits(t, v)]
    if kind == "string":
        n = min(char_limit(t), LONGEST_TEXT)
        full = fit(t, ("x" + EMOJI) * n)
        return [fit(t, s) for s in ["", QUOTES, f"naïve 日本語 {EMOJI}", "NULL", " trailing "]] + [full]
    if kind == "uuid":
        return [NIL_UUID, MAX_UUID, str(uuid.UUID(int=(1 << 76) | (7 << 76) | (2 << 62)))]
    if kind == "enum":
        return list(t.values)
    if kind == "set":
        return ["", ",".join(t.values), *list(t.values[:1])]
    if kind == "date":
        lo, hi = t.date_range
        return [lo, hi, dt.date(2000, 2, 29)]
    if kind == "datetime":
        lo, hi = t.time_range
        leap = dt.datetime(2000, 2, 29, 23, 59, 59, 999999)
        before_epoch = dt.datetime(1969, 12, 31, 23, 59, 59, 999999)
        found = [_instant(t, lo), _instant(t, hi, 999), _instant(t, leap, 999)]
        if lo < before_epoch:
            found.append(_instant(t, before_epoch, 999))
        return found
    if kind == "time":
        found = ["00:00:00", "838:59:59", "-838:59:59"]
        if t.scale:  # a fraction a TIME without one would cut off, and one just below zero
            found += [f"23:59:59.{'9' * t.scale}", f"-00:00:00.{'0' * (t.scale - 1)}1"]
        return found
    if kind == "json":
        nested = json.dumps({"q": QUOTES, "e": EMOJI, "n": None, "deep": {"a": [1, 2.5, True]}}, ensure_ascii=False)
        return ["{}", nested] if t.dialect == "clickhouse" else ["{}", "[]", nested]  # ClickHouse JSON: objects only
    if kind == "variant":
        return [e for item in t.items for e in _edges(item)[:2]]
    if kind == "aggregate":  # the state of one row's arguments: the items' edges side by side
        firsts = [_edges(item) for item in t.items]
        return [tuple(e[min(n, len(e) - 1)] for e in firsts) for n in range(max(len(e) for e in firsts))]
    if kind == "array":
        inner = _edges(t.items[0])
        return [[], inner[:3]]
    if kind == "map":
        keys = [k for k in _edges(t.items[0]) if k is not None]
        values = edges(t.items[1])
        return [{}, dict(zip(keys[:3], values[:3], strict=False))]
    if kind == "tuple":
        return [tuple(_edges(i)[0] for i in t.items), tuple(_edges(i)[-1] for i in t.items)]
    if kind == "ip":
        if t.length == 4:
            return ["0.0.0.0", "255.255.255.255"]
        # An IPv4 address stored as IPv6 (both engines keep it IPv4-mapped), the loopback, the top address.
        return ["::", "::ffff:192.0.2.1", "2001:db8::ff00:42:8329", "::1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]
    return []


# ---- Hypothesis strategies -----------------------------------------------------------------------------


def strategy(t: SqlType, *, allow_null: bool = True) -> st.SearchStrategy[Any]:
    """Any valid value of the type, its edge values drawn often (NULL first, so examples shrink towards it)."""
    inner = _strategy(t)
    picks = [e for e in _edges(t)]
    if picks:
        inner = st.one_of(st.sampled_from(picks), inner)
    return st.one_of(st.none(), inner) if t.nullable and allow_null else inner


def _strategy(t: SqlType) -> st.SearchStrategy[Any]:
    kind = t.kind
    if kind in ("int", "year", "bool"):
        return st.integers(t.lo, t.hi)
    if kind == "decimal":
        top = _decimal_max(t)
        low = decimal.Decimal(0) if t.unsigned else top.copy_negate()
        return st.decimals(low, top, places=t.scale, allow_nan=False, allow_infinity=False)
    if kind == "float":
        if t.precision:  # FLOAT(M,D): D digits after the point kept
            largest = _float_max(t)
            return st.floats(0.0 if t.unsigned else -largest, largest, allow_nan=False).map(
                lambda f: round(f, t.scale) + 0.0
            )
        return st.floats(
            min_value=0.0 if t.unsigned else None, allow_nan=False, allow_infinity=False,
            width=32 if t.length == 32 else 64,
        ).map(lambda f: f + 0.0)  # -0.0 reads back as 0  # fmt: skip
    if kind == "string":
        if t.bytes_:
            return st.text(_ASCII, max_size=min(char_limit(t), 40)).map(lambda s: fit(t, s))
        return v.text(min(char_limit(t), LONGEST_TEXT)).map(lambda s: fit(t, s))
    if kind == "uuid":
        return v.uuids()
    if kind == "enum":
        return st.sampled_from(t.values)
    if kind == "set":
        return st.sets(st.sampled_from(t.values)).map(lambda s: ",".join(x for x in t.values if x in s))
    if kind == "date":
        lo, hi = t.date_range
        return st.dates(lo, hi)
    if kind == "datetime":
        lo, hi = t.time_range
        return st.builds(lambda d, n: _instant(t, d, n), st.datetimes(lo, hi), st.integers(0, 999))
    if kind == "time":
        return st.times().map(lambda x: _time_of_day(t, x.strftime("%H:%M:%S"), x.microsecond))
    if kind == "json":
        return v.json_documents(3)
    if kind == "variant":
        return st.one_of(*(strategy(item, allow_null=False) for item in t.items))
    if kind == "aggregate":
        return st.tuples(*(strategy(item) for item in t.items))
    if kind == "array":
        return st.lists(strategy(t.items[0]), max_size=3)
    if kind == "map":
        return st.dictionaries(strategy(t.items[0], allow_null=False), strategy(t.items[1]), max_size=3)
    if kind == "tuple":
        return st.tuples(*(strategy(i) for i in t.items))
    if kind == "ip":
        return st.ip_addresses(v=6 if t.length == 6 else 4).map(str)
    return st.nothing()


# ---- realistic values ----------------------------------------------------------------------------------

# Column-name words -> Faker provider, for the fixed shape's realistic rows.
_FAKER_BY_NAME = (
    (("email", "mail"), "email"),
    (("first_name", "firstname", "given_name"), "first_name"),
    (("last_name", "lastname", "surname", "family_name"), "last_name"),
    (("full_name", "fullname", "display_name", "name"), "name"),
    (("url", "link", "website", "homepage"), "url"),
    (("created_by", "updated_by", "author", "owner", "user", "username", "login", "actor"), "user_name"),
    (("description", "comment", "text", "body", "note", "summary", "message"), "sentence"),
    (("title", "subject", "label"), "catch_phrase"),
    (("city",), "city"),
    (("country",), "country"),
    (("phone",), "phone_number"),
    (("company", "organization", "org"), "company"),
    (("address",), "address"),
    (("ip",), "ipv4"),
)
_JSON_NAMES = ("data", "metadata", "payload", "settings", "snapshot", "attributes", "attrs", "config", "properties")


def faker_provider(column: str) -> str | None:
    """The Faker provider a column's name suggests (``billing_email`` -> ``email``), or None."""
    name = column.lower()
    for words, provider in _FAKER_BY_NAME:
        if name in words or any(name.endswith("_" + w) or name.startswith(w + "_") for w in words):
            return provider
    return None


def realistic(t: SqlType, column: str, fake: Faker, rnd: random.Random) -> Any:
    """A plausible production value of the column (never NULL, never an edge value on purpose)."""
    kind = t.kind
    if kind == "string":
        provider = faker_provider(column)
        if column.lower() in _JSON_NAMES and not t.bytes_:
            text = json.dumps({fake.word(): fake.sentence(), "n": rnd.randrange(100)}, ensure_ascii=False)
        elif provider:
            text = str(getattr(fake, provider)()).replace("\n", ", ")
        elif column.lower().endswith("id"):
            text = f"{column.lower().removesuffix('_id').removesuffix('id') or 'id'}-{rnd.randrange(1, 10**6)}"
        else:
            text = fake.word() + " " + fake.word()
        return fit(t, text)
    if kind == "uuid":
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    if kind in ("int", "year"):
        return min(max(rnd.randrange(1, 10_000), t.lo), t.hi)
    if kind == "bool":
        return rnd.randrange(2)
    if kind == "decimal":
        top = min(_decimal_max(t), decimal.Decimal(100_000))
        share = _EXACT.multiply(_EXACT.divide(rnd.randrange(0, 10**6), 10**6), top)
        return share.quantize(decimal.Decimal(1).scaleb(-t.scale), context=_EXACT)
    if kind == "float":
        return round(rnd.uniform(0, min(1000.0, _float_max(t))), min(2, t.scale) if t.precision else 2)
    if kind == "enum":
        return rnd.choice(t.values)
    if kind == "set":
        return t.values[0] if t.values else ""
    if kind == "date":
        return fake.date_between(dt.date(2020, 1, 1), dt.date(2025, 12, 1))
    if kind == "datetime":
        when = fake.date_time_between(dt.datetime(2023, 1, 1), dt.datetime(2025, 12, 1))
        return _instant(t, when.replace(microsecond=rnd.randrange(1, 10**6)), rnd.randrange(1, 1000))
    if kind == "time":
        clock = f"{rnd.randrange(24):02d}:{rnd.randrange(60):02d}:{rnd.randrange(60):02d}"
        return _time_of_day(t, clock, rnd.randrange(10**6))
    if kind == "json":
        return json.dumps({"source_file": fake.file_name(), "page": rnd.randrange(99)}, ensure_ascii=False)
    if kind == "variant":
        return realistic(t.items[rnd.randrange(len(t.items))], column, fake, rnd)
    if kind == "aggregate":
        return tuple(realistic(item, column, fake, rnd) for item in t.items)
    if kind == "array":
        return [realistic(t.items[0], column, fake, rnd) for _ in range(rnd.randrange(1, 3))]
    if kind == "map":
        return {realistic(t.items[0], "key", fake, rnd): realistic(t.items[1], column, fake, rnd)}
    if kind == "tuple":
        return tuple(realistic(i, n, fake, rnd) for i, n in zip(t.items, t.names or ("x",) * len(t.items), strict=True))
    if kind == "ip":
        return fake.ipv4() if t.length == 4 else fake.ipv6()
    return None


def later(t: SqlType, value: Any, steps: int) -> Any:
    """A version value ``steps`` units after (or before, when negative) ``value``, inside the type's range;
    None when there is none (an integer at its bound)."""
    if isinstance(value, Nanos):
        lo, hi = t.time_range
        nanos = Nanos(value + steps * 1_234_567 * 10 ** (9 - t.scale))
        return nanos if Nanos.of(lo) <= nanos <= Nanos.of(hi, 999) else None
    if isinstance(value, dt.datetime):
        lo, hi = t.time_range
        instant = value + dt.timedelta(seconds=steps * 3601)
        return instant if lo <= instant <= hi else None
    if isinstance(value, int):
        number = value + steps
        return number if t.lo <= number <= t.hi else None
    return None
