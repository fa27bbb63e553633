"""The declared invariants, checked in SQL inside each engine.

Every check returns a list of problems: readable sentences that name the database, table, column,
group and a few example rows. An empty list means the invariant holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import Any

from .dialects import ident, literal, qualified, reading_from
from .diffs import EXAMPLES, show_value, side_by_side
from .engines import Engine, Row
from .errors import failure_of
from .findings import Finding, Kind
from .spec import Mapping, Relation, Rollup, TableRef


def _query(engine: Engine, sql: str) -> list[Row]:
    return engine.query(engine.sql.analytic(sql))


def _scalar(engine: Engine, sql: str) -> Any:
    rows = _query(engine, sql)
    return rows[0][0] if rows else None


_READS_TABLES = re.compile(r"\b(FROM|JOIN)\b", re.IGNORECASE)


def _count_where(conditions: Iterable[str]) -> str:
    """Select-list counting, in one pass, the rows meeting each condition (0, not NULL, over no rows)."""
    return ", ".join(f"COALESCE(SUM(CASE WHEN {c} THEN 1 ELSE 0 END), 0)" for c in conditions)


def _may_repeat(engine: Engine, source: str, columns: Sequence[str]) -> bool:
    """False when no two rows of ``source`` share a value of ``columns``, judged by grouping on one 64-bit
    hash of them (equal values always hash alike, so never a miss); True means look again, exactly.
    Engines whose key hash is narrow always look exactly."""
    if not engine.sql.wide_key_hash:
        return True
    h = engine.sql.key_hash([f"mh_r.{ident(c)}" for c in columns])
    sql = f"SELECT {h} AS mh_h FROM {source} mh_r GROUP BY mh_h HAVING COUNT(*) > 1"
    return bool(int(_scalar(engine, f"SELECT COUNT(*) FROM ({sql}) mh_x")))


@dataclass(frozen=True)
class Sides:
    """The source as the application reads it and the target rows the migration created."""

    engine: Engine
    mapping: Mapping
    sample_every: int = 1  # keep one source key in N (``--sample``) for huge live tables

    @property
    def source(self) -> str:
        m = self.mapping
        database = m.source_database or self.engine.database  # another: the copy from before the migration
        scope = reading_from(m.source_filter, database, m.source_tables)  # "no version yet" as it was then
        base = self.engine.sql.read_table(database, m.source, m.source_read, scope)
        if self.sample_every <= 1:
            return base
        return f"(SELECT * FROM {base} mh_s WHERE {self._key_hash('mh_s', m.key.values())} % {self.sample_every} = 0)"

    @property
    def target(self) -> str:
        m = self.mapping
        return self.engine.sql.read_table(self.engine.database, m.target, m.target_read, m.target_filter)

    def _key_hash(self, alias: str, columns: Iterable[str]) -> str:
        return self.engine.sql.key_hash([f"{alias}.{ident(c)}" for c in columns])

    def join_on(self) -> str:
        sql = self.engine.sql
        types = self.key_types if sql.typed_comparisons else {}
        pairs = (
            sql.comparable(f"t.{ident(t)}", f"s.{ident(s)}", types.get(t, ("", "")))
            for t, s in self.mapping.key.items()
        )
        return " AND ".join(f"{left} = {right}" for left, right in pairs)

    @cached_property
    def key_types(self) -> dict[str, tuple[str, str]]:
        """(target type, source type) of each key column: a String key typed as UUID joins only when read so."""
        return self.types(self.mapping.key)

    @cached_property
    def target_types(self) -> dict[str, str]:
        """Declared type of each target column (read from the catalogue once per Sides)."""
        return {c.name: c.type for c in self.engine.columns(self.mapping.target)}

    @cached_property
    def source_types(self) -> dict[str, str]:
        m = self.mapping
        return self.target_types if m.source == m.target else {c.name: c.type for c in self.engine.columns(m.source)}

    def types(self, pairs: dict[str, str], computed: Iterable[str] = ()) -> dict[str, tuple[str, str]]:
        """(target type, source type) of each pair of columns (target column -> source column), '' where the
        catalogue has none, for comparing them as the same value (:meth:`Dialect.null_safe_equal`). A
        ``computed`` target's value is meant to be the target column's: it compares as that type does (text
        exactly, not by collation)."""
        found = {t: (self.target_types.get(t, ""), self.source_types.get(c, "")) for t, c in pairs.items()}
        return found | {t: (found[t][0], found[t][0]) for t in computed}

    def with_computed(self, expressions: dict[str, str], prefix: str) -> tuple[str, dict[str, str]]:
        """The source with each expression (target column -> SQL over the source row) computed beside its
        columns, and the name each is computed as; the source itself when there are none."""
        names = {t: f"{prefix}{i}" for i, t in enumerate(expressions)}
        if not names:
            return self.source, names
        computed = ", ".join(f"({self.engine.sql.spec_sql(expressions[t])}) AS {name}" for t, name in names.items())
        row = ident(self.mapping.source)  # the expression may name the source as its table (orders.customer_id)
        return f"(SELECT {row}.*, {computed} FROM {self.source} {row})", names

    @cached_property
    def grouped(self) -> tuple[str, dict[str, str]]:
        """The source with each ``group_by`` expression computed beside its columns, and each group's target
        column -> the source column that holds its value."""
        source, computed = self.with_computed(self.mapping.group_expressions, "mh_grp")
        return source, {t: computed.get(t, s) for t, s in self.mapping.group_by.items()}

    def key_list(self, alias: str, side: str) -> str:
        cols = self.mapping.key.keys() if side == "target" else self.mapping.key.values()
        return ", ".join(f"{alias}.{ident(c)}" for c in cols)

    @property
    def label(self) -> str:
        m = self.mapping
        scope = f" ({m.source_filter})" if m.source_filter else ""
        marker = f" ({m.target_filter})" if m.target_filter else ""
        sampled = f" [sampled: 1 source key in {self.sample_every}]" if self.sample_every > 1 else ""
        at = " before the migration" if m.source_at == "before" else ""
        return f"{self.engine.dialect} {m.source}{at}{scope} -> {m.target}{marker}{sampled}"

    @property
    def source_name(self) -> str:
        """The source as sentences name it: told apart from a target of the same name (a table rebuilt in
        place, compared with its copy from before the migration)."""
        m = self.mapping
        return f"{m.source} (before)" if m.source == m.target and m.source_at == "before" else m.source

    def lefts(self) -> str:
        return self.engine.sql.query_settings("join_use_nulls = 1")


def _examples(engine: Engine, sql: str, columns: Sequence[str], tail: str = "") -> tuple[str, ...]:
    rows = _query(engine, f"{sql} LIMIT {EXAMPLES}{tail}")
    shown = (", ".join(f"{c}={show_value(v)}" for c, v in zip(columns, r, strict=False)) for r in rows)
    return tuple(f"({row})" for row in shown)


def source_rows(engine: Engine, mapping: Mapping) -> int:
    """Source rows in scope, read as the application reads them."""
    return int(_scalar(engine, f"SELECT COUNT(*) FROM {Sides(engine, mapping).source} mh_a"))


def raw_and_final_rows(engine: Engine, mapping: Mapping) -> tuple[int, int]:
    """Source rows in scope as stored (every unmerged version) and as read (``source_read``)."""
    raw = engine.sql.read_table(engine.database, mapping.source, "", mapping.source_filter)
    return int(_scalar(engine, f"SELECT COUNT(*) FROM {raw} mh_r")), source_rows(engine, mapping)


def _finding(s: Sides, kind: Kind, count: int = 0, examples: tuple[str, ...] = (), **facts: Any) -> Finding:
    """A finding about a mapping: where it is and the names every mapping sentence uses."""
    m = s.mapping
    names = {"label": s.label, "source": s.source_name, "target": m.target}
    return Finding(kind, s.engine.dialect, m.target, facts.pop("column", ""), count, examples, {**names, **facts})


def total_parity(engine: Engine, mapping: Mapping) -> list[Finding]:
    s = Sides(engine, mapping)
    target = int(_scalar(engine, f"SELECT COUNT(*) FROM {s.target} mh_b"))
    return _parity(s, source_rows(engine, mapping), target)


def _parity(s: Sides, source: int, target: int) -> list[Finding]:
    engine, mapping = s.engine, s.mapping
    if source == target:
        # Stored apart now, one row after the next merge (only engines that merge later ask).
        if engine.sql.merges_later and (why := collapsed_source_rows(engine, mapping)):
            return [_finding(s, Kind.MERGE_WILL_COLLAPSE, source, source_rows=source, why=why)]
        return []
    why = collapsed_source_rows(engine, mapping) if target < source else ""
    delta, read = target - source, f" read {mapping.source_read}" if mapping.source_read else ""
    return [
        _finding(s, Kind.ROW_COUNT, abs(delta), source_rows=source, target_rows=target, delta=delta, read=read, why=why)
    ]


def collapsed_source_rows(engine: Engine, mapping: Mapping) -> str:
    """Why rows may have vanished: source rows that share the target's deduplicating key (a ClickHouse
    Replacing/Collapsing sorting key, a MySQL primary key) become one target row. '' when none do."""
    dedup = engine.dedup_key(mapping.target)
    pairs = mapping.column_pairs()
    to_source = {**pairs["group_by"], **pairs["preserve"], **pairs["id_rules"], **mapping.key}
    if not dedup or not all(column in to_source for column in dedup):
        return ""
    s = Sides(engine, mapping)
    mapped = [to_source[column] for column in dedup]
    if _source_unique_on(engine, mapping, mapped) or not _may_repeat(engine, s.source, mapped):
        return ""
    cols = ", ".join(ident(to_source[column]) for column in dedup)
    shared = f"SELECT {cols}, COUNT(*) AS mh_n FROM {s.source} mh_c GROUP BY {cols} HAVING COUNT(*) > 1"
    keys, rows = _query(engine, f"SELECT COUNT(*), SUM(mh_n) FROM ({shared}) mh_x")[0]
    if not int(keys or 0):
        return ""
    names = [to_source[column] for column in dedup]
    examples = "; ".join(_examples(engine, f"{shared} ORDER BY {cols}", [*names, "source rows"]))
    return (
        f"; {int(rows)} source row(s) share {int(keys)} value(s) of ({', '.join(names)}), and {mapping.target} "
        f"keeps one row per ({', '.join(dedup)}), so it collapses them: {examples}"
    )


def _source_unique_on(engine: Engine, mapping: Mapping, columns: Sequence[str]) -> bool:
    """Whether the database itself keeps the source's rows apart on ``columns`` (see :func:`_kept_apart`)."""
    if mapping.source_database:  # a copy from before the migration: not asked
        return False
    return _kept_apart(engine, mapping.source, mapping.source_read, columns)


