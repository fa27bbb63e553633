"""What to generate, derived from the pre-migration schema and the spec: which tables and columns, which
column belongs to which parent (foreign keys, the spec's relations, ``[generate] belongs_to``), which
columns group rows (a mapping's ``group_by``), which values must stay unique, and the spec's overrides."""

from __future__ import annotations

import calendar
import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from ..errors import HarnessError
from ..spec import ColumnOverride, GenerateSpec, Mapping, MigrationSpec, Rollup
from .checks import Judge, allowed_values, constrained_columns, named_columns
from .columns import line, relative_line
from .schema import ColumnInfo, Schema, TableInfo
from .types import SqlType


@dataclass(frozen=True)
class Link:
    """``child.columns`` hold values of ``parent.parent_columns`` (orphans: some point at no parent row)."""

    child: str
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    orphans: bool
    origin: str


@dataclass(frozen=True)
class TablePlan:
    info: TableInfo
    columns: tuple[ColumnInfo, ...]  # the columns a row writes (server-computed ones left out)
    links: tuple[Link, ...] = ()  # to this table's parents; the first one decides the fan-out
    groups: tuple[str, ...] = ()  # group_by source columns: a few values shared by many rows
    unique: tuple[tuple[str, ...], ...] = ()
    shared: tuple[str, ...] = ()  # values another group's row may repeat (an event id in two tenants)
    overrides: tuple[tuple[str, ColumnOverride], ...] = ()
    lookalikes: tuple[tuple[str, Any], ...] = ()  # column, a value the migration writes (see _lookalikes)
    self_links: tuple[Link, ...] = ()  # to rows of this same table (a reply's parent comment, a manager)
    boundaries: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # column, values around a filter's constants
    in_scope: tuple[tuple[tuple[str, Any], ...], ...] = ()  # rows (column, value) a source filter holds for

    @property
    def ref(self) -> str:
        return self.info.ref

    def override(self, column: str) -> ColumnOverride | None:
        return dict(self.overrides).get(column)

    def boundary(self, column: str) -> tuple[Any, ...]:
        """Values around the constants the spec's filters compare ``column`` with (see :func:`_boundaries`)."""
        return dict(self.boundaries).get(column, ())

    def lookalike(self, column: str) -> Any:
        """The value the migration writes into ``column`` of this pre-existing table, or None."""
        return dict(self.lookalikes).get(column)

    def column(self, name: str) -> ColumnInfo:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class DataModel:
    tables: tuple[TablePlan, ...]  # parents before children
    existing: tuple[tuple[str, str, tuple[tuple[str, object], ...]], ...] = ()  # (table, copy_of, set)
    rows: int = 4

    def plan(self, ref: str) -> TablePlan:
        return next(p for p in self.tables if p.ref == ref)


Fetch = Callable[[str, str], tuple[object, ...]]  # (table ref, column) -> the values the column holds


