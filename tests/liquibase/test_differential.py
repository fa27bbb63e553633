"""Differential tests: every corpus changelog migrated by NativeRunner and by the real Liquibase 4.28 CLI.

Each case runs update, status, rollback-count and update again on both sides; ``case.json`` may set
``rollback`` (the count), ``rollback_fails``, ``properties`` (-D values), ``contexts`` and ``labels`` (the
run's --contexts / --label-filter, given to every command on both sides).

The CLI costs ~2 s per call, so all CLI calls of a phase run in a small thread pool while native work
stays on the main thread; each case then asserts on the collected results.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lb_support import CORPUS, history, schema_and_data

from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.cli_runner import LiquibaseCliRunner, find_liquibase
from migration_harness.targets.local import LocalTarget

# One worker runs the whole module: its fixture migrates every case with the CLI, and each xdist worker that
# got a test of it paid for the whole corpus again (425 s of JVM starts each, the longest part of CI).
pytestmark = [pytest.mark.liquibase_cli, pytest.mark.xdist_group("liquibase-corpus")]
# LB_CASES=a,b runs only those cases (while working on them: every case costs four JVM starts)
_ONLY = {c for c in os.environ.get("LB_CASES", "").split(",") if c}
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and (not _ONLY or p.name in _ONLY))


@dataclass
class Outcome:
    meta: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)


def _changelog(case_dir: Path) -> Path:
    for name in ("changelog.xml", "changelog.sql"):
        if (case_dir / name).is_file():
            return case_dir / name
    raise FileNotFoundError(case_dir)


def _attempt(fn: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:
        return "error", str(exc)


@pytest.fixture(scope="module")
def outcomes(lb_target: LocalTarget) -> dict[str, Outcome]:
    if find_liquibase() is None:
        pytest.skip("Liquibase CLI not found (PATH, $LIQUIBASE_HOME or .tools/node_modules/liquibase)")
    runs: dict[str, tuple[Outcome, NativeRunner, LiquibaseCliRunner, NativeRunner, LiquibaseCliRunner]] = {}
    for case in CASES:
        meta_file = CORPUS / case / "case.json"
        meta = json.loads(meta_file.read_text()) if meta_file.is_file() else {}
        native_db = lb_target.scratch("mysql", f"n_{case}")
        cli_db = lb_target.scratch("mysql", f"c_{case}")
        contexts, labels = meta.get("contexts"), meta.get("labels")
        log = load_changelog(
            _changelog(CORPUS / case), meta.get("properties"), dbms=native_db.sql.liquibase_name, contexts=contexts
        )
        runs[case] = (
            Outcome(meta),
            NativeRunner(native_db, log, contexts, labels),
            LiquibaseCliRunner(cli_db, log, contexts, labels),
            NativeRunner(cli_db, log, contexts, labels),  # our view of the CLI-migrated database
            LiquibaseCliRunner(native_db, log, contexts, labels),  # Liquibase's view of ours
        )

    def phase(native: Callable[[str, Any], Any], cli: Callable[[str, Any], Any], name: str) -> None:
        for case, (outcome, *runners) in runs.items():
            outcome.results[f"native_{name}"] = _attempt(lambda c=case, r=runners: native(c, r))
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {c: pool.submit(_attempt, lambda c=c, r=rs[1:]: cli(c, r)) for c, rs in runs.items()}
            for case, future in futures.items():
                runs[case][0].results[f"cli_{name}"] = future.result()

    def snap(label: str) -> None:
        for outcome, native, cli, *_ in runs.values():
            for side, engine in (("native", native.engine), ("cli", cli.engine)):
                outcome.results[f"{side}_{label}_history"] = history(engine)
                outcome.results[f"{side}_{label}_schema"] = schema_and_data(engine)

    # runners per case: [native on A, CLI on B, native on B, CLI on A]
    phase(lambda c, r: r[0].update(), lambda c, r: r[1].update(), "update")
    snap("updated")
    phase(
        lambda c, r: [cs.key for cs in r[2].status()],
        lambda c, r: [cs.key for cs in r[3].status()],
        "status",
    )
    for outcome, native, *_ in runs.values():
        outcome.results["native_self_status"] = [cs.key for cs in native.status()]
    counts = {case: rs[0].meta.get("rollback", 2) for case, rs in runs.items()}
    phase(
        lambda c, r: r[0].rollback_count(counts[c]),
        lambda c, r: r[1].rollback_count(counts[c]),
        "rollback",
    )
    snap("rolled_back")
    phase(lambda c, r: r[0].update(), lambda c, r: r[1].update(), "reupdate")
    snap("reupdated")
    return {case: rs[0] for case, rs in runs.items()}


@pytest.mark.parametrize("case", CASES)
def test_update_rows_and_checksums_match_liquibase(outcomes: dict[str, Outcome], case: str) -> None:
    r = outcomes[case].results
    assert r["native_update"][0] == r["cli_update"][0], (r["native_update"], r["cli_update"])
    assert r["native_updated_history"] == r["cli_updated_history"]
    assert r["native_updated_history"], "the case applied nothing"


@pytest.mark.parametrize("case", CASES)
def test_update_schema_and_data_match_liquibase(outcomes: dict[str, Outcome], case: str) -> None:
    r = outcomes[case].results
    assert r["native_updated_schema"] == r["cli_updated_schema"]


@pytest.mark.parametrize("case", CASES)
def test_status_interoperates(outcomes: dict[str, Outcome], case: str) -> None:
    r = outcomes[case].results
    # what Liquibase says is pending on our database == what we say is pending on it (runAlways only)
    assert r["cli_status"] == ("ok", r["native_self_status"])
    assert r["native_status"] == ("ok", r["native_self_status"])


@pytest.mark.parametrize("case", CASES)
def test_rollback_count_matches_liquibase(outcomes: dict[str, Outcome], case: str) -> None:
    outcome = outcomes[case]
    r = outcome.results
    expect_failure = outcome.meta.get("rollback_fails", False)
    assert r["native_rollback"][0] == ("error" if expect_failure else "ok"), r["native_rollback"]
    assert r["cli_rollback"][0] == r["native_rollback"][0], r["cli_rollback"]
    assert r["native_rolled_back_history"] == r["cli_rolled_back_history"]
    assert r["native_rolled_back_schema"] == r["cli_rolled_back_schema"]


@pytest.mark.parametrize("case", CASES)
def test_update_after_rollback_matches_liquibase(outcomes: dict[str, Outcome], case: str) -> None:
    r = outcomes[case].results
    assert r["native_reupdate"][0] == r["cli_reupdate"][0], (r["native_reupdate"], r["cli_reupdate"])
    assert r["native_reupdated_history"] == r["cli_reupdated_history"]
    assert r["native_reupdated_schema"] == r["cli_reupdated_schema"]
