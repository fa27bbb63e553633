"""The migration spec: which changelogs, which changesets are under test, and the declared invariants.

See docs/spec.md. Every validation error names the spec file and the offending key.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import HarnessError
from .liquibase.text import read_utf8

DIALECTS = ("mysql", "clickhouse")
# Who applies and rolls back a database's changelog: the built-in engine, the real Liquibase CLI (MySQL/MariaDB
# through the JDBC driver it bundles), or a team's own Liquibase-compatible command (a wrapper script, Docker).
RUNNERS = ("builtin", "liquibase", "command")
_READS = ("", "FINAL")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# ClickHouse statements of a throwaway run write as production does (see engines.clickhouse.production_like):
# no collapsing inside an INSERT's block, and blocks small enough that test data spans several of them. One
# thread reads parts in the order they were written, so any() or a LIMIT 1 BY without FINAL takes the oldest
# write of a row every time: with several threads it takes whichever part a thread reached first, and a copy
# that forgets FINAL passed now and then (measured: the newest write of every edited row in 25% of 300 reads).
CLICKHOUSE_MIGRATION_SETTINGS: dict[str, int | str] = {
    "optimize_on_insert": 0,
    "max_threads": 1,
    "max_block_size": 100,
    "max_insert_block_size": 100,
    "min_insert_block_size_rows": 100,
    "min_insert_block_size_bytes": 0,
}


@dataclass(frozen=True)
class DatabaseSpec:
    kind: str
    changelog: Path
    migration: tuple[str, ...]  # author:id of the changesets under test, in order
    irreversible: tuple[str, ...] = ()
    properties: dict[str, str] = field(default_factory=dict)
    single_node: bool = False
    volatile: tuple[str, ...] = ()  # table.column values that legitimately differ between runs (now())
    disk_headroom: float = 2.0  # free disk needed, as a multiple of the mapped source tables' size
    may_change: tuple[str, ...] = ()  # table.column (or table.*) the migration is meant to change in place
    migration_settings: dict[str, int | str] = field(default_factory=dict)  # ClickHouse, throwaway runs
    runner: str = "builtin"  # one of RUNNERS
    command: tuple[str, ...] = ()  # runner = "command": the argv the Liquibase arguments are appended to
    contexts: str | None = None  # Liquibase --contexts of production's runs (None: every changeset, as Liquibase)
    labels: str | None = None  # Liquibase --label-filter

    @property
    def external_runner(self) -> bool:
        """A Liquibase process applies the changelog: the harness sees only changeset boundaries."""
        return self.runner != "builtin"

    @property
    def irreversible_under_test(self) -> tuple[str, ...]:
        """Changesets under test whose rollback is declared to be restore-from-backup, in order."""
        return tuple(ref for ref in self.migration if ref in self.irreversible)


@dataclass(frozen=True)
class TableRef:
    database: str
    table: str
    column: str
    read: str = ""
    filter: str = ""


@dataclass(frozen=True)
class Mapping:
    name: str
    database: str
    source: str
    target: str
    key: dict[str, str]
    source_read: str = ""
    target_read: str = ""
    source_filter: str = ""  # which source rows are in scope (SQL condition; the table's name is its alias)
    target_filter: str = ""  # which target rows correspond to source rows
    id_rules: dict[str, str] = field(default_factory=dict)  # target column = source column or SQL expression
    preserve: dict[str, str] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)
    group_by: dict[str, str] = field(default_factory=dict)
    source_at: str = ""  # "before": the source as it was just before the migration (one that moves rows out)
    source_database: str = ""  # set for a run: the database holding that copy (default: the migrated one)
    source_tables: tuple[str, ...] = ()  # set with it: that copy's tables, which subqueries' FROMs read too

    def column_pairs(self) -> dict[str, dict[str, str]]:
        """The ``target column = source column`` tables, by spec key (ID rules and preserved values written as
        a column)."""
        rules = {t: s for t, s in self.id_rules.items() if t not in self.id_expressions}
        kept = {t: s for t, s in self.preserve.items() if t not in self.preserve_expressions}
        groups = {t: s for t, s in self.group_by.items() if t not in self.group_expressions}
        return {"key": self.key, "preserve": kept, "id_rules": rules, "group_by": groups}

    @property
    def id_expressions(self) -> dict[str, str]:
        """ID rules whose source side is an SQL expression over the source row (``CONCAT('v1-', id)``)."""
        return {t: s for t, s in self.id_rules.items() if not _IDENT.match(s)}

    def rule_text(self, target: str) -> str:
        """An ID rule as a sentence: ``versions.id = datasets.id``, ``versions.id = CONCAT('v-', id) of datasets``."""
        source = self.id_rules[target]
        if target in self.id_expressions:
            return f"{self.target}.{target} = {source} of {self.source}"
        return f"{self.target}.{target} = {self.source}.{source}"

    @property
    def group_expressions(self) -> dict[str, str]:
        """Groups whose source value is an SQL expression over the source row (``ifNull(project_id, '')``)."""
        return {t: s for t, s in self.group_by.items() if not _IDENT.match(s)}

    @property
    def preserve_expressions(self) -> dict[str, str]:
        """Preserved values the migration transforms on the way, as an SQL expression over the source row
        (``ifNull(referrer, '')``, ``LOWER(email)``)."""
        return {t: s for t, s in self.preserve.items() if not _IDENT.match(s)}


@dataclass(frozen=True)
class Rollup:
    """Source rows summarised into one row per group of an aggregate table (a daily rollup, a counter table):
    per group, each declared total of the target equals the source's aggregate."""

    name: str
    database: str
    source: str
    target: str
    group_by: dict[str, str]  # target column = source SQL expression (toDate(event_time))
    totals: dict[str, str]  # target column (summed over the group's rows) or aggregate = source aggregate
    source_read: str = ""
    target_read: str = ""
    source_filter: str = ""
    target_filter: str = ""

    def target_total(self, total: str) -> str:
        """A total as the target is read: a bare column is summed over the group's rows (an unmerged
        SummingMergeTree or a table fed block by block holds several); anything else is the aggregate written."""
        return f"SUM({total})" if _IDENT.match(total) else total