def _kept_apart(engine: Engine, table: str, read: str, columns: Iterable[str]) -> bool:
    """Whether no two rows of ``table``, read as declared (``read``), can share values of ``columns``: a primary
    key or unique index among them, or the sorting key of a table read FINAL that keeps one row per key."""
    unique = engine.unique_keys(table)
    if read == "FINAL" and (final := engine.unique_when_final(table)):
        unique.append(final)
    return any(set(key) <= set(columns) for key in unique)


def group_parity(engine: Engine, mapping: Mapping) -> list[Finding]:
    if not mapping.group_by:
        return []
    s = Sides(engine, mapping)
    source, columns = s.grouped
    groups = list(columns.items())  # target column -> source column
    # Text grouped by its collation would make 'Acme' and 'ACME' one group: each side's values as they are.
    types = s.types(columns, mapping.group_expressions)
    sides = []  # (target, source) expression of each group, in one type where their declared types differ
    for tgt, src in groups:
        t_expr, s_expr = engine.sql.comparable(ident(tgt), ident(src), types[tgt])
        if engine.sql.equality_is_loose(types[tgt]):
            t_expr, s_expr = engine.sql.exactly(t_expr), engine.sql.exactly(s_expr)
        sides.append((t_expr, s_expr))
    g_src = ", ".join(f"{s_expr} AS mh_g{i}" for i, (_, s_expr) in enumerate(sides))
    g_tgt = ", ".join(f"{t_expr} AS mh_g{i}" for i, (t_expr, _) in enumerate(sides))
    g = ", ".join(f"mh_g{i}" for i in range(len(groups)))
    if engine.sql.groups_each_side_first:
        from_source = f"SELECT {g_src}, COUNT(*) AS mh_s, 0 AS mh_t FROM {source} a GROUP BY {g}"
        from_target = f"SELECT {g_tgt}, 0 AS mh_s, COUNT(*) AS mh_t FROM {s.target} b GROUP BY {g}"
    else:
        from_source = f"SELECT {g_src}, 1 AS mh_s, 0 AS mh_t FROM {source} a"
        from_target = f"SELECT {g_tgt}, 0 AS mh_s, 1 AS mh_t FROM {s.target} b"
    sql = (
        f"SELECT {g}, SUM(mh_s) AS mh_src, SUM(mh_t) AS mh_tgt FROM ({from_source} UNION ALL {from_target}) mh_u "
        f"GROUP BY {g} HAVING SUM(mh_s) <> SUM(mh_t)"
    )
    bad = int(_scalar(engine, f"SELECT COUNT(*) FROM ({sql}) mh_x"))
    if not bad:
        return []
    rows = _query(engine, f"{sql} ORDER BY {g} LIMIT {EXAMPLES}")
    names = list(mapping.group_by.values())
    shown = tuple(
        ", ".join(f"{n}={show_value(v)}" for n, v in zip(names, r, strict=False))
        + f": {int(r[-2])} in {mapping.source}, {int(r[-1])} in {mapping.target}"
        for r in rows
    )
    return [_finding(s, Kind.GROUP_COUNTS, bad, shown, groups=", ".join(names))]


