"""Hypothesis shapes: every count, value and choice of :func:`.build.build_shape` is a draw, so a failing
shape shrinks towards fewer rows, NULLs and the simplest values."""

from __future__ import annotations

from collections.abc import Callable
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
    def __init__(self, draw: st.DrawFn, model: DataModel, cache: dict[tuple[Any, ...], st.SearchStrategy[Any]]) -> None:
        # ``cache`` outlives the example: Hypothesis validates a strategy on its first draw, which cost a
        # quarter of generating a shape when every example built its strategies anew.
        self.draw, self.model, self._cache = draw, model, cache

    def _strategy(self, key: tuple[Any, ...], make: Callable[[], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def value(self, plan: TablePlan, column: ColumnInfo, index: int) -> Any:
        key = ("value", plan.ref, column.name, column.type.nullable)
        return self.draw(self._strategy(key, lambda: column_strategy(plan, column)))

    def count(self, plan: TablePlan, what: str, index: int) -> int:
        low, high = (0, self.model.rows) if what == "rows" else (1 if what == "groups" else 0, _COUNTS.get(what, 1))
        return self.draw(self._strategy(("count", low, high), lambda: st.integers(low, high)))

    def flag(self, what: str, index: int) -> bool:
        return self.draw(self._strategy(("flag",), st.booleans))

    def scoped(self, plan: TablePlan, column: ColumnInfo, index: int) -> tuple[bool, Any]:
        return False, None  # a filter's values are drawn often instead (column_strategy)

    def pick(self, options: list[Any], index: int) -> Any:
        if not options:
            return self.draw(st.sampled_from(options))  # Hypothesis's own error for an empty choice
        last = len(options) - 1  # an index shrinks towards the first option, as sampled_from does
        return options[self.draw(self._strategy(("count", 0, last), lambda: st.integers(0, last)))]


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
    line = plan.boundary(column.name)  # both sides of a filter's constant, drawn often
    return st.one_of(st.sampled_from(line), base) if line else base


def shapes(model: DataModel) -> st.SearchStrategy[Shape]:
    """Shapes of the whole pre-migration schema: parents with 0..3 children, orphans, several groups,
    values shared across groups, server defaults, unmerged newer and stale versions."""

    cache: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {}

    @st.composite
    def draw_shape(draw: st.DrawFn) -> Shape:
        return build_shape(model, _Draws(draw, model, cache))

    return draw_shape()
