"""Schema and data fingerprints, computed inside each engine so that large tables never travel to Python."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from .dialects import ident, qualified
from .engines import Column, Engine
from .findings import Finding, Kind


@dataclass(frozen=True)
class TableFingerprint:
    name: str
    columns: tuple[Column, ...]
    layout: tuple[tuple[object, ...], ...]  # MySQL: engine + indexes; ClickHouse: engine + keys
    rows: int
    digest: str
    hashed: tuple[str, ...] = ()  # the columns the digest covers (stored ones, volatile left out)

    @property
    def schema(self) -> tuple[object, ...]:
        return (self.columns, self.layout)


@dataclass(frozen=True)
class Fingerprint:
    database: str
    tables: dict[str, TableFingerprint]
    objects: dict[str, str] = field(default_factory=dict)  # "view v" -> definition, the database name neutral

    def schema(self) -> dict[str, tuple[object, ...]]:
        return {name: t.schema for name, t in self.tables.items()}

    def data(self) -> dict[str, tuple[int, str]]:
        return {name: (t.rows, t.digest) for name, t in self.tables.items()}


def table_layout(engine: Engine, table: str) -> tuple[tuple[object, ...], ...]:
    rows = engine.query(engine.sql.layout_query(engine.database, table))
    own = engine.database  # a constraint or TTL naming its own database compares equal between two runs
    return tuple(sorted(tuple(v.replace(own, "<database>") for v in item) for item in engine.sql.layout(rows)))


def table_fingerprint(engine: Engine, table: str, ignore_columns: Iterable[str] = ()) -> TableFingerprint:
    columns = tuple(engine.columns(table))
    ignored = set(ignore_columns)
    kept = [c for c in columns if c.stored and c.name not in ignored]
    hashed = tuple(c.name for c in kept)
    # The same exact-text row checksums as diffs.diff_rows: a MariaDB FLOAT hashed through its 6-digit text
    # would make 1.0000001 and 1.0000002 equal, and the diff never run.
    sums = engine.sql.row_checksums([engine.sql.exact_value(ident(c.name), c.type) for c in kept]) if kept else []
    rows, *digests = engine.query(
        f"SELECT COUNT(*){''.join(f', {s}' for s in sums)} FROM {qualified(engine.database, table)}"
    )[0]
    digest = "|".join(str(d or 0) for d in digests)
    return TableFingerprint(table, columns, table_layout(engine, table), int(rows), digest, hashed)


def by_table(columns: Iterable[str]) -> dict[str, set[str]]:
    """``table.column`` entries (volatile, may_change) grouped by table."""
    grouped: dict[str, set[str]] = {}
    for item in columns:
        table, column = item.split(".", 1)
        grouped.setdefault(table, set()).add(column)
    return grouped


def fingerprint(engine: Engine, volatile: Iterable[str] = ()) -> Fingerprint:
    """All tables but Liquibase's bookkeeping. ``volatile`` lists ``table.column`` left out of data hashes."""
    ignore = by_table(volatile)
    stable = engine.stable_names()  # keys compare across databases; each fingerprint keeps its table's name
    named = {stable.get(t, t): t for t in engine.data_tables()}
    tables = {key: table_fingerprint(engine, t, ignore.get(key, ())) for key, t in named.items()}
    return Fingerprint(engine.database, tables, schema_objects(engine))


def schema_objects(engine: Engine) -> dict[str, str]:
    """Views, triggers, routines and the like (everything but base tables): ``"view v"`` -> definition, with
    the database's own name taken out, so the same object compares equal between two runs' databases."""
    rows = engine.query(engine.sql.objects_query(engine.database))
    own = engine.database
    return {f"{str(kind).lower()} {name}": str(text or "").replace(own, "<database>") for kind, name, text in rows}


