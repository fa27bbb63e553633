"""Builds a shape table by table, parents first: how many rows, which parent each child row belongs to
(zero, one or many children, orphans), group values, unique keys, and unmerged versions of rows of
ReplacingMergeTree/CollapsingMergeTree tables. Where each value comes from is a :class:`Source`'s
business: Hypothesis draws (:mod:`.strategies`) or a deterministic, realistic choice (:mod:`.fixed`)."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import replace
from typing import Any, Protocol

from .columns import later
from .model import DataModel, TablePlan
from .schema import ColumnInfo
from .shape import Batch, Shape

Row = dict[str, Any]
EXISTING_NOTE = "written by the application before"  # rows [[generate.existing]] copies from a source
NO_PARENT: Row = {}  # a child row whose nullable link columns are NULL: it belongs to no parent


def _not_null(plan: TablePlan, column: str) -> Any:
    return replace(plan.column(column).type, nullable=False)


class Source(Protocol):
    def value(self, plan: TablePlan, column: ColumnInfo, index: int) -> Any:
        """The value of ``column`` in the table's ``index``-th row."""

    def count(self, plan: TablePlan, what: str, index: int) -> int:
        """How many: ``rows`` of a table without parent, ``children`` of the ``index``-th parent row,
        ``orphans``, ``groups``, ``versions`` (later writes of existing rows), ``existing``."""

    def flag(self, what: str, index: int) -> bool:
        """Yes/no: ``defaults`` (leave the row's defaulted columns to the server), ``share`` (repeat a
        value in another group), ``stale`` (a version older than the stored one), ``cleared`` (a newer
        version's nullable columns NULL), ``existing``."""

    def pick(self, options: list[Any], index: int) -> Any: ...

    def scoped(self, plan: TablePlan, column: ColumnInfo, index: int) -> tuple[bool, Any]:
        """(True, value) where the ``index``-th row is one a source filter selects and ``value`` puts the
        column where the filter holds; (False, None) otherwise."""


def build_shape(model: DataModel, source: Source) -> Shape:
    rows_by_table: dict[str, list[Row]] = {}
    batches: list[Batch] = []
    uuids: set[Any] = set()  # UUID keys of the tables built so far
    for plan in model.tables:
        rows = _rows(plan, source, rows_by_table, uuids)
        rows_by_table[plan.ref] = rows
        uuids |= {row[c] for c in _uuid_keys(plan) for row in rows if row.get(c) is not None}
        batches += _batches(plan.ref, rows)
        if plan.info.keeps_versions and rows:
            batches += _versions(plan, rows, source)
    for target, copy_of, constants in model.existing:
        batches += _existing(model.plan(target), rows_by_table.get(copy_of, []), dict(constants), source)
    return Shape(tuple(batches))


