"""Collects the shipped suites into the session and parametrizes them from the spec.

Like pytest-alembic's built-in tests, the suites live inside the package; they join the session only
when a migration spec is given, under node ids that read like the checklist:
``migration-harness/parity.py::test_total_count_matches[mysql datasets -> dataset_versions]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from . import suites
from .runs import changeset_ref
from .session import HarnessSession

SUITE_DIR = Path(suites.__file__).parent
MAX_CRASH_POINTS = 4  # per changeset: enough to hit early, middle and late statements


def suite_modules(session: pytest.Session, names: Sequence[str]) -> list[pytest.Module]:
    return [
        pytest.Module.from_parent(session, path=SUITE_DIR / f"{name}.py", nodeid=f"migration-harness/{name}.py")
        for name in suites.SUITES
        if name in names
    ]


def collect_suites(session: pytest.Session, names: Sequence[str] = suites.SUITES) -> list[pytest.Item]:
    items: list[pytest.Item] = []
    for module in suite_modules(session, names):
        items.extend(session.genitems(module))
    return items


def crash_points(harness: HarnessSession) -> list[tuple[str, str, int]]:
    """(database, changeset, statements run before the crash): right after the previous changeset was
    recorded (0), inside every multi-statement changeset, and after the last statement but before Liquibase
    recorded the changeset (n), so a re-run executes statements that already took effect."""
    points = []
    for kind, plan in harness.plans.items():
        for i, cs in enumerate(plan.migration):
            n = len(cs.statements)
            cuts = {max(1, round(j * (n - 1) / MAX_CRASH_POINTS)) for j in range(1, MAX_CRASH_POINTS + 1)}
            cuts.add(n)
            if i > 0:
                cuts.add(0)
            points += [(kind, changeset_ref(cs), k) for k in sorted(cuts) if 0 <= k <= n]
    return points


def _or_none(values: Sequence[object], key: str) -> list[object]:
    """The spec's values, or one skipped placeholder that says none are declared."""
    if values:
        return list(values)
    return [pytest.param(None, marks=pytest.mark.skip(reason=f"the spec declares no [[{key}]]"))]


def parametrize(metafunc: pytest.Metafunc, harness: HarnessSession) -> None:
    spec = harness.spec
    if spec is None:
        return
    names = metafunc.fixturenames
    if "database" in names:
        metafunc.parametrize("database", list(spec.databases), scope="function")
    if "mapping" in names:
        ids = [f"{m.database} {m.name}" for m in spec.mappings]
        metafunc.parametrize("mapping", _or_none(spec.mappings, "mappings"), ids=ids or ["none"])
    if "relation" in names:
        ids = [r.name for r in spec.relations]
        metafunc.parametrize("relation", _or_none(spec.relations, "relations"), ids=ids or ["none"])
    if "crash_point" in names:
        points = crash_points(harness)
        metafunc.parametrize("crash_point", points, ids=[f"{k} {ref} after statement {n}" for k, ref, n in points])