def schema_differences(before: Fingerprint, after: Fingerprint, losses_only: bool = False) -> list[Finding]:
    """One finding per schema difference: missing/extra tables, changed columns, keys, engines.
    ``losses_only`` keeps what loses data (a table or column gone); additions and type changes are left to
    the row comparison, which sees whether any value changed."""
    db = after.database
    problems = [
        Finding(Kind.TABLE_MISSING, db, t, facts={"what": _kind_of(before.tables[t])})
        for t in sorted(before.tables.keys() - after.tables.keys())
    ]
    for table in sorted(before.tables.keys() & after.tables.keys()):
        kept = {c.name for c in after.tables[table].columns}
        gone = [c.name for c in before.tables[table].columns if c.name not in kept]
        problems.extend(Finding(Kind.COLUMN_MISSING, db, table, name) for name in gone)
    if losses_only:  # a view or trigger the migration replaces loses no data
        return problems
    problems += [
        Finding(Kind.TABLE_LEFT_BEHIND, db, t, facts={"what": _kind_of(after.tables[t])})
        for t in sorted(after.tables.keys() - before.tables.keys())
    ]
    old_objects, new_objects = before.objects, after.objects
    problems += [Finding(Kind.OBJECT_MISSING, db, o) for o in sorted(old_objects.keys() - new_objects.keys())]
    problems += [Finding(Kind.OBJECT_LEFT_BEHIND, db, o) for o in sorted(new_objects.keys() - old_objects.keys())]
    problems += [
        Finding(Kind.OBJECT_CHANGED, db, o) for o in sorted(old_objects.keys() & new_objects.keys())
        if old_objects[o] != new_objects[o]
    ]  # fmt: skip
    for table in sorted(before.tables.keys() & after.tables.keys()):
        old, new = before.tables[table], after.tables[table]
        old_cols = {c.name: c for c in old.columns}
        new_cols = {c.name: c for c in new.columns}
        problems += [Finding(Kind.COLUMN_LEFT_BEHIND, db, table, n) for n in sorted(new_cols.keys() - old_cols.keys())]
        for name in sorted(old_cols.keys() & new_cols.keys()):
            if old_cols[name] != new_cols[name]:
                change = {"old": _col(old_cols[name]), "new": _col(new_cols[name])}
                problems.append(Finding(Kind.COLUMN_CHANGED, db, table, name, facts=change))
        if [c.name for c in old.columns] != [c.name for c in new.columns] and old_cols.keys() == new_cols.keys():
            problems.append(Finding(Kind.COLUMN_ORDER, db, table))
        if old.layout != new.layout:
            then, now = set(old.layout), set(new.layout)
            change = {"old": _items(old.layout, now), "new": _items(new.layout, then)}
            problems.append(Finding(Kind.LAYOUT_CHANGED, db, table, facts=change))
    return problems


def _items(layout: tuple[tuple[object, ...], ...], other: set[tuple[object, ...]]) -> str:
    """The layout items not in ``other``, as a DBA reads them: ``PROJECTION p (...)``, ``(MergeTree, a, ...)``."""
    only = [item for item in layout if item not in other]
    return "; ".join(str(i[1]) if len(i) == 2 else "(" + ", ".join(map(str, i)) + ")" for i in only) or "nothing"


def _col(c: Column) -> str:
    null = "NULL" if c.nullable else "NOT NULL"
    extra = c.extra
    kind = "DEFAULT"
    if extra.upper() in _DEFAULT_KINDS:  # ClickHouse's default_kind names how the expression applies
        kind, extra = extra.upper(), ""
    default = f" {kind} {c.default}" if c.default is not None else ""
    return f"{c.type} {null}{default}{' ' + c.key if c.key else ''}{' ' + extra if extra else ''}"


_DEFAULT_KINDS = ("DEFAULT", "MATERIALIZED", "ALIAS", "EPHEMERAL")


def key_columns(engine: Engine, table: str, compared: Collection[str] | None = None) -> list[str]:
    """Columns that identify a row, for readable examples: the primary key (or the sorting key), else the
    first column. Where a comparison leaves a primary key column out (an AUTO_INCREMENT id a re-run renumbers),
    a unique key of the ``compared`` columns pairs the rows instead, so that they show as changed values."""
    cols = engine.columns(table)
    keys = [c.name for c in cols if c.key == engine.sql.key_marker]
    if compared is not None and not set(keys) <= set(compared):
        return next((u for u in engine.unique_keys(table) if set(u) <= set(compared)), keys)
    return keys or [cols[0].name] if cols else []


def _kind_of(table: TableFingerprint) -> str:
    """What a table-like object is, as a sentence names it: a ClickHouse dictionary is one too."""
    return "dictionary" if any(item and item[0] == "Dictionary" for item in table.layout) else "table"