def unique_key(plan: TablePlan, row: Row, columns: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The row's value of a unique key as the engine compares it (None: NULL never collides in MySQL).
    MySQL's default collations ignore case, accents, trailing spaces and tell emoji apart poorly, so
    strings compare by a conservative skeleton."""
    values = tuple(row.get(c) for c in columns)
    if plan.info.database != "mysql":
        return tuple(repr(v) for v in values)
    if any(v is None for v in values):
        return None
    return tuple(_skeleton(v) if isinstance(v, str) else v for v in values)


def _skeleton(text: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c.lower() if c.isascii() else "?" for c in plain).rstrip(" ")


def _uuid_keys(plan: TablePlan) -> list[str]:
    """Columns that alone are a unique key of UUIDs and take no parent's value: ids a UUID generator gives.
    Two tables' ids never meet in production, so a shape does not make them meet either (the edge UUIDs
    would otherwise be a dataset's id and an unrelated version's id at once, and a migration deriving version
    ids from dataset ids would see a collision no database can hold). Integer ids do meet, and may."""
    linked = {c for link in plan.links for c in link.columns}
    return [k[0] for k in plan.unique if len(k) == 1 and k[0] not in linked and plan.column(k[0]).type.kind == "uuid"]


def _rows(plan: TablePlan, source: Source, done: dict[str, list[Row]], uuids: set[Any]) -> list[Row]:
    primary = plan.links[0] if plan.links else None
    slots: list[Row | None] = []
    if primary is not None:
        for i, owner in enumerate(done.get(primary.parent, [])):
            slots += [owner] * source.count(plan, "children", i)
        if primary.orphans:
            slots += [None] * source.count(plan, "orphans", 0)
        if all(plan.column(c).type.nullable for c in primary.columns):  # rows that belong to no parent
            slots += [NO_PARENT] * source.count(plan, "orphans", 1)
    else:
        slots = [None] * source.count(plan, "rows", 0)
    pools = {g: [source.value(plan, plan.column(g), i) for i in range(max(source.count(plan, "groups", 0), 1))]
             for g in plan.groups}  # fmt: skip
    seen: dict[tuple[str, ...], set[tuple[Any, ...]]] = {u: set() for u in plan.unique}
    own_uuids = _uuid_keys(plan)
    rows: list[Row] = []
    for index, parent in enumerate(slots):
        for attempt in range(3):
            row = _row(plan, source, index + attempt * 1000, parent, pools, done)
            for c in own_uuids:
                if row.get(c) in uuids:  # the row keeps its other (edge) values
                    row[c] = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{plan.ref}:{row[c]}"))
            keys = {u: unique_key(plan, row, u) for u in plan.unique}
            if all(k is None or k not in seen[u] for u, k in keys.items()):
                for u, k in keys.items():
                    if k is not None:
                        seen[u].add(k)
                _point_within(plan, row, rows, source, index)
                rows.append(row)
                break
    if plan.shared and plan.groups and len(rows) > 1 and source.flag("share", 0):
        _share(plan, rows, seen)
    return rows


def _row(plan: TablePlan, source: Source, index: int, parent: Row | None, pools: dict[str, list[Any]],
         done: dict[str, list[Row]]) -> Row:  # fmt: skip
    linked = {c for link in plan.links for c in link.columns}
    row: Row = {}
    for column in plan.columns:
        if column.name in linked:
            continue
        if column.name in pools:
            held, value = source.scoped(plan, column, index)
            if parent is not None and column.name in parent:  # a child shares its parent's group
                row[column.name] = parent[column.name]
            elif held:  # a group the filter selects (group_by status, source_filter status IN (...))
                row[column.name] = value
            else:
                row[column.name] = source.pick(pools[column.name], index)
        else:
            row[column.name] = source.value(plan, column, index)
    for n, link in enumerate(plan.links):
        if n == 0:
            owner = parent
        else:
            parents = done.get(link.parent, [])
            owner = (
                source.pick(parents, index) if parents and not (link.orphans and source.flag("orphan", index)) else None
            )
        for col, pcol in zip(link.columns, link.parent_columns, strict=True):
            if owner is NO_PARENT:
                row[col] = None
            elif owner is not None:
                row[col] = owner.get(pcol)
            else:  # an orphan: a value of its own, never NULL (that is NO_PARENT's case)
                row[col] = source.value(plan, replace(plan.column(col), type=_not_null(plan, col)), index + 7)
    if source.flag("defaults", index):
        for column in plan.columns:
            if column.deterministic_default and column.name not in linked and column.name not in pools:
                row.pop(column.name, None)
    if plan.info.sign:
        row[plan.info.sign] = 1
    _nested_lengths_agree(plan, row)
    return row


def _point_within(plan: TablePlan, row: Row, earlier: list[Row], source: Source, index: int) -> None:
    """A self-referencing link (a reply's parent comment): a root (NULL, or the row itself where the column
    is NOT NULL) or a row built before this one, so a tree of several levels loads in insert order."""
    for link in plan.self_links:
        nullable = all(plan.column(c).type.nullable for c in link.columns)
        root = not earlier or source.flag("root", index)
        owner = row if root and not nullable else None if root else source.pick(earlier[-3:], index)
        for col, pcol in zip(link.columns, link.parent_columns, strict=True):
            row[col] = None if owner is None else owner.get(pcol)


def _nested_lengths_agree(plan: TablePlan, row: Row) -> None:
    """The arrays of one ClickHouse ``Nested`` structure (``props.key``, ``props.value``) hold one element per
    nested row, so the engine refuses them of different lengths: each is cut to the shortest."""
    nested: dict[str, list[str]] = {}
    for column in plan.columns:
        if "." in column.name and column.type.kind == "array" and isinstance(row.get(column.name), list):
            nested.setdefault(column.name.split(".", 1)[0], []).append(column.name)
    for names in nested.values():
        shortest = min(len(row[n]) for n in names)
        for n in names:
            row[n] = row[n][:shortest]


def _share(plan: TablePlan, rows: list[Row], seen: dict[tuple[str, ...], set[tuple[Any, ...]]]) -> None:
    """Another group's row takes the first row's shared values (the same event id in two tenants)."""
    first = rows[0]
    for row in rows[1:]:
        if any(row.get(g) != first.get(g) for g in plan.groups):
            trial = {**row, **{c: first[c] for c in plan.shared if c in first}}
            keys = {u: unique_key(plan, trial, u) for u in plan.unique}
            if all(k is None or k not in seen[u] for u, k in keys.items()):
                row.update(trial)
                for u, k in keys.items():
                    if k is not None:
                        seen[u].add(k)
            return


def _batches(table: str, rows: list[Row], note: str = "") -> list[Batch]:
    """Consecutive rows naming the same columns share one INSERT."""
    batches: list[Batch] = []
    for row in rows:
        columns = tuple(row)
        if batches and batches[-1].columns == columns:
            last = batches[-1]
            batches[-1] = Batch(table, columns, (*last.rows, tuple(row.values())), note)
        else:
            batches.append(Batch(table, columns, (tuple(row.values()),), note))
    return batches


def _versions(plan: TablePlan, rows: list[Row], source: Source) -> list[Batch]:
    """Later writes of stored rows, each its own INSERT (an unmerged part): newer ones, and stale ones
    (an older version inserted later) where the engine orders by a version column."""
    info = plan.info
    fixed = set(info.sorting) | {c for link in plan.links for c in link.columns} | set(plan.groups)
    fixed |= {info.sign, info.version} - {""}
    batches: list[Batch] = []
    picks = [source.pick(list(range(len(rows))), n) for n in range(min(source.count(plan, "versions", 0), len(rows)))]
    # A row a source filter selects gets a newer version too, still selected (its filter's columns kept): a
    # copy of what the filter selects that forgets FINAL is then seen, not only one of the whole table.
    scope = dict(plan.in_scope[0]) if plan.in_scope else {}
    selected = next((i for i, r in enumerate(rows) if scope and all(r.get(c) == v for c, v in scope.items())), None)
    if selected is not None and selected not in picks:
        picks.append(selected)
    for n, pick in enumerate(picks):
        old = rows[pick]
        kept = fixed | (set(scope) if pick == selected else set())
        new = dict(old)
        stale = bool(info.version) and source.flag("stale", n)
        # A newer write that clears a column: a copy by argMax(column, version), which skips NULLs, keeps
        # the older value where FINAL reads NULL.
        cleared = not stale and source.flag("cleared", n)
        for column in plan.columns:
            if column.name not in kept and column.name in old:
                clear = cleared and column.type.nullable
                new[column.name] = None if clear else source.value(plan, column, 5000 + n)
        _nested_lengths_agree(plan, new)
        note = "newer version"
        if info.version and info.version in old:
            moved = later(plan.column(info.version).type, old[info.version], -1 if stale else 1)
            if moved is None:
                continue
            new[info.version], note = moved, "stale version" if stale else "newer version"
        if info.sign:
            batches.append(Batch(info.ref, tuple(old), (tuple({**old, info.sign: -1}.values()),), "cancels a row"))
        batches.append(Batch(info.ref, tuple(new), (tuple(new.values()),), note))
    return batches


def _existing(plan: TablePlan, sources: list[Row], constants: dict[str, Any], source: Source) -> list[Batch]:
    """Rows the application already wrote to a target for some source rows: same-named columns copied."""
    rows = []
    for i, src in enumerate(sources):
        if not source.flag("existing", i):
            continue
        row = {c.name: src[c.name] if c.name in src else source.value(plan, c, 9000 + i) for c in plan.columns}
        rows.append({**row, **constants})
    return _batches(plan.ref, rows, EXISTING_NOTE)
