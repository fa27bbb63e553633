"""Row-level differences between two tables on one server, found in SQL and shown as a DBA reads them.

Snapshots copy a database's tables into a scratch database on the same server, so that a state from
before a migration can later be compared row by row with the state after a rollback.
"""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import uuid
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from .dialects import ident, qualified
from .engines import Column, Engine, Row
from .findings import Finding, Kind
from .fingerprints import Fingerprint, by_table, fingerprint, key_columns, schema_differences

EXAMPLES = 5


@dataclass
class RowDiff:
    table: str
    columns: list[str]
    keys: list[str]
    only_before: list[tuple[object, ...]] = field(default_factory=list)  # rows (with multiplicity) lost
    only_after: list[tuple[object, ...]] = field(default_factory=list)  # rows gained
    lost: int = 0
    gained: int = 0

    def finding(self, database: str, before: str, after: str, losses_only: bool = False) -> Finding | None:
        """The difference as one finding with example rows, or None; ``losses_only`` speaks only of rows
        that were there ``before`` (changed or gone)."""
        if not (self.lost or (self.gained and not losses_only)):
            return None
        kind = Kind.ROWS_LOST if losses_only else Kind.ROWS_DIFFER
        facts = {"lost": self.lost, "gained": self.gained, "before": before, "after": after}
        count = self.lost if losses_only else self.lost + self.gained
        examples = tuple(f"\n  {line}" for line in self._examples(before, after, losses_only))
        changed = self.changed_values()  # where the example rows only changed values: the columns that did
        column = ", ".join(changed) if changed else ""
        return Finding(kind, database, self.table, column, count=count, examples=examples, facts=facts)

    def _by_key(self) -> Iterator[tuple[tuple[object, ...], tuple[object, ...], tuple[object, ...] | None]]:
        """Each lost example row with its key and the gained row of that key (None: none, or no key)."""
        key_idx = [self.columns.index(k) for k in self.keys if k in self.columns]
        after_by_key = {tuple(r[i] for i in key_idx): r for r in self.only_after} if key_idx else {}
        for row in self.only_before:
            key = tuple(row[i] for i in key_idx)
            yield key, row, after_by_key.get(key)

    def changed_values(self) -> dict[str, list[tuple[object, object]]] | None:
        """Per column, the (before, after) values that differ between the example rows found on both sides by
        key; None when some example row is on one side only (then more than values changed)."""
        if not self.keys or len(self.only_before) != len(self.only_after):
            return None
        changed: dict[str, list[tuple[object, object]]] = {}
        for _, row, other in self._by_key():
            if other is None:
                return None
            for c, a, b in zip(self.columns, row, other, strict=True):
                if a != b:
                    changed.setdefault(c, []).append((a, b))
        return changed

    def _examples(self, before: str, after: str, losses_only: bool) -> list[str]:
        lines = []
        key_idx = [self.columns.index(k) for k in self.keys if k in self.columns]
        shown_after = set()
        for key, row, other in self._by_key():
            if other is not None:
                shown_after.add(key)
                changes = [
                    f"{c}: {show_value(a)} -> {show_value(b)}"
                    for c, a, b in zip(self.columns, row, other, strict=True)
                    if a != b
                ]
                lines.append(f"changed {_key(self.keys, key)}: {'; '.join(changes)}")
            else:
                lines.append(f"only {before}: {_row(self.columns, row, key_idx)}")
        for key, row in {tuple(r[i] for i in key_idx): r for r in self.only_after}.items():
            if key not in shown_after and not losses_only:
                lines.append(f"only {after}: {_row(self.columns, row, key_idx)}")
        return lines


_SHOWN_AS_TEXT = (dt.date, dt.time, dt.timedelta, uuid.UUID, ipaddress.IPv4Address, ipaddress.IPv6Address)


