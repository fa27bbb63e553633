"""The pre-migration schema as generation needs it: every table's writable columns and their types, unique
keys, foreign keys and, for ClickHouse, how the table engine collapses rows (version and sign columns)."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace

from ..engines import Column, Engine
from ..engines.base import VOLATILE_DEFAULT
from .types import SqlType, parse_clickhouse, parse_mysql, split_args


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: SqlType
    server: bool  # computed or given by the server: never written (generated, MATERIALIZED, auto_increment...)
    default: str | None  # the default expression when the column may be left out
    auto_increment: bool = False

    @property
    def deterministic_default(self) -> bool:
        """Left out, it gets the same value in every run (so a shape may rely on it)."""
        return self.default is not None and not VOLATILE_DEFAULT.search(self.default)


@dataclass(frozen=True)
class TableInfo:
    database: str  # the spec's database kind: mysql or clickhouse
    name: str
    columns: tuple[ColumnInfo, ...]
    unique: tuple[tuple[str, ...], ...] = ()  # PRIMARY/UNIQUE keys; a collapsing engine's sorting key
    foreign: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (columns, parent table, parent columns)
    engine: str = ""  # ClickHouse engine name, e.g. ReplacingMergeTree
    version: str = ""  # ReplacingMergeTree(version) / VersionedCollapsingMergeTree(sign, version)
    sign: str = ""  # CollapsingMergeTree(sign)
    sorting: tuple[str, ...] = ()
    deleted: str = ""  # ReplacingMergeTree(version, is_deleted): 1 deletes the row under FINAL, only 0/1 allowed
    checks: tuple[tuple[str, str], ...] = ()  # CHECK constraints: (name, condition)

    @property
    def ref(self) -> str:
        return f"{self.database}.{self.name}"

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)

    @property
    def writable(self) -> tuple[ColumnInfo, ...]:
        return tuple(c for c in self.columns if not c.server)

    @property
    def keeps_versions(self) -> bool:
        """Rows with the same sorting key collapse when parts merge: the application reads it FINAL."""
        return bool(re.search(r"(Replacing|Collapsing)MergeTree$", self.engine))


@dataclass
class Schema:
    tables: dict[str, TableInfo] = field(default_factory=dict)  # keyed by "database.table"

    def find(self, name: str) -> TableInfo | None:
        """``table`` or ``database.table``; a bare name must be unambiguous across the two databases."""
        if name in self.tables:
            return self.tables[name]
        found = [t for t in self.tables.values() if t.name == name]
        return found[0] if len(found) == 1 else None


def read_schema(engines: dict[str, Engine]) -> Schema:
    schema = Schema()
    for kind, engine in engines.items():
        for table in engine.data_tables():
            info = _mysql_table(engine, table) if kind == "mysql" else _clickhouse_table(engine, table)
            schema.tables[info.ref] = info
    return schema


def _q(engine: Engine, value: str) -> str:
    return engine.quote_literal(value)


def _mysql_table(engine: Engine, table: str) -> TableInfo:
    db, t = _q(engine, engine.database), _q(engine, table)
    charsets: dict[str, str] = dict(engine.query(
        "SELECT COLUMN_NAME, COALESCE(CHARACTER_SET_NAME, '') FROM information_schema.COLUMNS "
        f"WHERE TABLE_SCHEMA = {db} AND TABLE_NAME = {t}"
    ))  # fmt: skip
    checks: list[tuple[str, str]] = []
    query = engine.sql.checks_query(engine.database, table)
    with contextlib.suppress(Exception):  # MySQL before 8.0.16 has no CHECK_CONSTRAINTS
        checks = engine.sql.checks(engine.query(query)) if query else []
    json_cols: set[str] = set()  # MariaDB stores JSON as LONGTEXT with a json_valid() check
    for _, clause in checks:
        json_cols |= set(re.findall(r"json_valid\(`?(\w+)`?\)", clause, re.I))
    columns = []
    for c in engine.columns(table):
        sql_type = parse_mysql(c.type, c.nullable, json=c.name in json_cols)
        if sql_type.kind == "string" and charsets.get(c.name, "utf8mb4") not in ("utf8mb4", ""):
            sql_type = _narrow(sql_type, charsets[c.name])
        columns.append(_column(c, sql_type, mysql=True))
    unique: dict[str, list[str]] = {}
    for name, column in engine.query(
        "SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE NON_UNIQUE = 0 "
        f"AND TABLE_SCHEMA = {db} AND TABLE_NAME = {t} ORDER BY INDEX_NAME, SEQ_IN_INDEX"
    ):
        unique.setdefault(name, []).append(column)
    foreign: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for name, column, parent, parent_column in engine.query(
        "SELECT CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
        f"FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = {db} AND TABLE_NAME = {t} "
        f"AND REFERENCED_TABLE_NAME IS NOT NULL AND REFERENCED_TABLE_SCHEMA = {db} ORDER BY ORDINAL_POSITION"
    ):
        cols, parents = foreign.setdefault((name, parent), ([], []))
        cols.append(column)
        parents.append(parent_column)
    return TableInfo(
        "mysql", table, tuple(columns), tuple(tuple(cols) for cols in unique.values()),
        tuple((tuple(c), parent, tuple(p)) for (_, parent), (c, p) in foreign.items()), checks=tuple(checks),
    )  # fmt: skip


def _narrow(sql_type: SqlType, charset: str) -> SqlType:
    """A latin1/utf8mb3 column cannot hold emoji: keep its strings to bytes the charset has."""
    return replace(sql_type, bytes_=True, raw=f"{sql_type.raw} /* {charset} */")


def _column(c: Column, sql_type: SqlType, mysql: bool) -> ColumnInfo:
    extra = c.extra.upper()
    if mysql:
        server = bool(re.search(r"\b(VIRTUAL|STORED|PERSISTENT) GENERATED", extra)) or "INVISIBLE" in extra
        default = c.default if c.default is not None else ("NULL" if c.nullable else None)
        if c.auto_increment and sql_type.kind == "int":  # an explicit 0 asks the server for the next value
            sql_type = replace(sql_type, lo=max(sql_type.lo, 1))
        return ColumnInfo(c.name, sql_type, server, default, auto_increment=c.auto_increment)
    server = extra in ("MATERIALIZED", "ALIAS", "EPHEMERAL")
    default = c.default if extra == "DEFAULT" else None
    return ColumnInfo(c.name, sql_type, server, default)


def _clickhouse_table(engine: Engine, table: str) -> TableInfo:
    rows = engine.query(
        "SELECT engine, engine_full, sorting_key FROM system.tables "
        f"WHERE database = {_q(engine, engine.database)} AND name = {_q(engine, table)}"
    )
    name, full, sorting = rows[0] if rows else ("", "", "")
    columns = tuple(_column(c, parse_clickhouse(c.type), mysql=False) for c in engine.columns(table))
    version = sign = deleted = ""
    match = re.search(r"MergeTree\((.*?)\)\s*(ORDER|PARTITION|PRIMARY|SETTINGS|SAMPLE|TTL|$)", str(full), re.S)
    args = [a.strip("` ") for a in split_args(match.group(1))] if match else []
    names = {c.name for c in columns}
    args = [a for a in args if a in names]  # Replicated* path and replica arguments are not columns
    if "VersionedCollapsing" in name and len(args) >= 2:
        sign, version = args[0], args[1]
    elif "Collapsing" in name and args:
        sign = args[0]
    elif "Replacing" in name and args:
        version = args[0]
        deleted = args[1] if len(args) >= 2 else ""
    keys = tuple(k.strip("` ") for k in split_args(str(sorting))) if sorting else ()
    keys = tuple(k for k in keys if k in names)
    unique = (keys,) if keys and re.search(r"(Replacing|Collapsing)MergeTree$", str(name)) else ()
    query = engine.sql.checks_query(engine.database, table)
    checks = tuple(engine.sql.checks(engine.query(query))) if query else ()
    return TableInfo("clickhouse", table, columns, unique, (), str(name), version, sign, keys, deleted, checks)