def build_model(schema: Schema, spec: MigrationSpec, filled: frozenset[str] = frozenset(),
                fetch: Fetch | None = None, judge: Judge | None = None) -> DataModel:  # fmt: skip
    """``filled``: tables the baseline itself wrote rows into (reference data, e.g. a lookup table of
    statuses). They get no generated rows; a column that belongs to one takes its values from what it holds
    (``fetch``), so a foreign key to it holds. ``judge`` asks the database which values a CHECK constraint
    accepts (see :mod:`.checks`)."""
    gen = spec.generate or GenerateSpec()
    links = _links(schema, spec, gen)
    given = [link for link in links if link.parent in filled and link.child not in filled]
    links = [link for link in links if link.parent not in filled and link.child not in filled]
    groups: dict[str, set[str]] = {}
    keys: dict[str, list[tuple[str, ...]]] = {}
    repeated: dict[str, set[str]] = {}  # keys a filter picks one row of: their values repeat
    for m in spec.mappings:
        table = schema.tables.get(f"{m.database}.{m.source}")
        if table is not None:
            # The columns the source side reads: a column, or those an expression names.
            groups.setdefault(table.ref, set()).update(*(named_columns(table, s) for s in m.group_by.values()))
            if _picks_one_per_key(m.source, m.source_filter):
                chosen_by = _compared_with_own_rows(m.source, m.source_filter) or set(m.key.values())
                repeated.setdefault(table.ref, set()).update(chosen_by)
            else:
                keys.setdefault(table.ref, []).append(tuple(sorted(m.key.values())))
    for ref, repeating in repeated.items():  # unless another mapping or the table itself keeps them unique
        kept_unique = {c for u in [*keys.get(ref, []), *schema.tables[ref].unique] for c in u}
        groups.setdefault(ref, set()).update(repeating - kept_unique)
    overrides: dict[str, list[tuple[str, ColumnOverride]]] = {}
    for ref, override in gen.columns.items():
        table_name, column = ref.rsplit(".", 1)
        table = _table(schema, table_name, f"generate.columns.{ref}")
        if column not in {c.name for c in table.columns}:
            raise HarnessError(f"{spec.path}: generate.columns.{ref}: table {table.name} has no column {column}")
        overrides.setdefault(table.ref, []).append((column, override))
    for table in schema.tables.values():  # FINAL refuses any other value (INCORRECT_DATA)
        if table.deleted and table.deleted not in dict(overrides.get(table.ref, [])):
            overrides.setdefault(table.ref, []).append((table.deleted, ColumnOverride(values=(0, 1), weights=(9, 1))))
    for table in schema.tables.values():
        if judge is None or table.ref in filled:
            continue
        linked_columns = {c for link in links if link.child == table.ref for c in link.columns}
        for column, checks in constrained_columns(table).items():
            if column not in dict(overrides.get(table.ref, [])) and column not in linked_columns:
                values = allowed_values(table, table.column(column), checks, judge, spec.path)
                overrides.setdefault(table.ref, []).append((column, ColumnOverride(values=values)))
    for link in given:  # one column per link: a composite key into reference data is generated freely
        column = link.columns[0]
        if fetch is not None and len(link.columns) == 1 and column not in dict(overrides.get(link.child, [])):
            values = fetch(link.parent, link.parent_columns[0])
            overrides.setdefault(link.child, []).append((column, ColumnOverride(values=values)))
    plans = []
    for table in schema.tables.values():
        if table.ref in filled:
            continue
        mine = tuple(link for link in links if link.child == table.ref and link.parent != table.ref)
        own = tuple(link for link in links if link.child == link.parent == table.ref)
        parents_of = {p for link in links if link.parent == table.ref for p in link.parent_columns}
        # AUTO_INCREMENT is left to the server unless a child needs to know the value.
        columns = tuple(c for c in table.writable if not c.auto_increment or c.name in parents_of)
        columns = _writable_types(spec, table, columns, dict(overrides.get(table.ref, ())))
        linked = {c for link in (*mine, *own) for c in link.columns}
        group_cols = tuple(sorted(groups.get(table.ref, set()) - linked))
        unique = {tuple(u) for u in table.unique} | set(keys.get(table.ref, []))
        unique |= {link.parent_columns for link in links if link.parent == table.ref}
        unique = {u for u in unique if all(c in {x.name for x in columns} for c in u)}
        singly = {u[0] for u in unique if len(u) == 1}
        shared = tuple(sorted({c for u in unique if len(u) > 1 for c in u} - set(group_cols) - singly - linked))
        told = tuple(overrides.get(table.ref, ()))
        plans.append(
            TablePlan(
                table,
                columns,
                mine,
                group_cols,
                tuple(sorted(unique)),
                shared,
                told,
                _lookalikes(spec, table, told),
                own,
                _boundaries(spec, table),
                _in_scope(spec, table),
            )
        )
    existing = []
    for e in gen.existing:
        target, source = _table(schema, e.table, "generate.existing"), _table(schema, e.copy_of, "generate.existing")
        existing.append((target.ref, source.ref, tuple(e.set.items())))
    return DataModel(_parents_first(plans), tuple(existing), gen.rows)