def show_value(value: object, width: int = 60) -> str:
    """A value as a failure message shows it: repr, bytes decoded (as hex, the way MySQL shows binary, when
    they are not text: a BIT, a BINARY(16) UUID), decimals as their digits, dates, times, UUIDs and IP
    addresses quoted as the databases print them (not ``datetime.date(2024, 5, 31)``), long ones cut."""
    if isinstance(value, decimal.Decimal):
        text = str(value)
    elif isinstance(value, _SHOWN_AS_TEXT):
        text = repr(_as_printed(value))
    elif isinstance(value, bytes) and not _is_text(value):
        text = "0x" + value.hex().upper()
    else:
        text = repr(value.decode() if isinstance(value, bytes) else value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _as_printed(value: object) -> str:
    if isinstance(value, dt.timedelta):  # a MySQL TIME: hours beyond a day, as the server prints it
        micros = value // dt.timedelta(microseconds=1)
        seconds, fraction = divmod(abs(micros), 1_000_000)
        text = f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" + (
            f".{fraction:06d}" if fraction else ""
        )
        return f"-{text}" if micros < 0 else text
    if isinstance(value, ipaddress.IPv6Address) and value.ipv4_mapped is not None:
        return f"::ffff:{value.ipv4_mapped}"  # as MariaDB and ClickHouse print it (Python 3.11 gives hex)
    return str(value)


def _is_text(data: bytes) -> bool:
    try:
        decoded = data.decode()
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\t\n\r" for c in decoded)


def _key(keys: Sequence[str], values: Sequence[object]) -> str:
    return ", ".join(f"{k}={show_value(v)}" for k, v in zip(keys, values, strict=False))


def _row(columns: Sequence[str], row: Sequence[object], key_idx: Sequence[int]) -> str:
    order = list(key_idx) + [i for i in range(len(columns)) if i not in key_idx]
    shown = ", ".join(f"{columns[i]}={show_value(row[i], 40)}" for i in order[:8])
    return shown + (", ..." if len(order) > 8 else "")


BUCKETS = 4096  # per-bucket summaries are small to fetch; a differing row drags ~rows/BUCKETS others along
MAX_RANGES = 256  # more key ranges than this are read back by a scan, not the index
# Keys beyond +-2^62 are bucketed by hash: ``key - low`` in the engine must stay inside a signed 64-bit integer
# (ClickHouse computes UInt64 - UInt8 as Int64: a UInt64 key above 2^63 got a negative bucket, and its rows
# were never read back, so a lost row at the type's edge went unreported).
WIDE_KEY = 2**62


def diff_rows(
    engine: Engine,
    before: str,
    after: str,
    columns: Sequence[str],
    table: str,
    keys: Sequence[str],
    types: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {}),
) -> RowDiff:
    """Multiset difference of two qualified tables over ``columns``, counted and sampled inside the engine.

    One aggregate pass per table (both at once where the engine allows) sums a strong row checksum per
    bucket of the key; only the rows of buckets whose count or checksum differ are then grouped value by
    value, which keeps the counts exact (and equal as the engine compares). ``types`` (column -> declared
    type, before and after) lets floats be checksummed exactly and a whole-number key be cut into ranges,
    so that the differing buckets are read back through the key's index instead of another scan."""
    sql = engine.sql
    buckets = _Buckets.of(engine, before, after, [k for k in keys if k in columns], types) or _Buckets(
        f"({sql.key_hash([ident(k) for k in keys if k in columns] or [ident(c) for c in columns])}) % {BUCKETS}"
    )
    summaries = []
    for source, declared in zip((before, after), types, strict=True):
        sums = sql.row_checksums([sql.exact_value(ident(c), declared.get(c, "")) for c in columns])
        summaries.append(
            f"SELECT {buckets.expression} AS mh_b, COUNT(*), {', '.join(sums)} FROM {source} GROUP BY mh_b"
        )
    sides = [{int(r[0]): tuple(str(v) for v in r[1:]) for r in rows} for rows in side_by_side(engine, summaries)]
    differing = sorted(b for b in sides[0].keys() | sides[1].keys() if sides[0].get(b) != sides[1].get(b))
    result = RowDiff(table, list(columns), list(keys))
    if differing:
        where = buckets.where(differing)
        _count_and_sample(engine, result, before + where, after + where)
    return result