def missing_targets(engine: Engine, mapping: Mapping, sample_every: int = 1) -> list[Finding]:
    """Source rows the migration did not carry over (no target row with the same key)."""
    return _carried(Sides(engine, mapping, sample_every), missing=True, preserved=False)


def preserved_columns(engine: Engine, mapping: Mapping, sample_every: int = 1) -> list[Finding]:
    """Every preserved column equal, row by row, between the source row and its migrated row."""
    return _carried(Sides(engine, mapping, sample_every), missing=False, preserved=True)


def carried_over(engine: Engine, mapping: Mapping, sample_every: int = 1) -> list[Finding]:
    """:func:`missing_targets` and :func:`preserved_columns` from one pass over the source (all_problems)."""
    return _carried(Sides(engine, mapping, sample_every), missing=True, preserved=True)


def _carried(s: Sides, missing: bool, preserved: bool) -> list[Finding]:
    """One pass over the source joined to the target counts the source rows with no migrated row and, per
    preserved column, the migrated rows whose value differs; examples are read only for what is broken."""
    engine, mapping = s.engine, s.mapping
    first_t = ident(next(iter(mapping.key)))
    matched = f"t.{first_t} IS NOT NULL"  # join keys are never NULL on a matched row
    pairs: dict[str, str] = {}
    types: dict[str, tuple[str, str]] = {}
    source, computed_as = s.source, dict[str, str]()
    if preserved:
        # A transformed value is computed beside the source's columns.
        source, computed_as = s.with_computed(mapping.preserve_expressions, "mh_kept")
        kept = {t: computed_as.get(t, c) for t, c in mapping.preserve.items()}
        types = s.types({**mapping.key, **kept}, computed_as)
        # A key the join matched loosely ('A' with 'a' under a case-insensitive collation) was not carried as
        # it was: it is compared like a preserved column.
        loose = {t: s for t, s in mapping.key.items() if engine.sql.equality_is_loose(types[t])}
        pairs = {**{t: s for t, s in loose.items() if t not in kept}, **kept}
    differs = {
        tcol: f"NOT {engine.sql.null_safe_equal(f's.{ident(scol)}', f't.{ident(tcol)}', types[tcol][::-1])}"
        for tcol, scol in pairs.items()
    }
    inner = f"FROM {source} s INNER JOIN {s.target} t ON {s.join_on()}"
    if missing:  # unmatched source rows are counted too: a left join (ClickHouse: with NULLs for them)
        conditions = [f"NOT ({matched})", *(f"{matched} AND {d}" for d in differs.values())]
        joined = f"FROM {source} s LEFT JOIN {s.target} t ON {s.join_on()}{s.lefts()}"
    elif differs:
        conditions, joined = list(differs.values()), inner
    else:
        return []
    counts = [int(n) for n in _query(engine, f"SELECT {_count_where(conditions)} {joined}")[0]]
    problems: list[Finding] = []
    if missing and (lost := counts.pop(0)):
        problems.append(_not_migrated(s, lost))
    keys = list(mapping.key.values())
    order = ", ".join(f"s.{ident(k)}" for k in keys)
    for (tcol, differ), count in zip(differs.items(), counts, strict=True):
        if not count:
            continue
        scol = pairs[tcol]
        shown = [
            engine.sql.readable(f"s.{ident(scol)}", types[tcol][1]),
            engine.sql.readable(f"t.{ident(tcol)}", types[tcol][0]),
        ]
        select = ", ".join([*(f"s.{ident(k)}" for k in keys), *shown])
        expression = mapping.preserve.get(tcol, "") if tcol in computed_as else ""
        origin = f"{expression} of {s.source_name}" if expression else f"{s.source_name}.{scol}"
        examples = _examples(
            engine,
            f"SELECT {select} {inner} WHERE {differ} ORDER BY {order}",
            [*keys, "expected" if expression else origin, f"{mapping.target}.{tcol}"],
        )
        problems.append(_finding(s, Kind.COLUMN_DIFFERS, count, examples, column=tcol, origin=origin))
    return problems