# column <op> constant, in a filter: `status` >= 500, o.created_on < '2020-01-01', kind = 'refund'
_COMPARED = re.compile(r"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s*(<=|>=|<>|!=|=|<|>)\s*(-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.|'')*')")
_IS_NULL = re.compile(r"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s+IS\s+NULL\b", re.I)
_HOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "<>": operator.ne, "!=": operator.ne,
}  # fmt: skip
IN_SCOPE_ROWS = 24  # at most, per table
_BETWEEN = re.compile(
    r"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s+BETWEEN\s+(-?\d+(?:\.\d+)?|'[^']*')\s+AND\s+(-?\d+(?:\.\d+)?|'[^']*')",
    re.I,
)
_CONSTANT = r"-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.|'')*'"
# column [NOT] IN (constant, ...) and column [NOT] LIKE 'pattern'
_LISTED = re.compile(
    rf"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s+(NOT\s+)?IN\s*\(\s*((?:{_CONSTANT})(?:\s*,\s*(?:{_CONSTANT}))*)\s*\)", re.I
)
_LIKE = re.compile(r"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s+(NOT\s+)?LIKE\s+('(?:[^'\\]|\\.|'')*')", re.I)
# column <op> a time relative to the clock: started_at < NOW() - INTERVAL 90 DAY, DATE_SUB(CURDATE(), INTERVAL 1
# MONTH), today() - 7, subtractDays(now(), 30)
_NOW = r"(?:NOW|CURRENT_TIMESTAMP|LOCALTIMESTAMP|SYSDATE|CURDATE|CURRENT_DATE|UTC_TIMESTAMP|UTC_DATE|today)\s*\(\s*\)"
_UNIT = r"(DAY|WEEK|MONTH|YEAR)S?"
_RELATIVE = re.compile(
    rf"(?<![\w'])(?:\w+\.)?`?(\w+)`?\s*(<=|>=|<>|!=|=|<|>)\s*(?:"
    rf"(?:{_NOW}|CURRENT_TIMESTAMP|CURRENT_DATE)(?:\s*([-+])\s*(?:INTERVAL\s+'?(\d+)'?\s+{_UNIT}\b|(\d+)\b(?!\s*\.)))?"
    rf"|(DATE_SUB|DATE_ADD|SUBDATE|ADDDATE)\s*\(\s*{_NOW}\s*,\s*INTERVAL\s+'?(\d+)'?\s+{_UNIT}\s*\)"
    rf"|(subtract|add){_UNIT}\s*\(\s*{_NOW}\s*,\s*(\d+)\s*\))",
    re.I,
)


# A filter constant's line: (below, on, above), see columns.line; for IN and LIKE the values that match.
Sides = tuple[Any, ...] | None


def _filter_tests(spec: MigrationSpec, table: TableInfo) -> list[tuple[dict[str, list[tuple[str, Sides]]], list[str]]]:
    """Per mapping or rollup whose source is ``table`` and that has a source filter: its comparisons of a column
    with a constant, by column, each as (operator, the constant's line); and the columns it requires NULL."""
    names = {c.name: c for c in table.columns}
    copies: list[Mapping | Rollup] = [*spec.mappings, *spec.rollups]
    return [
        _comparisons(names, copy.source_filter)
        for copy in copies
        if f"{copy.database}.{copy.source}" == table.ref and copy.source_filter
    ]


def _comparisons(names: dict[str, ColumnInfo], text: str) -> tuple[dict[str, list[tuple[str, Sides]]], list[str]]:
    """The comparisons of a column with constants in ``text`` (see :func:`_filter_tests`)."""
    tests: dict[str, list[tuple[str, Sides]]] = {}
    for column, op, literal in _COMPARED.findall(text):
        tests.setdefault(column, []).append((op, _line_of(names, column, literal)))
    for column, low, high in _BETWEEN.findall(text):
        tests.setdefault(column, []).extend(
            [(">=", _line_of(names, column, low)), ("<=", _line_of(names, column, high))]
        )
    for column, negated, listed in _LISTED.findall(text):
        values = (_line_of(names, column, c) for c in re.findall(_CONSTANT, listed))
        tests.setdefault(column, []).append(("not in" if negated else "in", tuple(v[1] for v in values if v)))
    for column, negated, pattern in _LIKE.findall(text):
        tests.setdefault(column, []).append(("not like" if negated else "like", _like_matches(names, column, pattern)))
    for found in _RELATIVE.finditer(text):
        if found.group(1) in names and (sides := relative_line(names[found.group(1)].type, _moment(found))):
            tests.setdefault(found.group(1), []).append((found.group(2), sides))
    return tests, _IS_NULL.findall(text)