@dataclass(frozen=True)
class Relation:
    name: str
    source: TableRef  # "from" in the file
    target: TableRef  # "to" in the file
    tolerate: tuple[TableRef, TableRef] | None = None


@dataclass(frozen=True)
class SeedSpec:
    module: Path
    bulk_scale: int = 1000


@dataclass(frozen=True)
class ColumnOverride:
    """``[generate.columns]``: what a generated column may hold, over what its type allows."""

    values: tuple[Any, ...] = ()  # the only values (with ``weights``: their share in the fixed shape and bulk)
    weights: tuple[float, ...] = ()
    length: int | None = None  # longest string, in characters
    null: bool | None = None  # false: never NULL even where the column allows it
    faker: str = ""  # Faker provider for realistic values ("email", "name", "url", ...)


@dataclass(frozen=True)
class ExistingRows:
    """``[[generate.existing]]``: rows the application already wrote to ``table`` for some ``copy_of`` rows."""

    table: str
    copy_of: str
    set: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GenerateSpec:
    """``[generate]``: data generated from the pre-migration schema (see docs/spec.md, "Data generation")."""

    rows: int = 4  # rows per table without a parent, at most, in a generated shape
    belongs_to: dict[str, str] = field(default_factory=dict)  # "table.column" -> "table.column"
    no_orphans: tuple[str, ...] = ()  # "table.column" whose every value has its parent
    columns: dict[str, ColumnOverride] = field(default_factory=dict)
    existing: tuple[ExistingRows, ...] = ()
    bulk_scale: int = 1000


@dataclass(frozen=True)
class ForecastSpec:
    """``[forecast]``: how many rows production holds, so each changeset's duration (and the checks') measured
    at two volumes of generated data is extrapolated to it; ``window_minutes``: the maintenance window."""

    rows: dict[str, int]  # "kind.table" -> rows in production
    window_minutes: float | None = None
    scale: int | None = None  # the larger measured volume (bulk scale); None: the seed's bulk_scale


@dataclass(frozen=True)
class MigrationSpec:
    path: Path
    name: str
    description: str
    databases: dict[str, DatabaseSpec]
    mappings: tuple[Mapping, ...] = ()
    relations: tuple[Relation, ...] = ()
    rollups: tuple[Rollup, ...] = ()
    seed: SeedSpec | None = None
    generate: GenerateSpec | None = None
    forecast: ForecastSpec | None = None

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def reversible(self) -> list[str]:
        """Databases whose migration under test is rolled back (none of its changesets declared irreversible)."""
        return [kind for kind, db in self.databases.items() if not db.irreversible_under_test]

    def read_final(self, kind: str) -> frozenset[str]:
        """Tables of database ``kind`` the spec says the application reads ``FINAL`` (a mapping's or rollup's
        source or target, a relation's side). There a row written twice is stored twice until a merge and read
        once, so comparisons of one run with another read these tables as the application does."""
        copies: list[Mapping | Rollup] = [*self.mappings, *self.rollups]
        sides = [(t.database, t.source, t.source_read) for t in copies]
        sides += [(t.database, t.target, t.target_read) for t in copies]
        refs = [ref for r in self.relations for ref in (r.source, r.target, *(r.tolerate or ()))]
        sides += [(ref.database, ref.table, ref.read) for ref in refs]
        return frozenset(table for database, table, read in sides if database == kind and read == "FINAL")