def one_value_everywhere(engine: Engine, mapping: Mapping) -> list[str]:
    """The preserved columns given as an expression that takes one value on every source row in scope (NULL,
    or ClickHouse's '' for a JSON path no document holds), over two rows or more: their equality proves
    nothing, as a wrong path gives the same value."""
    s = Sides(engine, mapping)
    source, names = s.with_computed(mapping.preserve_expressions, "mh_v")
    if not names:
        return []
    spread = ", ".join(f"COUNT({n}), MIN({n}), MAX({n})" for n in names.values())
    try:
        total, *found = _query(engine, f"SELECT COUNT(*), {spread} FROM {source} mh_s")[0]
    except Exception:  # a type without an order (a ClickHouse Map): not judged
        return []
    blank = []
    for i, target in enumerate(names):
        held, low, high = found[3 * i : 3 * i + 3]
        if int(total) >= 2 and (not int(held) or (int(held) == int(total) and low == high)):
            blank.append(target)
    return blank


def _not_migrated(s: Sides, count: int) -> Finding:
    engine, mapping = s.engine, s.mapping
    first_t = ident(next(iter(mapping.key)))
    base = f"FROM {s.source} s LEFT JOIN {s.target} t ON {s.join_on()} WHERE t.{first_t} IS NULL"
    context = [*mapping.column_pairs()["group_by"].values(), *mapping.column_pairs()["preserve"].values()][:3]
    cols = list(dict.fromkeys([*mapping.key.values(), *context]))
    select = ", ".join(f"s.{ident(c)}" for c in cols)
    examples = _examples(engine, f"SELECT {select} {base} ORDER BY {select}", cols, s.lefts())
    why = collapsed_source_rows(engine, mapping) + _null_keys(engine, s, base)
    return _finding(s, Kind.NOT_MIGRATED, count, examples, why=why)


def _null_keys(engine: Engine, s: Sides, base: str) -> str:
    """Why some rows cannot match, whatever the migration did: a NULL in a key column equals nothing."""
    keys = list(s.mapping.key.values())
    any_null = " OR ".join(f"s.{ident(k)} IS NULL" for k in keys)
    nulls = int(_scalar(engine, f"SELECT COUNT(*) {base} AND ({any_null}){s.lefts()}"))
    if not nulls:
        return ""
    return (f"; {nulls} of them have a NULL in a key column ({', '.join(keys)}), and keys compare with SQL "
            "equality, where NULL matches nothing: declare a key of NOT NULL columns")  # fmt: skip


def duplicate_targets(engine: Engine, mapping: Mapping) -> list[Finding]:
    if _kept_apart(engine, mapping.target, mapping.target_read, mapping.key):
        return []  # the database itself keeps one row per key
    s = Sides(engine, mapping)
    if not _may_repeat(engine, s.target, list(mapping.key)):
        return []
    keys = ", ".join(ident(k) for k in mapping.key)
    sql = f"SELECT {keys}, COUNT(*) AS mh_n FROM {s.target} d GROUP BY {keys} HAVING COUNT(*) > 1"
    count = int(_scalar(engine, f"SELECT COUNT(*) FROM ({sql}) mh_x"))
    if not count:
        return []
    examples = _examples(engine, f"{sql} ORDER BY {keys}", [*mapping.key, "copies"])
    return [_finding(s, Kind.MIGRATED_TWICE, count, examples)]


def _literal_type(value: object) -> str:
    return "text" if isinstance(value, str) else "number"


def _wrong_constants(s: Sides, alias: str = "") -> dict[str, str]:
    """Per declared constant, the condition a target row breaks it by (columns qualified by ``alias``)."""
    types = s.target_types if s.mapping.constants else {}
    return {
        c: f"NOT {s.engine.sql.null_safe_equal(alias + ident(c), literal(v), (types.get(c, ''), _literal_type(v)))}"
        for c, v in s.mapping.constants.items()
    }


def declared_constants(engine: Engine, mapping: Mapping) -> list[Finding]:
    s = Sides(engine, mapping)
    wrong = _wrong_constants(s)
    if not wrong:
        return []
    # One pass counts the wrong rows of every column; the values seen only for the broken ones.
    counts = _query(engine, f"SELECT {_count_where(wrong.values())} FROM {s.target} c")[0]
    problems = []
    for (column, value), count in zip(mapping.constants.items(), counts, strict=True):
        if not count:
            continue
        sql = f"SELECT {ident(column)}, COUNT(*) FROM {s.target} c WHERE {wrong[column]} GROUP BY {ident(column)}"
        rows = _query(engine, f"{sql} ORDER BY COUNT(*) DESC LIMIT {EXAMPLES}")
        seen = tuple(f"{show_value(v)} x{int(n)}" for v, n in rows)
        wrong_rows = sum(int(n) for _, n in rows)
        problems.append(_finding(s, Kind.CONSTANT_DIFFERS, wrong_rows, seen, column=column, value=value))
    return problems