def _moment(found: re.Match[str]) -> dt.datetime:
    """The time a :data:`_RELATIVE` comparison names, now (a day's margin hides the time zone it is read in)."""
    sign, count, unit, days, call, call_count, call_unit, verb, verb_unit, verb_count = found.groups()[2:]
    if call:
        sign, count, unit = "-" if call.upper() in ("DATE_SUB", "SUBDATE") else "+", call_count, call_unit
    elif verb:
        sign, count, unit = "-" if verb.lower() == "subtract" else "+", verb_count, verb_unit
    elif days:
        count, unit = days, "DAY"
    n = int(count or 0) * (-1 if sign == "-" else 1)
    now = dt.datetime.now()
    unit = (unit or "DAY").upper()
    if unit in ("DAY", "WEEK"):
        return now + dt.timedelta(days=n * (7 if unit == "WEEK" else 1))
    months = now.year * 12 + now.month - 1 + n * (12 if unit == "YEAR" else 1)
    year, month = divmod(months, 12)
    return now.replace(year=year, month=month + 1, day=min(now.day, calendar.monthrange(year, month + 1)[1]))


def _boundaries(spec: MigrationSpec, table: TableInfo) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """For each column a mapping's or rollup's source filter compares with a constant, the values on both
    sides of it: a copy that reads ``>`` where the filter says ``>=`` (a date cutoff, a status threshold) is
    caught by the rows that sit exactly on the line. The same for comparisons inside a mapping's expressions:
    ``IF(country IN ('DE', 'FR'), 'EU', 'OTHER')`` is 'OTHER' on every row unless some rows hold DE or FR."""
    names = {c.name: c for c in table.columns}
    mine = [m for m in spec.mappings if f"{m.database}.{m.source}" == table.ref]
    expressions = [e for m in mine for e in (*m.preserve_expressions.values(), *m.id_expressions.values(),
                                             *m.group_expressions.values())]  # fmt: skip
    found: dict[str, list[Any]] = {}
    for tests, _ in [*_filter_tests(spec, table), *(_comparisons(names, e) for e in expressions)]:
        for column, checks in tests.items():
            for value in (v for _, sides in checks for v in sides or () if v is not None):
                if value not in found.setdefault(column, []):
                    found[column].append(value)
    return tuple((column, tuple(values)) for column, values in found.items() if values)


def _in_scope(spec: MigrationSpec, table: TableInfo) -> tuple[tuple[tuple[str, Any], ...], ...]:
    """Rows that put the columns a source filter compares where the whole filter holds, then each of them on
    the other sides of its line while the rest still hold. ``status = 'closed' AND closed_at < '2023-01-01'``
    needs both in one row, which edge values, placed column by column, rarely give: nothing was in scope, so
    nothing was checked. A part of the filter not of the form ``column <op> constant``, ``BETWEEN`` or ``IS
    NULL`` is left to chance (such a row is then one more row out of scope). Key columns are left alone."""
    names = {c.name: c for c in table.columns}
    keys = {c for u in table.unique for c in u} | {c.name for c in table.columns if c.auto_increment}
    rows: list[dict[str, Any]] = []
    for tests, nulls in _filter_tests(spec, table):
        base: dict[str, Any] = {c: None for c in nulls if c in names and names[c].type.nullable and c not in keys}
        others: dict[str, list[Any]] = {}
        for column, checks in tests.items():
            if column not in names or column in keys or column in base:
                continue
            candidates = list(dict.fromkeys(v for _, sides in checks for v in sides or () if v is not None))
            holding = [v for v in candidates if all(_compares(v, op, sides) for op, sides in checks)]
            if holding:
                base[column] = holding[0]
                others[column] = [v for v in candidates if v != holding[0]]
        if not base:
            continue
        rows.append(base)
        rows += [{**base, column: v} for column, values in others.items() for v in values]
    unique = list({tuple(sorted(row.items(), key=lambda kv: kv[0])): None for row in rows})
    return tuple(unique[:IN_SCOPE_ROWS])


