"""The spec checked against the real schema once, so a typo is one usage error naming the spec key.

Sources are checked after the baseline (before any data is seeded or migrated); targets, filters and
relations after the first migration, since the migration may create what they name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import checks
from .dialects import ident
from .engines import Engine
from .spec import MigrationSpec, TableRef

Engines = dict[str, Engine]


@dataclass(frozen=True)
class Deferred:
    """A spec expression over a mapping's source the baseline schema refused. It may read what the migration
    creates (``(SELECT o.uuid FROM orders o WHERE o.id = order_id)``), so it is tried again after the
    migration, and reported only if it fails there too."""

    database: str
    source: str
    read: str
    sql: str
    where: str
    error: str


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


class _Schema:
    """Tables and columns of each database, read once."""

    def __init__(self, engines: Engines) -> None:
        self.engines = engines
        self._tables = {kind: set(engine.tables()) for kind, engine in engines.items()}
        self._columns: dict[tuple[str, str], set[str]] = {}

    def table(self, kind: str, table: str, where: str, when: str, views: bool = False) -> str | None:
        if table in self._tables[kind]:
            return None
        engine = self.engines[kind]
        if views and int(engine.scalar(engine.sql.table_exists_query(engine.database, table, view=True)) or 0):
            return None  # a rollup may be a view that sums its source up
        known = ", ".join(sorted(self._tables[kind])) or "none"
        return f"{where}: table {table!r} does not exist in {kind} {when} (its tables: {known})"

    def columns(self, kind: str, table: str) -> set[str]:
        if (kind, table) not in self._columns:
            self._columns[kind, table] = {c.name for c in self.engines[kind].columns(table)}
        return self._columns[kind, table]

    def table_with(
        self, kind: str, table: str, key: str, names: Iterable[tuple[str, str]], when: str, views: bool = False
    ) -> list[str]:
        """The table (named by spec ``key``) must exist, and in it every (spec key, column) of ``names``."""
        missing_table = self.table(kind, table, key, when, views)
        return [missing_table] if missing_table else self.missing(kind, table, names, when)

    def missing(self, kind: str, table: str, names: Iterable[tuple[str, str]], when: str) -> list[str]:
        """``names``: (spec key, column) pairs that must exist in ``table``."""
        have = self.columns(kind, table)
        known = ", ".join(sorted(have))
        return [
            f"{key}: column {table}.{column} does not exist in {kind} {when} (its columns: {known})"
            for key, column in names
            if column not in have
        ]


def _rejected(engine: Engine, sql: str, where: str) -> list[str]:
    """The engine's complaint about ``sql`` (built from what the spec wrote at ``where``), if it has one."""
    try:
        engine.query(engine.sql.analytic(sql))
    except Exception as exc:  # the driver's own words are the useful part
        return [f"{where}: {engine.dialect} rejects it: {_short(exc)}"]
    return []


def _filter_error(engine: Engine, table: str, read: str, condition: str, where: str) -> list[str]:
    """The engine's complaint about a spec filter, if it has one."""
    sql = f"SELECT COUNT(*) FROM {engine.sql.read_table(engine.database, table, read, condition)} mh_check"
    return _rejected(engine, sql, where)


def _sql_error(engine: Engine, sql: str, where: str) -> list[str]:
    """The engine's complaint about SQL the spec wrote (an ID rule's expression, a rollup's groups and
    aggregates), if it has one: its query planned, no row read."""
    return _rejected(engine, f"SELECT * FROM ({sql}) mh_check LIMIT 0", where)


def _expression_error(engine: Engine, table: str, read: str, expression: str, where: str) -> list[str]:
    """The engine's complaint about a spec expression over ``table``'s rows (read as declared; filters apply
    only after migrating), if it has one."""
    source = engine.sql.read_table(engine.database, table, read)
    return _sql_error(engine, f"SELECT ({engine.sql.spec_sql(expression)}) FROM {source} {ident(table)}", where)