def id_rules(engine: Engine, mapping: Mapping) -> list[Finding]:
    """Each generated ID follows its declared rule (target column = source column, or = an SQL expression
    over the source row) on every migrated row."""
    if not mapping.id_rules:
        return []
    s = Sides(engine, mapping)
    first_key = next(iter(mapping.key.values()))
    first_s = ident(first_key)
    matched = f"s.{first_s} IS NOT NULL"  # join keys are never NULL on a matched row
    source, computed_as = s.with_computed(mapping.id_expressions, "mh_rule")  # computed beside the source
    types = s.types(mapping.id_rules, computed_as)
    expected = {t: f"s.{computed_as.get(t) or ident(c)}" for t, c in mapping.id_rules.items()}
    differs = {t: f"NOT {engine.sql.null_safe_equal(f't.{ident(t)}', expected[t], types[t])}" for t in expected}
    # One pass over the target joined to the source: rows matching no source row, and per rule the matched
    # rows that break it. Examples only for what is broken.
    conditions = [f"NOT ({matched})", *(f"{matched} AND {d}" for d in differs.values())]
    joined = f"FROM {s.target} t LEFT JOIN {source} s ON {s.join_on()}"
    orphans, *broken = _query(engine, f"SELECT {_count_where(conditions)} {joined}{s.lefts()}")[0]
    problems: list[Finding] = []
    rules = ", ".join(mapping.rule_text(t) for t in mapping.id_rules)
    if orphans:
        base = f"{joined} WHERE s.{first_s} IS NULL"
        cols = list(dict.fromkeys([*mapping.key, *mapping.id_rules]))
        select = ", ".join(f"t.{ident(c)}" for c in cols)
        examples = _examples(engine, f"SELECT {select} {base} ORDER BY {select}", cols, s.lefts())
        problems.append(_finding(s, Kind.ORPHAN_TARGET, int(orphans), examples, rules=rules))
    for tcol, count in zip(mapping.id_rules, broken, strict=True):
        if count:
            base = f"FROM {s.target} t INNER JOIN {source} s ON {s.join_on()} WHERE {differs[tcol]}"
            shown = f", {expected[tcol]}" if tcol in computed_as else ""
            select = f"s.{first_s}, t.{ident(tcol)}{shown}"
            names = [f"{mapping.source}.{first_key}", tcol, *(["expected"] if shown else [])]
            examples = _examples(engine, f"SELECT {select} {base} ORDER BY {select}", names)
            problems.append(_finding(s, Kind.ID_RULE, int(count), examples, column=tcol, rule=mapping.rule_text(tcol)))
    return problems


BATCH = 5000  # values per INSERT when a relation brings one side's values over from another server


def _value_set(home: Engine, engine: Engine, ref: TableRef, scratch: list[str], fold: bool = False) -> str | None:
    """A query of ``ref``'s distinct values as ``v`` that ``home`` can run: on the table itself where home's
    server holds it, else on its values brought over in bulk into a session-only table there. None when
    the table does not exist (a table the migration creates had no values before it). ``fold``: as
    lower-case text (see :func:`_folds_case`)."""
    if ref.table not in engine.tables():
        return None
    distinct = _distinct_values(engine, ref, fold)
    if home.shares_server_with(engine):
        return distinct
    if (across := _read_across(home, engine, ref, fold)) is not None:
        return across
    name = f"mh_values_{len(scratch)}"
    try:
        home.execute(home.sql.drop_keys_table(name))
        home.execute(home.sql.keys_table(name))
    except Exception as refused:
        raise _NoScratchTable(str(refused)) from refused
    scratch.append(name)
    values = [r[0] for r in _query(engine, distinct)]
    for at in range(0, len(values), BATCH):
        rows = ", ".join(f"({literal(None if v is None else str(v))})" for v in values[at : at + BATCH])
        home.execute(f"INSERT INTO {ident(name)} (v) VALUES {rows}")
    return f"SELECT v FROM {ident(name)}"


def _read_across(home: Engine, engine: Engine, ref: TableRef, fold: bool) -> str | None:
    """``ref``'s distinct values read by ``home`` straight from ``engine``'s server (embedded ClickHouse reading
    the throwaway MariaDB), none of them passing through Python; None where home cannot, where a filter or
    read is written for the other engine, or where the column's values may read as other text there."""
    if ref.filter or ref.read:
        return None
    types = {c.name: c.type for c in engine.columns(ref.table)}
    if not engine.sql.reads_alike_elsewhere(types.get(ref.column, "")):
        return None
    table = home.foreign_table(engine, ref.table)
    if table is None:
        return None
    value = home.sql.folded_text(ident(ref.column)) if fold else ident(ref.column)
    return f"SELECT DISTINCT {value} AS v FROM {table} r"


def _distinct_values(engine: Engine, ref: TableRef, fold: bool) -> str:
    source = engine.sql.read_table(engine.database, ref.table, ref.read, ref.filter)
    value = engine.sql.folded_text(ident(ref.column)) if fold else ident(ref.column)
    return f"SELECT DISTINCT {value} AS v FROM {source} r"


def _folds_case(engines: dict[str, Engine], rel: Relation) -> bool:
    """Whether the relation compares UUIDs as case-free text: one side is a UUID type (which reads as
    lower-case hex) and the other need not be (a CHAR(36) may hold 'A1B2...'), so both are read lower-case."""
    refs = [rel.source, rel.target, *(rel.tolerate or ())]
    types = [
        (engine.sql, column.type)
        for ref in refs
        if ref.table in (engine := engines[ref.database]).tables()
        for column in engine.columns(ref.table)
        if column.name == ref.column
    ]
    return any(sql.is_uuid(type) for sql, type in types)


def _among(home: Engine, value: str, values: str | None) -> str:
    return "1 = 0" if values is None else home.sql.member_of(value, values)