def _line_of(names: dict[str, ColumnInfo], column: str, literal: str) -> Sides:
    return line(names[column].type, literal) if column in names else None


def _like_matches(names: dict[str, ColumnInfo], column: str, pattern: str) -> tuple[Any, ...]:
    """Values of the column that ``LIKE pattern`` matches, each ``_`` as an x: each ``%`` as nothing, and as
    more text (a copy that reads ``= 'legacy-'`` for ``LIKE 'legacy-%'`` misses the second)."""
    text = pattern[1:-1].replace("''", "'")
    found = []
    for percent in ("", "x1"):
        value = re.sub(r"\\(.)|(%)|(_)", partial(_like_part, percent), text)
        sides = _line_of(names, column, "'" + value.replace("'", "''") + "'")
        if sides and sides[1] is not None and sides[1] not in found:
            found.append(sides[1])
    return tuple(found)


def _like_part(percent: str, found: re.Match[str]) -> str:
    escaped, any_text, _ = found.groups()
    return escaped or (percent if any_text else "x")


def _compares(value: Any, op: str, sides: Sides) -> bool:
    """Whether ``value <op> constant`` holds, the constant being the middle of ``sides`` (see columns.line);
    for [NOT] IN and [NOT] LIKE, ``sides`` holds the values that match."""
    if op in ("in", "like", "not in", "not like"):
        return (value in (sides or ())) != op.startswith("not")
    if sides is None or sides[1] is None:
        return False
    try:
        return _HOLDS[op](value, sides[1])
    except TypeError:
        return False


def _lookalikes(
    spec: MigrationSpec, table: TableInfo, overrides: tuple[tuple[str, ColumnOverride], ...]
) -> tuple[tuple[str, Any], ...]:
    """The constants mappings write into ``table`` when it exists before the migration (a tags table that
    gets a ``'latest'`` tag per dataset). The application writes such values too, so its rows written after the
    migration hold them in some rows: a rollback that deletes by the constant alone, not by what the migration
    wrote, then takes the application's rows with it. A column whose values the spec gives is left as given."""
    sources = {f"{m.database}.{m.source}" for m in spec.mappings}  # a table changed in place: not a copy's target
    given = {column for column, _ in overrides}
    found: dict[str, Any] = {}
    for m in spec.mappings:
        if f"{m.database}.{m.target}" != table.ref or table.ref in sources:
            continue
        for name, value in m.constants.items():
            column = next((c for c in table.columns if c.name == name), None)
            if column is not None and name not in given and _holds(column.type, value):
                found.setdefault(name, value)
    return tuple(found.items())


def _holds(t: SqlType, value: Any) -> bool:
    """Whether the column takes ``value`` as written in the spec (a constant of another type is left out)."""
    if isinstance(value, str):
        return (t.kind in ("string", "uuid") and (t.length is None or len(value) <= t.length)) or (
            t.kind == "enum" and value in t.values
        )
    if isinstance(value, bool):
        return t.kind == "bool"
    if isinstance(value, int):
        return t.kind == "int" and t.lo <= value <= t.hi
    return False


def _picks_one_per_key(source: str, source_filter: str) -> bool:
    """Whether a mapping's filter chooses among the source's own rows (``id = (SELECT MIN(u2.id) FROM users u2
    WHERE u2.email = users.email)``): the migration deduplicates, so the key's values must repeat in the data
    for the choice to be tested, instead of being unique as a mapping's key otherwise is."""
    return re.search(rf"\b(?:FROM|JOIN)\s+`?{re.escape(source)}`?(?![\w.])", source_filter, re.I) is not None


def _compared_with_own_rows(source: str, source_filter: str) -> set[str]:
    """The source row's columns such a filter's subquery compares its rows with (``users.email`` in ``u2.email =
    users.email``): the rows it chooses among share them, so they must repeat in the data, the mapping's key
    or not (keep the lowest id per email while ids stay unique)."""
    name = re.escape(source)
    return {a or b for a, b in re.findall(rf"(?<![\w.`])`?{name}`?\.(?:`([^`]+)`|(\w+))", source_filter, re.I)}


