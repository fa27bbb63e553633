"""The fixed shape: one deterministic, realistic shape (seeded Faker, by column name) that still holds every
edge value of every column, parents with many, zero and one children, orphans, three groups (one with a
nasty name), a value shared across groups, server defaults, and newer and stale unmerged versions.

Mutation testing runs on it: a broken migration must fail on *this* data. The first rows of each table
are realistic; each later row carries the next edge value of every column (NULL, limits, quotes, emoji...).
"""

from __future__ import annotations

import random
from typing import Any

from faker import Faker

from .build import build_shape
from .columns import edges, fit, realistic
from .model import DataModel, TablePlan
from .schema import ColumnInfo
from .shape import Shape

REALISTIC = 4  # realistic rows before the edge rows
FANOUT = (12, 0, 1, 2, 3, 1)  # children of the 1st, 2nd, ... parent row: skewed, with empty parents
RETRY = 1000  # row indexes from here on are retries after a unique-key collision: realistic values


def column_edges(plan: TablePlan, column: ColumnInfo) -> list[Any]:
    """The column's edge values, or the spec's allowed values (each one, NULL first where allowed)."""
    override = plan.override(column.name)
    null = column.type.nullable and (override is None or override.null is not False)
    if override is not None and override.values:
        return ([None] if null else []) + list(override.values)
    found = [e for e in edges(column.type) if e is not None or null]
    found += [b for b in plan.boundary(column.name) if b not in found]  # both sides of a filter's line
    if override is not None and override.length is not None and column.type.kind == "string":
        found = list(dict.fromkeys(e if e is None else e[: override.length] for e in found))
    return found


def edge_rows(plan: TablePlan) -> int:
    """Rows that carry edge values: as many as the column with the most."""
    return max((len(column_edges(plan, c)) for c in plan.columns), default=0)


class FixedSource:
    """Deterministic choices; ``app`` makes the few, plain rows the application writes after the migration."""

    def __init__(self, seed: int = 20251231, app: bool = False) -> None:
        self.fake = Faker(["en_US", "ja_JP", "de_DE"])
        self.fake.seed_instance(seed)
        self.rnd = random.Random(seed)
        self.app = app

    def value(self, plan: TablePlan, column: ColumnInfo, index: int) -> Any:
        override = plan.override(column.name)
        lookalike = plan.lookalike(column.name)
        if self.app and lookalike is not None and index % 2 == 0:  # the application writes it too
            return lookalike
        if column.name in plan.groups and index == 2 and not self.app:  # the third group has a nasty name
            nasty = [e for e in column_edges(plan, column) if isinstance(e, str) and e.strip()]
            if nasty:
                return nasty[0]
        if column.name in plan.groups and index == 1 and not self.app and None in column_edges(plan, column):
            return None  # the second group is NULL where the column allows it: rows that belong to no group
        k = index - REALISTIC
        if not self.app and 0 <= k < RETRY - REALISTIC:
            held, in_scope = self.scoped(plan, column, index)
            if held:
                return in_scope
            found = column_edges(plan, column) if column.name not in plan.groups else []
            if k < len(found):
                return found[k]
        if override is not None and override.values:
            weights = list(override.weights) or None
            return self.rnd.choices(list(override.values), weights=weights)[0]
        value: Any
        if override is not None and override.faker:
            value = fit(column.type, str(getattr(self.fake, override.faker)()))
        else:
            value = realistic(column.type, column.name, self.fake, self.rnd)
        if self.app and column.type.kind == "int" and column.type.hi > 10**6:
            value = column.type.hi // 2 + self.rnd.randrange(1, 10**4)  # clear of the fixed shape's values
        if override is not None and override.length is not None and isinstance(value, str):
            value = value[: override.length]
        return value

    def scoped(self, plan: TablePlan, column: ColumnInfo, index: int) -> tuple[bool, Any]:
        """After the edge rows, a source filter's rows: the value that puts the column where the filter holds."""
        scoped = index - REALISTIC - edge_rows(plan) if plan.in_scope and not self.app else -1
        if not 0 <= scoped < len(plan.in_scope) or column.name not in (row := dict(plan.in_scope[scoped])):
            return False, None
        override = plan.override(column.name)
        allowed = override.values if override is not None and override.values else None
        # A CHECK's values, the spec's: only those.
        return allowed is None or row[column.name] in allowed, row[column.name]

    def count(self, plan: TablePlan, what: str, index: int) -> int:
        if self.app:
            return {"rows": 2, "children": 2 if index == 0 else 0, "groups": 1}.get(what, 0)
        if what == "rows":
            return REALISTIC + edge_rows(plan) + len(plan.in_scope)
        if what == "children":
            return FANOUT[index % len(FANOUT)]
        return {"orphans": 2, "groups": 3, "versions": 4}.get(what, 0)

    def flag(self, what: str, index: int) -> bool:
        if what == "defaults":
            return index == REALISTIC - 1 and not self.app
        if what == "stale":
            return index == 3  # the fourth version is older than the stored row, but inserted later
        if what == "cleared":
            return index == 1  # the second version clears what may be NULL
        if what == "existing":
            return index % 2 == 0 and not self.app
        if what == "orphan":
            return index % 5 == 4
        if what == "root":  # every third row of a self-referencing table starts a tree
            return index % 3 == 0
        return what == "share" and not self.app

    def pick(self, options: list[Any], index: int) -> Any:
        return options[index % len(options)]


def fixed_shape(model: DataModel, seed: int = 20251231) -> Shape:
    return build_shape(model, FixedSource(seed))


def app_shape(model: DataModel, seed: int = 20260105) -> Shape:
    """What the application writes after the migration: two rows per table without a parent, two children
    for the first of them, realistic values, no edge cases (they belong to the seeded data)."""
    return build_shape(model, FixedSource(seed, app=True))