def relation(engines: dict[str, Engine], rel: Relation, before: dict[str, Engine] | None = None) -> list[Finding]:
    """Every ``from`` value exists among the ``to`` values, checked inside the engine holding ``from``.
    ``tolerate`` names values that dangled before the migration: read in ``before`` (copies of the databases
    taken before it) where the run has them, else in the databases as they are."""
    src, dst = rel.source, rel.target
    home = engines[src.database]
    if src.table not in home.tables():  # a table the migration creates had no values before it
        return []
    scratch: list[str] = []
    fold = _folds_case(engines, rel)
    try:
        values = _distinct_values(home, src, fold)
        dangling = f"NOT {_among(home, 'f.v', _value_set(home, engines[dst.database], dst, scratch, fold))}"
        if rel.tolerate is not None:
            was_from, was_to = (_tolerated_side(engines, before, ref, home, scratch, fold) for ref in rel.tolerate)
            dangling += f" AND NOT ({_among(home, 'f.v', was_from)} AND NOT {_among(home, 'f.v', was_to)})"
        # NULL refers to nothing, as for a foreign key: a nullable reference left empty never dangles.
        sql = f"SELECT f.v FROM ({values}) f WHERE f.v IS NOT NULL AND {dangling}"
        count = int(_scalar(home, f"SELECT COUNT(*) FROM ({sql}) mh_d"))
        shown = [r[0] for r in _query(home, f"{sql} ORDER BY f.v LIMIT {EXAMPLES}")] if count else []
    except _NoScratchTable:
        count, shown = _dangling_in_python(engines, rel, before, fold)
    finally:
        for name in scratch:
            home.execute(home.sql.drop_keys_table(name))
    if not count:
        return []
    examples = tuple(show_value(v) for v in sorted(shown, key=str))
    to = f"{dst.database} {dst.table}.{dst.column}"
    return [
        Finding(Kind.DANGLING, src.database, src.table, src.column, count, examples, {"relation": rel.name, "to": to})
    ]


class _NoScratchTable(Exception):
    """The home engine refuses even a session-only table (a read-only live session, a missing privilege)."""


def _dangling_in_python(
    engines: dict[str, Engine], rel: Relation, before: dict[str, Engine] | None, fold: bool
) -> tuple[int, list[object]]:
    """The fallback where values cannot be brought over: distinct values of each side meet in Python."""

    def values(engine: Engine, ref: TableRef) -> set[object]:
        if ref.table not in engine.tables():
            return set()
        return {r[0] for r in _query(engine, _distinct_values(engine, ref, fold))}

    def values_before(ref: TableRef) -> set[object]:
        if before is not None and ref.database in before:
            return values(before[ref.database], replace(ref, read=""))
        return values(engines[ref.database], ref)

    dangling = values(engines[rel.source.database], rel.source) - values(engines[rel.target.database], rel.target)
    dangling.discard(None)
    if rel.tolerate is not None:
        dangling -= values_before(rel.tolerate[0]) - values_before(rel.tolerate[1])
    return len(dangling), sorted(dangling, key=str)[:EXAMPLES]


def _tolerated_side(
    engines: dict[str, Engine],
    before: dict[str, Engine] | None,
    ref: TableRef,
    home: Engine,
    scratch: list[str],
    fold: bool,
) -> str | None:
    """``ref``'s values before the migration: from its copy where there is one, every stored row (the copy of
    a Replicated table is a plain MergeTree, which cannot be read FINAL), else from the database as it is."""
    if before is not None and ref.database in before:
        return _value_set(home, before[ref.database], replace(ref, read=""), scratch, fold)
    return _value_set(home, engines[ref.database], ref, scratch, fold)


MAPPING_CHECKS = (total_parity, group_parity, carried_over, duplicate_targets, declared_constants, id_rules)


def mapping_problems(engine: Engine, mapping: Mapping) -> list[Finding]:
    """Every check of ``mapping``, as :data:`MAPPING_CHECKS` finds them. Most migrations are right, so one
    aggregate pass per side comes first: where it proves the rows identical (:func:`_identical_rows`) and no
    target key repeats, only what that cannot prove is asked (declared constants; on ClickHouse, rows a later
    merge collapses); otherwise, or for anything found, the checks themselves run and name the rows."""
    s = Sides(engine, mapping)
    proof = _identical_rows(s)
    # Proved identical, the target's keys are the source's: unique where the database keeps the source's so.
    unique = proof is not None and _source_unique_on(engine, mapping, list(mapping.key.values()))
    duplicates = [] if unique else duplicate_targets(engine, mapping)
    if proof is None or duplicates:  # the checks, in their order; the duplicates are known already
        return [
            p
            for check in MAPPING_CHECKS
            for p in (duplicates if check is duplicate_targets else check(engine, mapping))
        ]
    source, target, constants_hold = proof
    return _parity(s, source, target) + ([] if constants_hold else declared_constants(engine, mapping))