class _Reader:
    """Typed access to a TOML table with errors that name the file and the dotted key."""

    def __init__(self, path: Path, data: dict[str, Any], prefix: str = "") -> None:
        self.path, self.data, self.prefix = path, data, prefix

    def error(self, key: str, message: str) -> HarnessError:
        return HarnessError(f"{self.path}: {self.prefix}{key}: {message}")

    def child(self, key: str, value: Any) -> _Reader:
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        return _Reader(self.path, value, f"{self.prefix}{key}.")

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self.error(key, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ..., name: str = "") -> Any:
        if key not in self.data:
            if default is ...:
                raise self.error(key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"must be {name or getattr(kind, '__name__', kind)}, got {value!r}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.get(key, list, [], "a list of strings")
        if not all(isinstance(v, str) for v in value):
            raise self.error(key, "must be a list of strings")
        return tuple(value)

    def string_map(self, key: str, required: bool = False) -> dict[str, str]:
        value = self.get(key, dict, ... if required else {}, "a table of column = column")
        for k, v in value.items():
            if not isinstance(v, str) or not _IDENT.match(k) or not _IDENT.match(v):
                raise self.error(f"{key}.{k}", f"must map a column name to a column name, got {v!r}")
        if required and not value:
            raise self.error(key, "must name at least one column")
        return dict(value)

    def identifier(self, key: str) -> str:
        value = self.get(key, str)
        if not _IDENT.match(value):
            raise self.error(key, f"must be a table or column name, got {value!r}")
        return value

    def read_mode(self, key: str) -> str:
        value = self.get(key, str, "").strip().upper()
        if value not in _READS:
            raise self.error(key, f"must be '' or 'FINAL', got {value!r}")
        return value

    def database_kind(self, key: str, known: dict[str, DatabaseSpec]) -> str:
        value = self.get(key, str)
        if value not in known:
            declared = ", ".join(known) or "none"
            raise self.error(key, f"names database {value!r}, but the spec declares {declared}")
        return value


def load_spec(path: str | Path) -> MigrationSpec:
    path = Path(path).resolve()
    if not path.is_file():
        raise HarnessError(f"migration spec {path} does not exist")
    try:
        data = tomllib.loads(read_utf8(path, "spec"))
    except tomllib.TOMLDecodeError as exc:
        raise HarnessError(f"{path}: not valid TOML: {exc}") from None
    top = _Reader(path, data)
    top.check_keys({"migration", "databases", "seed", "mappings", "relations", "rollups", "generate", "forecast"})
    meta = top.child("migration", top.get("migration", dict, {}))
    meta.check_keys({"name", "description"})
    databases = _databases(top)
    mappings = tuple(_mapping(top.child(f"mappings[{i}]", m), databases) for i, m in enumerate(_list(top, "mappings")))
    _names_unique(top, "mappings", [m.name for m in mappings])
    relations = tuple(
        _relation(top.child(f"relations[{i}]", r), databases) for i, r in enumerate(_list(top, "relations"))
    )
    rollups = tuple(_rollup(top.child(f"rollups[{i}]", r), databases) for i, r in enumerate(_list(top, "rollups")))
    _names_unique(top, "rollups", [r.name for r in rollups])
    spec = MigrationSpec(
        path=path,
        name=meta.get("name", str, path.parent.name),
        description=meta.get("description", str, ""),
        databases=databases,
        mappings=mappings,
        relations=relations,
        rollups=rollups,
        seed=_seed(top),
        generate=_generate(top),
        forecast=_forecast(top, databases),
    )
    if spec.seed is not None:
        from .seeding import import_seed_module  # seeding builds on this module

        import_seed_module(spec.seed.module, path)  # a broken seed is one error now, not one per test
    return spec


def _names_unique(top: _Reader, key: str, names: list[str]) -> None:
    """Each entry of ``key`` names its tests: two of one name would be one test id."""
    for i, name in enumerate(names):
        if name in names[:i]:
            raise top.error(f"{key}[{i}].name", f"{name!r} is already the name of {key}[{names.index(name)}]")


def _list(reader: _Reader, key: str) -> list[Any]:
    return reader.get(key, list, [], "an array of tables ([[...]])")


def _databases(top: _Reader) -> dict[str, DatabaseSpec]:
    tables = top.child("databases", top.get("databases", dict))
    if not tables.data:
        raise tables.error("", "declare at least one of [databases.mysql] or [databases.clickhouse]")
    result = {}
    for kind, value in tables.data.items():
        if kind not in DIALECTS:
            raise tables.error(kind, f"unknown database kind (expected {' or '.join(DIALECTS)})")
        db = tables.child(kind, value)
        db.check_keys({
            "changelog", "migration", "irreversible", "properties", "single_node", "volatile", "disk_headroom",
            "may_change", "migration_settings", "runner", "command", "contexts", "labels",
        })  # fmt: skip
        changelog = (top.path.parent / db.get("changelog", str)).resolve()
        if not changelog.is_file():
            raise db.error("changelog", f"file {changelog} does not exist")
        migration = db.strings("migration")
        if not migration:
            raise db.error("migration", "name at least one changeset (author:id) under test")
        for ref in (*migration, *db.strings("irreversible")):
            if ":" not in ref:
                raise db.error("migration", f"changeset {ref!r} must be written author:id")
        properties = db.get("properties", dict, {})
        if not all(isinstance(v, str | int | float | bool) for v in properties.values()):
            raise db.error("properties", "values must be strings or numbers")
        for key in ("volatile", "may_change"):
            for item in db.strings(key):
                if item.count(".") != 1:
                    raise db.error(key, f"{item!r} must be written table.column")
        settings = db.get("migration_settings", dict, {}, "a table of ClickHouse settings")
        if settings and kind != "clickhouse":
            raise db.error("migration_settings", "only ClickHouse has query settings")
        for name, value in settings.items():
            if not _IDENT.match(name) or not isinstance(value, int | str) or isinstance(value, bool):
                raise db.error(f"migration_settings.{name}", f"must be a number or a string, got {value!r}")
        runner, command = _runner(db, kind)
        result[kind] = DatabaseSpec(
            kind=kind,
            changelog=changelog,
            migration=migration,
            irreversible=db.strings("irreversible"),
            properties={k: str(v) for k, v in properties.items()},
            single_node=db.get("single_node", bool, False),
            volatile=db.strings("volatile"),
            disk_headroom=float(db.get("disk_headroom", (int, float), 2.0, "a number")),
            may_change=db.strings("may_change"),
            migration_settings=({**CLICKHOUSE_MIGRATION_SETTINGS, **settings} if kind == "clickhouse" else {}),
            runner=runner,
            command=command,
            contexts=db.get("contexts", str, "") or None,
            labels=db.get("labels", str, "") or None,
        )
    return result


def _runner(db: _Reader, kind: str) -> tuple[str, tuple[str, ...]]:
    """``runner`` and, for ``runner = "command"``, the command as an argv (a string is split like a shell)."""
    runner = db.get("runner", str, "builtin")
    if runner not in RUNNERS:
        raise db.error("runner", f"must be one of {', '.join(map(repr, RUNNERS))}, got {runner!r}")
    if runner != "builtin" and kind != "mysql":
        raise db.error(
            "runner",
            f"{runner!r} runs Liquibase over JDBC, which reaches MySQL/MariaDB only here (the throwaway ClickHouse "
            "is chdb, in-process): use the built-in runner for ClickHouse",
        )
    raw = db.get("command", (str, list), None, "a string or a list of strings")
    if raw is not None and runner != "command":
        raise db.error("command", f'is only read with runner = "command" (runner is {runner!r})')
    if runner != "command":
        return runner, ()
    if raw is None:
        raise db.error("command", 'is required with runner = "command": the Liquibase-compatible command to run')
    try:
        argv = shlex.split(raw) if isinstance(raw, str) else list(raw)
    except ValueError as exc:
        raise db.error("command", f"cannot be split into words: {exc}") from None
    if not argv or not all(isinstance(word, str) and word for word in argv):
        raise db.error("command", "must name a program (a non-empty string or list of non-empty strings)")
    program = argv[0]
    if "/" in program:  # a path is relative to the spec, like every other path in it
        found = (db.path.parent / program).resolve()
        if not (found.is_file() and os.access(found, os.X_OK)):
            raise db.error("command", f"{found} is not an executable file")
        argv[0] = str(found)
    elif shutil.which(program) is None:
        raise db.error("command", f"program {program!r} is not on PATH")
    return runner, tuple(argv)


def _mapping(m: _Reader, databases: dict[str, DatabaseSpec]) -> Mapping:
    m.check_keys({
        "name", "database", "source", "target", "key", "source_read", "target_read", "source_filter",
        "target_filter", "id_rules", "preserve", "constants", "group_by", "source_at",
    })  # fmt: skip
    constants = m.get("constants", dict, {})
    for column, value in constants.items():
        if not _IDENT.match(column):
            raise m.error(f"constants.{column}", "must be a column name")
        if isinstance(value, list | dict):  # compared as SQL literals, which have no array or map form here
            raise m.error(
                f"constants.{column}",
                f"must be a string, number or boolean, got {value!r}; declare an Array, Map or JSON value as SQL in "
                f"preserve: {{ {column} = \"['latest']\" }} (an expression every migrated row must equal)",
            )
    database = _database_reading(m, databases)
    return Mapping(
        name=m.get("name", str),
        database=database,
        source=m.identifier("source"),
        target=m.identifier("target"),
        key=m.string_map("key", required=True),
        source_read=m.read_mode("source_read"),
        target_read=m.read_mode("target_read"),
        source_filter=m.get("source_filter", str, ""),
        target_filter=m.get("target_filter", str, ""),
        id_rules=_sql_map(m, "id_rules", "a column name to a source column or SQL expression", required=False),
        preserve=_sql_map(m, "preserve", "a column name to a source column or SQL expression", required=False),
        constants=dict(constants),
        group_by=_sql_map(m, "group_by", "a column name to a source column or SQL expression", required=False),
        source_at=_source_at(m),
    )


def _database_reading(r: _Reader, databases: dict[str, DatabaseSpec]) -> str:
    """The ``database`` a mapping or rollup is in, its ``source_read``/``target_read`` checked against it."""
    database = r.database_kind("database", databases)
    for key in ("source_read", "target_read"):
        if r.read_mode(key) and database != "clickhouse":
            raise r.error(key, "FINAL is a ClickHouse read; MySQL tables are read as they are")
    return database


def _rollup(r: _Reader, databases: dict[str, DatabaseSpec]) -> Rollup:
    r.check_keys({
        "name", "database", "source", "target", "group_by", "totals", "source_read", "target_read",
        "source_filter", "target_filter",
    })  # fmt: skip
    database = _database_reading(r, databases)
    return Rollup(
        name=r.get("name", str),
        database=database,
        source=r.identifier("source"),
        target=r.identifier("target"),
        group_by=_sql_map(r, "group_by", "a target column name to a source SQL expression"),
        totals=_sql_map(r, "totals", "a target column (or aggregate) to a source aggregate", columns=False),
        source_read=r.read_mode("source_read"),
        target_read=r.read_mode("target_read"),
        source_filter=r.get("source_filter", str, ""),
        target_filter=r.get("target_filter", str, ""),
    )


def _sql_map(r: _Reader, key: str, what: str, columns: bool = True, required: bool = True) -> dict[str, str]:
    """A table of target = source SQL (``required``: present and not empty); with ``columns`` every target is
    a column name."""
    value = r.get(key, dict, ... if required else {}, f"a table of {what}")
    for k, v in value.items():
        if not isinstance(v, str) or not v.strip() or (columns and not _IDENT.match(k)):
            raise r.error(f"{key}.{k}", f"must map {what}, got {v!r}")
    if required and not value:
        raise r.error(key, "must name at least one column")
    return dict(value)


def _source_at(m: _Reader) -> str:
    value = m.get("source_at", str, "")
    if value not in ("", "before"):
        raise m.error("source_at", f"must be 'before' (the source as it was before the migration), got {value!r}")
    return value


def _table_ref(r: _Reader, databases: dict[str, DatabaseSpec]) -> TableRef:
    r.check_keys({"database", "table", "column", "read", "filter"})
    database = r.database_kind("database", databases)
    if r.read_mode("read") and database != "clickhouse":
        raise r.error("read", "FINAL is a ClickHouse read; MySQL tables are read as they are")
    return TableRef(
        database=database,
        table=r.identifier("table"),
        column=r.identifier("column"),
        read=r.read_mode("read"),
        filter=r.get("filter", str, ""),
    )


def _relation(r: _Reader, databases: dict[str, DatabaseSpec]) -> Relation:
    r.check_keys({"name", "from", "to", "tolerate"})
    tolerate = None
    if "tolerate" in r.data:
        t = r.child("tolerate", r.data["tolerate"])
        t.check_keys({"from", "to"})
        tolerate = (_table_ref(t.child("from", t.get("from", dict)), databases),
                    _table_ref(t.child("to", t.get("to", dict)), databases))  # fmt: skip
    return Relation(
        name=r.get("name", str),
        source=_table_ref(r.child("from", r.get("from", dict)), databases),
        target=_table_ref(r.child("to", r.get("to", dict)), databases),
        tolerate=tolerate,
    )


def _seed(top: _Reader) -> SeedSpec | None:
    if "seed" not in top.data:
        return None
    seed = top.child("seed", top.data["seed"])
    seed.check_keys({"module", "bulk_scale"})
    module = (top.path.parent / seed.get("module", str)).resolve()
    if not module.is_file():
        raise seed.error("module", f"file {module} does not exist")
    return SeedSpec(module=module, bulk_scale=seed.get("bulk_scale", int, 1000))


def _forecast(top: _Reader, databases: dict[str, DatabaseSpec]) -> ForecastSpec | None:
    if "forecast" not in top.data:
        return None
    f = top.child("forecast", top.data["forecast"])
    f.check_keys({"rows", "window_minutes", "scale"})
    rows = f.get("rows", dict, ..., 'a table of "database.table" = rows in production')
    for ref, count in rows.items():
        kind, _, table = ref.partition(".")
        if kind not in databases or not _IDENT.match(table):
            known = ", ".join(databases)
            raise f.error(f"rows.{ref}", f"must be written database.table with a database of this spec ({known})")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise f.error(f"rows.{ref}", f"must be a number of rows above 0, got {count!r}")
    if not rows:
        raise f.error("rows", "must name at least one table and its rows in production")
    window = f.get("window_minutes", (int, float), None)
    if window is not None and window <= 0:
        raise f.error("window_minutes", f"must be a number of minutes above 0, got {window!r}")
    scale = f.get("scale", int, None)
    if scale is not None and scale < 4:
        raise f.error("scale", f"must be a bulk scale of at least 4, got {scale}")
    return ForecastSpec(dict(rows), None if window is None else float(window), scale)


_COLUMN_REF = re.compile(r"^(?:(mysql|clickhouse)\.)?[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")


def _column_ref(reader: _Reader, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _COLUMN_REF.match(value):
        raise reader.error(key, f"must be written table.column (or database.table.column), got {value!r}")
    return value


def _generate(top: _Reader) -> GenerateSpec | None:
    if "generate" not in top.data:
        return None
    g = top.child("generate", top.data["generate"])
    g.check_keys({"rows", "belongs_to", "no_orphans", "columns", "existing", "bulk_scale"})
    belongs = g.get("belongs_to", dict, {}, 'a table of "table.column" = "table.column"')
    for child, parent in belongs.items():
        _column_ref(g, f"belongs_to.{child}", child)
        _column_ref(g, f"belongs_to.{child}", parent)
    for ref in g.strings("no_orphans"):
        _column_ref(g, "no_orphans", ref)
    columns = {}
    table = g.child("columns", g.get("columns", dict, {}))
    for ref, value in table.data.items():
        _column_ref(table, ref, ref)
        c = table.child(ref, value)
        c.check_keys({"values", "weights", "length", "null", "faker"})
        values = c.get("values", list, [], "a list of values")
        weights = c.get("weights", list, [], "a list of numbers")
        if weights and (len(weights) != len(values) or not all(isinstance(w, int | float) and w >= 0 for w in weights)):
            raise c.error("weights", "must give one non-negative number per value")
        length = c.get("length", int, None)
        if length is not None and length < 0:
            raise c.error("length", f"must be at least 0, got {length}")
        columns[ref] = ColumnOverride(
            tuple(values), tuple(float(w) for w in weights), length, c.get("null", bool, None), c.get("faker", str, "")
        )
    existing = []
    for i, raw in enumerate(_list(g, "existing")):
        e = g.child(f"existing[{i}]", raw)
        e.check_keys({"table", "copy_of", "set"})
        existing.append(ExistingRows(e.identifier("table"), e.identifier("copy_of"), dict(e.get("set", dict, {}))))
    return GenerateSpec(
        rows=g.get("rows", int, 4),
        belongs_to=dict(belongs),
        no_orphans=g.strings("no_orphans"),
        columns=columns,
        existing=tuple(existing),
        bulk_scale=g.get("bulk_scale", int, 1000),
    )
