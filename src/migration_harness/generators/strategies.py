"""Hypothesis shapes: every count, value and choice of :func:`.build.build_shape` is a draw, so a failing
shape shrinks towards fewer rows, NULLs and the simplest values."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from .build import build_shape
from .columns import fit, strategy
from .model import DataModel, TablePlan
from .schema import ColumnInfo
from .shape import Shape

# Small on purpose: each example costs a real migration, and shrinking re-runs it many times.
_COUNTS = {"children": 3, "orphans": 1, "groups": 3, "versions": 2}


class _Draws:
    def __init__(self, draw: st.DrawFn, model: DataModel) -> None:
        self.draw, self.model = draw, model
        self._cache: dict[tuple[str, str, bool], st.SearchStrategy[Any]] = {}

    def value(self, plan: TablePlan, column: ColumnInfo, index: int) -> Any:
        key = (plan.ref, column.name, column.type.nullable)
        if key not in self._cache:
            self._cache[key] = column_strategy(plan, column)
        return self.draw(self._cache[key])

    def count(self, plan: TablePlan, what: str, index: int) -> int:
        if what == "rows":
            return self.draw(st.integers(0, self.model.rows))
        return self.draw(st.integers(1 if what == "groups" else 0, _COUNTS.get(what, 1)))

    def flag(self, what: str, index: int) -> bool:
        return self.draw(st.booleans())

    def pick(self, options: list[Any], index: int) -> Any:
        return self.draw(st.sampled_from(options))


def column_strategy(plan: TablePlan, column: ColumnInfo) -> st.SearchStrategy[Any]:
    """The column's strategy with the spec's override applied (allowed values, length, NULL or not)."""
    override = plan.override(column.name)
    t = column.type
    allow_null = t.nullable and (override is None or override.null is not False)
    if override is not None and override.values:
        base: st.SearchStrategy[Any] = st.sampled_from(list(override.values))
        return st.one_of(st.none(), base) if allow_null else base
    base = strategy(t, allow_null=allow_null)
    if override is not None and override.length is not None and t.kind == "string":
        n = override.length
        base = base.map(lambda s: s if s is None else fit(t, s)[:n])
    return base


def shapes(model: DataModel) -> st.SearchStrategy[Shape]:
    """Shapes of the whole pre-migration schema: parents with 0..3 children, orphans, several groups,
    values shared across groups, server defaults, unmerged newer and stale versions."""

    @st.composite
    def draw_shape(draw: st.DrawFn) -> Shape:
        return build_shape(model, _Draws(draw, model))

    return draw_shape()