def rollup_sql(engine: Engine, rollup: Rollup, source_read: str | None = None) -> str:
    """The groups whose totals differ between the source's aggregates and the target's, or that only one
    side has: group values, then source rows, target rows and each total's (source, target) pair. Each side
    is grouped once (a CTE); the groups of both are joined to them NULL-safely, no FULL JOIN needed."""
    sql, r = engine.sql, rollup
    read = r.source_read if source_read is None else source_read
    source = sql.read_table(engine.database, r.source, read, r.source_filter)
    target = sql.read_table(engine.database, r.target, r.target_read, r.target_filter)
    groups = [f"mh_g{i}" for i in range(len(r.group_by))]

    def grouped(table: str, name: str, exprs: Iterable[str], totals: Iterable[str]) -> str:
        values = [f"{e} AS {g}" for e, g in zip(exprs, groups, strict=True)]
        values += ["COUNT(*) AS mh_n", *(f"{t} AS mh_v{i}" for i, t in enumerate(totals))]
        return f"SELECT {', '.join(values)} FROM {table} {ident(name)} GROUP BY {', '.join(groups)}"

    source_exprs = map(sql.spec_sql, r.group_by.values())
    from_source = grouped(source, r.source, source_exprs, map(sql.spec_sql, r.totals.values()))
    from_target = grouped(target, r.target, map(ident, r.group_by), map(r.target_total, r.totals))
    keys = " UNION DISTINCT ".join(f"SELECT {', '.join(groups)} FROM {side}" for side in ("mh_s", "mh_t"))
    on = {side: " AND ".join(sql.null_safe_equal(f"k.{g}", f"{side}.{g}") for g in groups) for side in ("mh_s", "mh_t")}
    totals = [(f"mh_s.mh_v{i}", f"mh_t.mh_v{i}") for i in range(len(r.totals))]
    # A group one side lacks is the aggregate of no rows there: fine where the other side's totals are all 0
    # (a post without comments keeps comment_count = 0), a difference otherwise.
    nothing = {side: " AND ".join(f"({pair[i]} IS NULL OR {pair[i]} = 0)" for pair in totals) for i, side in
               enumerate(("mh_s", "mh_t"))}  # fmt: skip
    unequal = " OR ".join(f"NOT {sql.null_safe_equal(a, b)}" for a, b in totals)
    differs = (
        f"(mh_s.mh_n IS NULL AND NOT ({nothing['mh_t']})) OR (mh_t.mh_n IS NULL AND NOT ({nothing['mh_s']})) "
        f"OR (mh_s.mh_n IS NOT NULL AND mh_t.mh_n IS NOT NULL AND ({unequal}))"
    )
    shown = [*(f"k.{g}" for g in groups), "mh_s.mh_n", "mh_t.mh_n", *(v for pair in totals for v in pair)]
    columns = ", ".join(f"{v} AS mh_c{i}" for i, v in enumerate(shown))
    return (
        f"WITH mh_s AS ({from_source}), mh_t AS ({from_target}) SELECT {columns} FROM ({keys}) k "
        f"LEFT JOIN mh_s ON {on['mh_s']} LEFT JOIN mh_t ON {on['mh_t']} WHERE {differs}"
    )


def rollup_totals(engine: Engine, rollup: Rollup) -> list[Finding]:
    """Per group, every declared total of the target equals the source's aggregate; a group only one side
    has counts as a difference unless its totals there are all 0 or NULL (what no rows add up to)."""
    sql = rollup_sql(engine, rollup)
    lefts = engine.sql.query_settings("join_use_nulls = 1")
    bad = int(_scalar(engine, f"SELECT COUNT(*) FROM ({sql}) mh_x{lefts}"))
    if not bad:
        return []
    groups = len(rollup.group_by)
    rows = _query(engine, f"{sql} ORDER BY {', '.join(f'k.mh_g{i}' for i in range(groups))} LIMIT {EXAMPLES}{lefts}")
    shown = tuple(_rollup_group(rollup, row, groups) for row in rows)
    why = ""
    if rollup.source_read:  # the classic: an INSERT ... SELECT that forgot FINAL counted every unmerged version
        as_stored = rollup_sql(engine, rollup, source_read="")
        if not int(_scalar(engine, f"SELECT COUNT(*) FROM ({as_stored}) mh_x{lefts}")):
            why = (
                f"; the totals match {rollup.source} read without {rollup.source_read}: the rollup counted every "
                f"unmerged version of a row (read the source {rollup.source_read} where the migration fills it)"
            )
    read = f" read {rollup.source_read}" if rollup.source_read else ""
    scope = f" ({rollup.source_filter})" if rollup.source_filter else ""
    marker = f" ({rollup.target_filter})" if rollup.target_filter else ""
    return [
        Finding(
            Kind.ROLLUP_TOTALS, engine.dialect, rollup.target, "", bad, shown,
            {"label": f"{engine.dialect} {rollup.source}{read}{scope} -> {rollup.target}{marker}",
             "groups": ", ".join(rollup.group_by), "why": why},
        )
    ]  # fmt: skip


def _rollup_group(rollup: Rollup, row: Row, groups: int) -> str:
    """One group as a sentence: its values, then what each side holds for it."""
    where = ", ".join(f"{name}={show_value(v)}" for name, v in zip(rollup.group_by, row, strict=False))
    source_rows, target_rows, *totals = row[groups:]
    pairs = list(zip(rollup.totals.items(), zip(totals[::2], totals[1::2], strict=True), strict=True))
    if target_rows is None:
        held = ", ".join(f"{source} {show_value(s)}" for (_, source), (s, _) in pairs)
        return f"({where}): {int(source_rows)} row(s) in {rollup.source} ({held}), no row in {rollup.target}"
    if source_rows is None:
        held = ", ".join(f"{target} {show_value(t)}" for (target, _), (_, t) in pairs)
        return f"({where}): {int(target_rows)} row(s) in {rollup.target} ({held}), no row in {rollup.source}"
    differ = [
        f"{target} {show_value(t)} in {rollup.target}, {source} {show_value(s)} in {rollup.source}"
        for (target, source), (s, t) in pairs
        if s != t  # as numbers: 12.3400 is 12.34
    ]
    return f"({where}): {'; '.join(differ)}"