@dataclass
class _Buckets:
    """How rows are spread over buckets: a hash of the key, or ranges of a whole-number key (NULL keys in a
    bucket of their own, number BUCKETS)."""

    number: str  # a row's bucket number (NULL for a NULL key)
    key: str = ""
    low: int = 0
    width: int = 1

    @property
    def expression(self) -> str:
        return f"COALESCE({self.number}, {BUCKETS})"

    @classmethod
    def of(
        cls, engine: Engine, before: str, after: str, keys: Sequence[str], types: Sequence[Mapping[str, str]]
    ) -> _Buckets | None:
        if len(keys) != 1 or not all(engine.sql.integer_type(side.get(keys[0], "")) for side in types):
            return None
        key = ident(keys[0])
        ends = [v for t in (before, after) for v in engine.query(f"SELECT MIN({key}), MAX({key}) FROM {t}")[0]]
        if None in ends:
            return None
        low, high = min(int(v) for v in ends), max(int(v) for v in ends)
        if low < -WIDE_KEY or high > WIDE_KEY:  # key - low could overflow 64 bits in the engine: hash instead
            return None
        width = -(-(high - low + 1) // BUCKETS)
        return cls(engine.sql.range_bucket(key, low, width), key, low, width)

    def where(self, differing: Sequence[int]) -> str:
        """A WHERE clause selecting the rows of the ``differing`` buckets: key ranges the index can read, where
        there are few enough, else the bucket expression itself."""
        if len(differing) >= BUCKETS:
            return ""
        ranges: list[list[int]] = []
        for bucket in (b for b in differing if b != BUCKETS):
            if ranges and ranges[-1][1] == bucket - 1:
                ranges[-1][1] = bucket
            else:
                ranges.append([bucket, bucket])
        if not self.key or len(ranges) > MAX_RANGES:
            return f" WHERE {self.expression} IN ({', '.join(map(str, differing))})"
        parts = [
            f"{self.key} BETWEEN {self.low + first * self.width} AND {self.low + (last + 1) * self.width - 1}"
            for first, last in ranges
        ]
        if BUCKETS in differing:
            parts.append(f"{self.key} IS NULL")
        return f" WHERE {' OR '.join(parts)}"


def side_by_side(engine: Engine, queries: Sequence[str]) -> list[list[Row]]:
    """The two tables' summaries, each a full scan: at once on two sessions where the engine has them."""
    other = engine.sibling()
    if other is None:
        return [engine.query(q) for q in queries]
    with ThreadPoolExecutor(1) as pool:
        second = pool.submit(other.query, queries[1])
        return [engine.query(queries[0]), second.result()]


def _count_and_sample(engine: Engine, result: RowDiff, before: str, after: str) -> None:
    """Exact lost/gained counts of the rows ``before`` and ``after`` select (a table, maybe with a WHERE) and up to
    EXAMPLES rows of each side, in one statement: the rows grouped by value, then counted and ranked by key."""
    cols = ", ".join(ident(c) for c in result.columns)
    order = ", ".join(ident(k) for k in result.keys if k in result.columns) or "mh_n"
    grouped = (
        f"SELECT {cols}, SUM(mh_side) AS mh_n FROM ("
        f"SELECT {cols}, 1 AS mh_side FROM {before} UNION ALL SELECT {cols}, -1 AS mh_side FROM {after}"
        f") mh_u GROUP BY {cols} HAVING SUM(mh_side) <> 0"
    )
    ranked = (
        f"SELECT {cols}, mh_n, "
        "SUM(CASE WHEN mh_n > 0 THEN mh_n ELSE 0 END) OVER () AS mh_lost, "
        "SUM(CASE WHEN mh_n < 0 THEN -mh_n ELSE 0 END) OVER () AS mh_gained, "
        f"ROW_NUMBER() OVER (PARTITION BY mh_n > 0 ORDER BY {order}) AS mh_rank FROM ({grouped}) mh_g"
    )
    width = len(result.columns)
    rows = engine.query(f"SELECT * FROM ({ranked}) mh_r WHERE mh_rank <= {EXAMPLES} ORDER BY mh_rank")
    for row in rows:
        result.lost, result.gained = int(row[width + 1]), int(row[width + 2])
        (result.only_before if int(row[width]) > 0 else result.only_after).append(tuple(row[:width]))


@dataclass
class Snapshot:
    """A copy of a database's tables (outside Liquibase's bookkeeping) taken at one moment.

    ``volatile`` (``table.column``) is left out of every comparison with it, so a snapshot compares the same
    way wherever it is used."""

    source: Engine
    store: Engine
    fingerprint: Fingerprint
    label: str
    volatile: tuple[str, ...] = ()

    def compare(
        self,
        current: Engine | None = None,
        losses_only: bool = False,
        ignore: Sequence[str] = (),
        read_final: Collection[str] = (),
    ) -> list[Finding]:
        """Everything that differs between this snapshot and the current state;
        ``losses_only``: only what existed then and is gone or changed now (see :func:`compare_states`)."""
        current = current or self.source
        return compare_states(
            self.fingerprint,
            self.store.database,
            current,
            self.volatile,
            self.label,
            "now",
            losses_only,
            ignore,
            read_final,
        )


def compare_states(
    before: Fingerprint,
    before_database: str,
    current: Engine,
    volatile: Sequence[str] = (),
    before_label: str = "before",
    after_label: str = "now",
    losses_only: bool = False,
    ignore: Sequence[str] = (),
    read_final: Collection[str] = (),
) -> list[Finding]:
    """Schema and row differences between a recorded state (rows kept in ``before_database`` on the same
    server) and ``current``'s database. Cheap when equal: only fingerprints are compared.

    ``before`` must have been fingerprinted with the same ``volatile``. With ``losses_only`` rows and tables
    that are new are fine; a row that existed before must still exist with the same values (in the columns
    that existed before, volatile ones aside), and no table or column may be gone. ``ignore`` lists more
    ``table.column`` (or ``table.*``) values that may differ: columns the migration is meant to change.
    ``read_final`` tables (the application reads them ``FINAL``) compare as read so where they merge rows:
    a row a re-run wrote again is a duplicate the merge drops, not a difference."""
    ignored = by_table(ignore)
    whole = {table for table, columns in ignored.items() if "*" in columns}
    before = replace(before, tables={t: f for t, f in before.tables.items() if t not in whole})
    now = fingerprint(current, volatile)
    now = replace(now, tables={t: f for t, f in now.tables.items() if t not in whole})
    problems = [  # a column the migration is meant to change may also be meant to go (the contract step)
        p for p in schema_differences(before, now, losses_only)
        if not (p.kind is Kind.COLUMN_MISSING and p.column in ignored.get(p.table, set()))
    ]  # fmt: skip
    for table, old in before.tables.items():
        new = now.tables.get(table)
        skip = ignored.get(table, set())
        if new is None or (old.rows, old.digest, old.hashed) == (new.rows, new.digest, new.hashed):
            continue
        new_names = set(new.hashed)
        shared = [c for c in old.hashed if c in new_names and c not in skip]
        as_read = losses_only or table in read_final
        read = _as_the_table_reads(current, before_database, old.name, new.name) if as_read else ""
        diff = diff_rows(
            current,
            qualified(before_database, old.name) + read,  # the names each database has (Engine.stable_names)
            qualified(current.database, new.name) + read,
            shared,
            table,
            key_columns(current, new.name, shared),
            ({c.name: c.type for c in old.columns}, {c.name: c.type for c in new.columns}),
        )
        found = diff.finding(current.database, before_label, after_label, losses_only)
        if found is not None:
            found = _with_hint(found, diff, table, new.columns, losses_only)
        if found is None and tuple(shared) == old.hashed == new.hashed and not read and not losses_only:
            # Equal as the engine compares (a case-insensitive collation, trailing spaces), unequal as bytes.
            found = Finding(Kind.BYTES_DIFFER, current.database, table)
        if found is not None:
            problems.append(found)
    return problems


def _as_the_table_reads(current: Engine, before_database: str, before_table: str, table: str) -> str:
    """ " FINAL" where the table merges rows of a key, then and now (its copy from before keeps its engine):
    data lost is what the application no longer reads, not a superseded version (one a rebuild or a merge
    drops, as production's merges do at any moment); "" otherwise."""
    sql = current.sql
    if not sql.merges_rows(current.table_engine(table)):
        return ""
    then = current.scalar(sql.table_engine_query(before_database, before_table))
    return " FINAL" if sql.merges_rows(str(then or "")) else ""


def _with_hint(found: Finding, diff: RowDiff, table: str, columns: Sequence[Column], losses_only: bool) -> Finding:
    """The likely cause of rows that differ only in some columns, and what to do about it."""
    changed = diff.changed_values()
    if not changed:
        return found
    touched = _touched_by_an_update(changed, columns)
    if touched:
        # Not volatile: these rows held other times before; an UPDATE of the migration or its rollback moved
        # them, and declaring the column volatile would hide that every touched row now looks changed.
        said = ", ".join(f"{c.name} is ON UPDATE {c.default}" for c in touched)
        kept = ", ".join(f"{c.name} = {c.name}" for c in touched)
        hint = (
            f"\n  {said}: an UPDATE of these rows (by the migration or its rollback) set it to the time of the "
            f"run; if the rows' last change should not move, keep it in that UPDATE: SET ..., {kept}"
        )
        return replace(found, examples=(*found.examples, hint))
    return found if losses_only else _with_volatile_hint(found, changed, table, columns)


def _touched_by_an_update(changed: dict[str, list[tuple[object, object]]], columns: Sequence[Column]) -> list[Column]:
    """ON UPDATE columns that held other times before and the time of the run now, in every example row."""
    on_update = {c.name: c for c in columns if c.on_update}
    return [
        on_update[name] for name, pairs in sorted(changed.items())
        if name in on_update and all(_written_now(b) and not _written_now(a) for a, b in pairs)
    ]  # fmt: skip


def _with_volatile_hint(
    found: Finding, changed: dict[str, list[tuple[object, object]]], table: str, columns: Sequence[Column]
) -> Finding:
    """Rows that differ only in columns that hold when they were written (a default like CURRENT_TIMESTAMP,
    or times of today on both sides, as a NOW() in the migration writes): say how to declare them volatile."""
    defaults = {c.name: c.default for c in columns if c.volatile_default}
    if not all(
        c in defaults or all(_written_now(a) and _written_now(b) for a, b in pairs) for c, pairs in changed.items()
    ):
        return found
    names = sorted(changed)
    said = ", ".join(f"{n} (default {defaults[n]})" if n in defaults else f"{n} (times of the runs)" for n in names)
    listed = ", ".join(f'"{table}.{n}"' for n in names)
    one = len(names) == 1
    hint = (
        f"\n  only {said} {'differs' if one else 'differ'}, a different value in every run; if "
        f"{'it records' if one else 'they record'} when the migration ran, declare "
        f"{'it' if one else 'them'} in the spec under the database: volatile = [{listed}]"
    )
    return replace(found, examples=(*found.examples, hint))


def _written_now(value: object) -> bool:
    """A time within a day of now (any server time zone): what a NOW() of the run wrote."""
    try:
        when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    except ValueError:
        return False
    return abs(when.replace(tzinfo=None) - dt.datetime.now()) <= dt.timedelta(days=1)


def take_snapshot(engine: Engine, store: Engine, label: str, volatile: Sequence[str] = ()) -> Snapshot:
    """Copy every table of ``engine``'s database into the empty database ``store`` on the same server."""
    keys_query = engine.sql.copy_keys_query(engine.database)
    keys: dict[str, list[str]] = {}
    for table, columns in engine.query(keys_query) if keys_query else []:
        keys.setdefault(str(table), []).append(str(columns))
    for table in engine.data_tables():
        source, copy = qualified(engine.database, table), qualified(store.database, table)
        # Named columns: SELECT * leaves ClickHouse MATERIALIZED and MariaDB INVISIBLE columns out.
        kind = engine.table_engine(table)
        partitions = engine.sql.partitions_query(engine.database, table, kind)
        ids = [str(row[0]) for row in engine.query(partitions)] if partitions else []
        columns = engine.data_columns(table)
        for statement in engine.sql.copy_table(copy, source, columns, kind, ids, keys.get(table, ())):
            store.execute(statement)
    return Snapshot(engine, store, fingerprint(engine, volatile), label, tuple(volatile))