def source_problems(spec: MigrationSpec, engines: Engines, later: list[Deferred] | None = None) -> list[str]:
    """Source tables and the source columns each mapping names, and the tables the forecast counts, against
    the baseline schema. An expression the baseline refuses goes to ``later`` (see :class:`Deferred`), where
    given, for :func:`target_problems` to try after the migration."""
    schema, when = _Schema(engines), "after the baseline"
    problems: list[str] = []
    for i, m in enumerate(spec.mappings):
        named = [
            (f"mappings[{i}].{key}.{target}", source)
            for key, pairs in m.column_pairs().items()
            for target, source in pairs.items()
        ]
        found = schema.table_with(m.database, m.source, f"mappings[{i}].source", named, when, views=True)
        problems += found
        expressions = [("id_rules", m.id_expressions), ("preserve", m.preserve_expressions),
                       ("group_by", m.group_expressions)] if not found else []  # fmt: skip
        for key, target, expression in ((k, t, e) for k, pairs in expressions for t, e in pairs.items()):
            where = f"mappings[{i}].{key}.{target} {expression!r}"
            refused = _expression_error(engines[m.database], m.source, m.source_read, expression, where)
            # A group is counted before the migration too (the baseline counts): it must read the baseline.
            if refused and later is not None and key != "group_by":
                later.append(Deferred(m.database, m.source, m.source_read, expression, where, refused[0]))
            else:
                problems += refused
    for i, r in enumerate(spec.rollups):
        if schema.table(r.database, r.source, f"rollups[{i}].source", when, views=True):
            continue  # a source the migration creates (a ledger that must sum to a stock): checked after it
        engine = engines[r.database]
        source = engine.sql.read_table(engine.database, r.source, r.source_read)  # its filter: after migrating
        values = [engine.sql.spec_sql(v) for v in (*r.group_by.values(), *r.totals.values())]
        groups = ", ".join(engine.sql.spec_sql(g) for g in r.group_by.values())
        sql = f"SELECT {', '.join(values)} FROM {source} {ident(r.source)} GROUP BY {groups}"
        problems += _sql_error(engine, sql, f"rollups[{i}] (group_by or totals)")
    for ref in spec.forecast.rows if spec.forecast else ():
        kind, table = ref.split(".", 1)
        missing = schema.table(kind, table, f"forecast.rows.{ref}", when)
        problems += [missing] if missing else []
    return [f"{spec.path}: {p}" for p in problems]


def target_problems(spec: MigrationSpec, engines: Engines, later: Iterable[Deferred] = ()) -> list[str]:
    """Target tables and columns, filters and relations, and the expressions the baseline refused
    (``later``), against the migrated schema."""
    schema, when = _Schema(engines), "after the migration"
    problems: list[str] = []
    for d in later:
        if schema.table(d.database, d.source, "", when):  # gone: only the baseline's answer counts
            problems.append(d.error)
            continue
        problems += _expression_error(engines[d.database], d.source, d.read, d.sql, d.where)
    for i, m in enumerate(spec.mappings):
        where = f"mappings[{i}]"
        named = [
            (f"{where}.{key}.{target}", target)
            for key, pairs in {**m.column_pairs(), "id_rules": m.id_rules, "preserve": m.preserve,
                               "constants": m.constants}.items()
            for target in pairs
        ]  # fmt: skip
        problems += schema.table_with(m.database, m.target, f"{where}.target", named, when)
        engine = engines[m.database]
        for key, table, read, condition in (("source_filter", m.source, m.source_read, m.source_filter),
                                            ("target_filter", m.target, m.target_read, m.target_filter)):  # fmt: skip
            if condition:
                problems += _filter_error(engine, table, read, condition, f"{where}.{key} {condition!r}")
    for i, rollup in enumerate(spec.rollups):
        where = f"rollups[{i}]"
        named = [(f"{where}.group_by.{c}", c) for c in rollup.group_by]
        named += [(f"{where}.totals.{c}", c) for c in rollup.totals if rollup.target_total(c) != c]
        found = schema.table_with(rollup.database, rollup.target, f"{where}.target", named, when, views=True)
        missing = schema.table(rollup.database, rollup.source, f"{where}.source", when, views=True)
        found += [missing] if missing else []
        if not found:
            engine = engines[rollup.database]
            sql = checks.rollup_sql(engine, rollup)
            found = _sql_error(engine, sql, f"{where} (target_filter, totals, or group types the sides share)")
        problems += found
    for i, r in enumerate(spec.relations):
        refs: list[tuple[str, TableRef]] = [("from", r.source), ("to", r.target)]
        if r.tolerate is not None:
            refs += [("tolerate.from", r.tolerate[0]), ("tolerate.to", r.tolerate[1])]
        for key, ref in refs:
            where = f"relations[{i}].{key}"
            found = schema.table_with(
                ref.database, ref.table, f"{where}.table", [(f"{where}.column", ref.column)], when
            )
            problems += found
            if ref.filter and not found:
                engine = engines[ref.database]
                problems += _filter_error(engine, ref.table, ref.read, ref.filter, f"{where}.filter {ref.filter!r}")
    return [f"{spec.path}: {p}" for p in problems]