def _writable_types(
    spec: MigrationSpec, table: TableInfo, columns: tuple[ColumnInfo, ...], overrides: dict[str, ColumnOverride]
) -> tuple[ColumnInfo, ...]:
    """A column of a type the generator cannot write is left to its default, or NULL; one that has neither
    needs its values from the spec (one error naming it, not an insert refused later)."""
    kept = []
    for c in columns:
        given = overrides.get(c.name)
        if c.type.kind != "unknown" or (given is not None and given.values):
            kept.append(c)
        elif c.default is None and not c.type.nullable:
            raise HarnessError(
                f"{spec.path}: generated data: cannot make values of type {c.type.raw} for {table.database} "
                f"{table.name}.{c.name} (NOT NULL, no default); list some in the spec: [generate.columns] "
                f'"{table.name}.{c.name}" = {{ values = [...] }}'
            )
        elif c.default is None:
            kept.append(c)  # NULL is all it gets
    return tuple(kept)


def _table(schema: Schema, name: str, key: str) -> TableInfo:
    table = schema.find(name)
    if table is None:
        known = ", ".join(sorted(schema.tables))
        raise HarnessError(f"{key}: no table {name} before the migration (tables: {known})")
    return table


def _links(schema: Schema, spec: MigrationSpec, gen: GenerateSpec) -> list[Link]:
    found: dict[tuple[str, tuple[str, ...]], Link] = {}
    strict = set(gen.no_orphans)

    def add(child: TableInfo, cols: tuple[str, ...], parent: TableInfo, pcols: tuple[str, ...], orphans: bool,
            origin: str) -> None:  # fmt: skip
        names = {c.name for c in child.columns}
        if not set(cols) <= names or not set(pcols) <= {c.name for c in parent.columns}:
            return
        if any(f"{child.name}.{c}" in strict or f"{child.ref}.{c}" in strict for c in cols):
            orphans = False
        found.setdefault((child.ref, cols), Link(child.ref, cols, parent.ref, pcols, orphans, origin))

    for table in schema.tables.values():
        for cols, parent, pcols in table.foreign:
            if f"{table.database}.{parent}" in schema.tables:
                add(table, cols, schema.tables[f"{table.database}.{parent}"], pcols, False, "foreign key")
    for child_ref, parent_ref in gen.belongs_to.items():
        owner = _table(schema, child_ref.rsplit(".", 1)[0], f"generate.belongs_to.{child_ref}")
        owned_by = _table(schema, parent_ref.rsplit(".", 1)[0], f"generate.belongs_to.{child_ref}")
        add(owner, (child_ref.rsplit(".", 1)[1],), owned_by, (parent_ref.rsplit(".", 1)[1],), True, "belongs_to")
    for r in spec.relations:
        # A relation between tables that exist before the migration is a parent/child pair; `tolerate`
        # says its orphans exist in production.
        pairs = [(r.source, r.target, False)] + ([(r.tolerate[0], r.tolerate[1], True)] if r.tolerate else [])
        for source, target, orphans in pairs:
            referring = schema.tables.get(f"{source.database}.{source.table}")
            referred = schema.tables.get(f"{target.database}.{target.table}")
            if referring is not None and referred is not None and referring.ref != referred.ref:
                add(referring, (source.column,), referred, (target.column,), orphans, f"relation {r.name!r}")
    return list(found.values())


def _parents_first(plans: list[TablePlan]) -> tuple[TablePlan, ...]:
    """Topological order; a link that would close a cycle is dropped (its column is generated freely)."""
    by_ref = {p.ref: p for p in plans}
    done: list[TablePlan] = []
    visiting: set[str] = set()

    def visit(ref: str) -> None:
        if ref in {p.ref for p in done}:
            return
        visiting.add(ref)
        plan = by_ref[ref]
        kept = []
        for link in plan.links:
            if link.parent in visiting:
                continue
            visit(link.parent)
            kept.append(link)
        visiting.discard(ref)
        done.append(replace(plan, links=tuple(kept)))

    for plan in sorted(plans, key=lambda p: p.ref):
        visit(plan.ref)
    return tuple(done)