def _identical_rows(s: Sides) -> tuple[int, int, bool] | None:
    """(source rows, target rows, whether every declared constant holds) when the source's rows and the
    target's carry the same multiset of declared values, i.e. equal counts and equal checksums of (key,
    group, preserved and ID-rule columns), mapped column to column, and no source key holds a NULL (which
    would match nothing); None when that is not so or cannot be judged. With target keys unique, that is
    every source row migrated once, group counts equal, preserved columns and ID rules holding: what parity,
    carried_over and id_rules check row by row. The constants are counted in the same pass over the target."""
    engine, mapping, sql = s.engine, s.mapping, s.engine.sql
    if mapping.source_database:  # the source's declared types live in another database: not read here
        return None
    pairs = list(dict.fromkeys([*mapping.key.items(), *mapping.group_by.items(), *mapping.preserve.items(),
                                *mapping.id_rules.items()]))  # fmt: skip
    types = [s.target_types, s.source_types]
    if not all(t in types[0] and c in types[1] and sql.checksums_agree(types[0][t], types[1][c]) for t, c in pairs):
        return None
    target_values = [sql.exact_value(f"t.{ident(t)}", types[0][t]) for t, _ in pairs]
    source_values = [sql.exact_value(f"s.{ident(c)}", types[1][c]) for _, c in pairs]
    null_key = " OR ".join(f"s.{ident(c)} IS NULL" for c in mapping.key.values())
    source_sums = [*sql.row_checksums(source_values), f"SUM(CASE WHEN {null_key} THEN 1 ELSE 0 END)"]
    checksums = sql.row_checksums(target_values)
    wrong = list(_wrong_constants(s, "t.").values())
    target_sums = [*checksums, *([_count_where(wrong)] if wrong else [])]
    queries = [
        f"SELECT COUNT(*), {', '.join(target_sums)} FROM {s.target} t",
        f"SELECT COUNT(*), {', '.join(source_sums)} FROM {s.source} s",
    ]
    (target, *target_row), (source, *source_row) = [
        rows[0] for rows in side_by_side(engine, [sql.analytic(q) for q in queries])
    ]
    *source_checksums, null_keys = source_row
    target_checksums, wrong_counts = target_row[: len(checksums)], target_row[len(checksums) :]
    same = [str(v) for v in target_checksums] == [str(v) for v in source_checksums]
    if not same or int(source) != int(target) or int(null_keys or 0):
        return None
    return int(source), int(target), not any(int(n or 0) for n in wrong_counts)


def source_as_declared(mapping: Mapping, before: dict[str, Engine] | None) -> Mapping | None:
    """``mapping`` reading its source where ``source_at`` says: the migrated database, or the copy of the
    databases taken just before the migration (``before``); None when that copy does not exist."""
    if mapping.source_at != "before":
        return mapping
    copy = (before or {}).get(mapping.database)
    if copy is None:
        return None
    resolved = replace(mapping, source_database=copy.database)
    expressions = (mapping.preserve, mapping.id_rules, mapping.group_by)
    if not any(
        _READS_TABLES.search(sql) for sql in (mapping.source_filter, *(e for x in expressions for e in x.values()))
    ):
        return resolved  # no subquery: spare a catalogue read per Hypothesis example
    # A filter's or an expression's subquery (the customer kept for this one's email) reads the tables as they
    # were, like the source row it belongs to; an expression's, as they are after the migration where they
    # lacked a column it names (the uuid the migration gives each order).
    tables = tuple(copy.tables())
    source = f"{qualified(copy.database, mapping.source)} AS {ident(mapping.source)}"

    def as_it_was(sql: str) -> str:
        before = reading_from(sql, copy.database, tables)
        refused = before != sql and failure_of(lambda: copy.query(f"SELECT {before} FROM {source} LIMIT 0"))
        return sql if refused else before

    preserve, id_rules, group_by = ({t: as_it_was(e) for t, e in x.items()} for x in expressions)
    return replace(resolved, source_tables=tables, preserve=preserve, id_rules=id_rules, group_by=group_by)


def all_problems(
    engines: dict[str, Engine],
    mappings: Sequence[Mapping],
    relations: Sequence[Relation],
    before: dict[str, Engine] | None = None,
    rollups: Sequence[Rollup] = (),
) -> list[Finding]:
    """Every invariant at once (the Hypothesis property test uses this); ``before`` as for :func:`relation`.

    The databases are checked concurrently, one thread each: a thread uses only its own database's
    connections (an engine is not thread-safe), and a relation that reads another server waits for them all."""
    # A mapping that reads its source as it was before the migration is checked where that copy exists.
    mappings = [r for r in (source_as_declared(m, before) for m in mappings) if r is not None]
    found: dict[int, list[Finding]] = {}  # by position in mappings + relations, so the order never varies
    work: dict[str, list[tuple[int, Callable[[], list[Finding]]]]] = {}
    later: list[tuple[int, Callable[[], list[Finding]]]] = []
    for i, m in enumerate(mappings):
        e = engines[m.database]
        work.setdefault(m.database, []).append((i, partial(mapping_problems, e, m)))
    for j, r in enumerate(relations, start=len(mappings)):
        home = engines[r.source.database]
        step = (j, partial(relation, engines, r, before))
        readers = [engines[ref.database] for ref in (r.target, *(r.tolerate or ()))]
        readers += [before[ref.database] for ref in r.tolerate or () if before and ref.database in before]
        if all(home.shares_server_with(e) for e in readers):
            work.setdefault(r.source.database, []).append(step)
        else:
            later.append(step)
    for k, rollup in enumerate(rollups, start=len(mappings) + len(relations)):
        work.setdefault(rollup.database, []).append((k, partial(rollup_totals, engines[rollup.database], rollup)))

    def run(steps: list[tuple[int, Callable[[], list[Finding]]]]) -> None:
        for index, step in steps:
            found[index] = step()

    with ThreadPoolExecutor(max_workers=max(1, len(work))) as pool:
        for done in [pool.submit(run, steps) for steps in work.values()]:
            done.result()  # re-raises a thread's error here
    run(later)
    return [p for index in sorted(found) for p in found[index]]
