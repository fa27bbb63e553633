"""How pytest collects the shipped suites: the spec file is a test file whose children are the suites.

Like pytest-alembic's collector, the suites live inside the package and join a run through pytest's own
collection (``pytest_collect_file``): ``pytest migrations/spec.toml`` collects them, ``--migration PATH``
adds the spec to the paths to collect, and a spec set in the ini file is collected when the run is not
limited to other paths. Node ids read like the checklist:
``migrations/spec.toml::parity.py::test_total_count_matches[mysql datasets -> dataset_versions]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from _pytest._code.code import TerminalRepr

from . import suites
from .errors import HarnessError
from .runs import changeset_ref
from .session import HarnessSession, Plan, get_harness

SUITE_DIR = Path(suites.__file__).parent
MAX_CRASH_POINTS = 4  # per changeset: enough to hit early, middle and late statements
MARKER = "migration_suite"


class MigrationSpecFile(pytest.File):
    """A migration spec as pytest collects it: the selected suites, parametrized from the spec."""

    def collect(self) -> Iterator[pytest.Module]:
        harness = get_harness(self.config)
        harness.load_spec()
        for name in harness.suites:
            # The node id hangs off the spec's, wherever the package is installed.
            path, module = SUITE_DIR / f"{name}.py", f"{name}.py"
            yield pytest.Module.from_parent(self, path=path, name=module, nodeid=f"{self.nodeid}::{module}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:  # type: ignore[override]
        if isinstance(excinfo.value, HarnessError):  # a bad spec or changelog: the sentence, no traceback
            return str(excinfo.value)
        return super().repr_failure(excinfo)


def is_harness_item(item: pytest.Item) -> bool:
    return item.get_closest_marker(MARKER) is not None


def crash_points(plans: Mapping[str, Plan]) -> list[tuple[str, str, int]]:
    """(database, changeset, statements run before the crash): right after the previous changeset was
    recorded (0), inside every multi-statement changeset, and after the last statement but before Liquibase
    recorded the changeset (n), so a re-run executes statements that already took effect. A changelog run
    by a Liquibase process gets only the boundaries (0 and n): nothing can stop it between two statements."""
    points = []
    for kind, plan in plans.items():
        for i, cs in enumerate(plan.migration):
            n = max(len(cs.statements), 1) if plan.boundaries_only else len(cs.statements)
            cuts = set() if plan.boundaries_only else {
                max(1, round(j * (n - 1) / MAX_CRASH_POINTS)) for j in range(1, MAX_CRASH_POINTS + 1)
            }  # fmt: skip
            cuts.add(n)
            if i > 0:
                cuts.add(0)
            points += [(kind, changeset_ref(cs), k) for k in sorted(cuts) if 0 <= k <= n]
    return points


def crash_point_id(plan: Plan, kind: str, ref: str, after: int) -> str:
    if not plan.boundaries_only:
        return f"{kind} {ref} after statement {after}"
    return f"{kind} {ref} {'before it began' if after == 0 else 'ran, not recorded'}"


def _or_none(values: Sequence[object], key: str) -> list[object]:
    """The spec's values, or one skipped placeholder that says none are declared."""
    return _or_skipped(values, f"the spec declares no [[{key}]]")


def _or_skipped(values: Sequence[object], reason: str) -> list[object]:
    """``values``, or one skipped placeholder that says why there are none."""
    return list(values) if values else [pytest.param(None, marks=pytest.mark.skip(reason=reason))]


def parametrize(metafunc: pytest.Metafunc, harness: HarnessSession) -> None:
    """Parametrize the shipped suites (and only them: the marker says which) from the spec."""
    spec = harness.spec
    if spec is None or metafunc.definition.get_closest_marker(MARKER) is None:
        return
    names = metafunc.fixturenames
    if "migration_database" in names:
        metafunc.parametrize("migration_database", list(spec.databases), scope="function")
    if "migration_mapping" in names:
        ids = [f"{m.database} {m.name}" for m in spec.mappings]
        metafunc.parametrize(
            "migration_mapping", _or_none(spec.mappings, "mappings"), ids=ids or ["none"], indirect=True
        )  # the fixture of that name reads each one's source where it says
    if "migration_relation" in names:
        ids = [r.name for r in spec.relations]
        metafunc.parametrize("migration_relation", _or_none(spec.relations, "relations"), ids=ids or ["none"])
    if "migration_rollup" in names:
        ids = [f"{r.database} {r.name}" for r in spec.rollups]
        metafunc.parametrize("migration_rollup", _or_none(spec.rollups, "rollups"), ids=ids or ["none"])
    if "migration_crash_point" in names:
        points = crash_points(harness.plans)
        metafunc.parametrize("migration_crash_point", points, ids=_crash_ids(harness, points))
    if "migration_crash_point_read_final" in names:
        # Only there can a re-run after a crash leave what the idempotency suite rightly ignores (rows written
        # twice, which FINAL merges) and a rollback then restores twice; elsewhere it leaves a clean run's rows.
        points = [p for p in crash_points(harness.plans) if spec.read_final(p[0])]
        ids = _crash_ids(harness, points)
        reason = ("the spec reads no table FINAL: after a crash and a re-run every table holds what a clean run "
                  "holds (idempotency::test_crash_then_rerun_matches_clean_run), which the other rollback checks "
                  "roll back")  # fmt: skip
        metafunc.parametrize("migration_crash_point_read_final", _or_skipped(points, reason), ids=ids or ["none"])


def _crash_ids(harness: HarnessSession, points: list[tuple[str, str, int]]) -> list[str]:
    """Test ids of crash points that read like the checklist."""
    return [crash_point_id(harness.plans[k], k, ref, n) for k, ref, n in points]
