"""Edge-case value strategies: the strings, NULLs and timestamps that break migrations.

Limits are in characters, as MySQL ``VARCHAR(n)`` counts them (an emoji is one character in utf8mb4).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from hypothesis import strategies as st

UTC = dt.UTC

# Strings that have broken escaping, collation or length checks in real migrations.
NASTY_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "O'Brien",
    "it''s",
    'say "hi"',
    "back\\slash",
    "trailing\\",
    "\\'",
    "tab\tnew\nline\r",
    "naïve café",
    "日本語のデータセット",
    "עברית",
    "emoji 🧪🚀👩‍👩‍👧",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "%_%",
    "NULL",
    "null",
    "; DROP TABLE datasets; --",
    "${ANALYTICS_DB_DATABASE_NAME}",
)

# Characters both engines store and return verbatim: no surrogates, no NUL (C strings in some drivers).
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
_CHARS = st.characters(blacklist_categories=_SURROGATES, blacklist_characters="\x00")


class Nanos(int):
    """Nanoseconds since the Unix epoch (UTC); reprs as a readable timestamp for falsifying examples."""

    def __repr__(self) -> str:
        return f"Nanos({format_nanos(self)!r})"

    @classmethod
    def of(cls, value: dt.datetime, nanos: int = 0) -> Nanos:
        """``value`` (naive = UTC) plus ``nanos`` extra nanoseconds below the microsecond."""
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        delta = aware - dt.datetime(1970, 1, 1, tzinfo=UTC)
        micros = (delta.days * 86400 + delta.seconds) * 10**6 + delta.microseconds
        return cls(micros * 1000 + nanos)


def format_nanos(value: int) -> str:
    """``YYYY-MM-DD hh:mm:ss.nnnnnnnnn`` in UTC, exact (no float on the way)."""
    seconds, nanos = divmod(int(value), 10**9)
    base = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)
    return f"{base:%Y-%m-%d %H:%M:%S}.{nanos:09d}"


def format_micros(value: dt.datetime) -> str:
    """``YYYY-MM-DD hh:mm:ss.ffffff``; aware values are converted to UTC first."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"


def text(max_chars: int, min_chars: int = 0) -> st.SearchStrategy[str]:
    """Arbitrary unicode up to ``max_chars``, biased towards nasty strings and exactly-maximum length."""
    nasty = [s for s in NASTY_STRINGS if min_chars <= len(s) <= max_chars]
    full = st.builds(lambda c: (c * max_chars)[:max_chars], st.sampled_from(["x", "é", "🧪", "'", "\\"]))
    return st.one_of(
        st.sampled_from(nasty) if nasty else st.nothing(),
        full,
        st.text(_CHARS, min_size=min_chars, max_size=max_chars),
    )


def nullable(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """``strategy`` or NULL, NULL drawn often enough to show up in small examples."""
    return st.one_of(st.none(), strategy)


def uuids() -> st.SearchStrategy[str]:
    """Lower-case UUID strings; v4 and v7-like (time-ordered), whose sort orders differ."""
    return st.one_of(
        st.uuids(version=4).map(str),
        st.builds(_uuid7_like, st.integers(0, 2**48 - 1), st.integers(0, 2**74 - 1)),
    )


def _uuid7_like(millis: int, rand: int) -> str:
    value = (millis << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & (2**62 - 1))
    return str(uuid.UUID(int=value))


def json_documents(max_keys: int = 4) -> st.SearchStrategy[str]:
    """Small JSON objects (as text, the way the application stores them) with nasty keys and values."""
    import json

    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), text(40))
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
    return st.dictionaries(text(20), values, max_size=max_keys).map(
        lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True)
    )
