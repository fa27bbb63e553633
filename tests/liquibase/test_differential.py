"""Differential tests: every corpus changelog migrated by NativeRunner and by the real Liquibase 4.28 CLI.

Each case runs update, status, rollback-count and update again on both sides; ``case.json`` may set
``rollback`` (the count), ``rollback_fails``, ``properties`` (-D values), ``contexts`` and ``labels`` (the
run's --contexts / --label-filter, given to every command on both sides).

The CLI costs ~2 s per call (four per case), so a case runs once per test session: the first xdist worker
to need it migrates it (under a lock file) and leaves the outcome for the other. With one module fixture
per worker, both workers migrated the whole corpus (425 s of setup each, the longest part of CI).
"""

from __future__ import annotations

import fcntl
import json
import os
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lb_support import CORPUS, history, schema_and_data

from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.cli_runner import LiquibaseCliRunner, find_liquibase
from migration_harness.targets.local import LocalTarget

pytestmark = pytest.mark.liquibase_cli
# LB_CASES=a,b runs only those cases (while working on them: every case costs four JVM starts)
_ONLY = {c for c in os.environ.get("LB_CASES", "").split(",") if c}
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and (not _ONLY or p.name in _ONLY))


@dataclass
class Outcome:
    meta: dict[str, Any]
    results: dict[str, Any] = field(default_factory=dict)


def _changelog(case_dir: Path) -> Path:
    for name in ("changelog.xml", "changelog.sql", "changelog.yaml", "changelog.json"):
        if (case_dir / name).is_file():
            return case_dir / name
    raise FileNotFoundError(case_dir)


def _attempt(fn: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", fn()
    except Exception as exc:
        return "error", str(exc)


def migrate_case(target: LocalTarget, case: str) -> Outcome:
    """Update, status, rollback-count and update again, natively on one database and with the CLI on another."""
    meta_file = CORPUS / case / "case.json"
    outcome = Outcome(json.loads(meta_file.read_text()) if meta_file.is_file() else {})
    meta, r = outcome.meta, outcome.results
    native_db, cli_db = target.scratch("mysql", f"n_{case}"), target.scratch("mysql", f"c_{case}")
    contexts, labels = meta.get("contexts"), meta.get("labels")
    log = load_changelog(
        _changelog(CORPUS / case), meta.get("properties"), dbms=native_db.sql.liquibase_name, contexts=contexts
    )
    native, cli = NativeRunner(native_db, log, contexts, labels), LiquibaseCliRunner(cli_db, log, contexts, labels)
    native_view_of_cli = NativeRunner(cli_db, log, contexts, labels)  # our view of the CLI-migrated database
    cli_view_of_native = LiquibaseCliRunner(native_db, log, contexts, labels)  # Liquibase's view of ours

    def snap(label: str) -> None:
        for side, engine in (("native", native_db), ("cli", cli_db)):
            r[f"{side}_{label}_history"] = history(engine)
            r[f"{side}_{label}_schema"] = schema_and_data(engine)

    r["native_update"], r["cli_update"] = _attempt(native.update), _attempt(cli.update)
    snap("updated")
    r["native_status"] = _attempt(lambda: [cs.key for cs in native_view_of_cli.status()])
    r["cli_status"] = _attempt(lambda: [cs.key for cs in cli_view_of_native.status()])
    r["native_self_status"] = [cs.key for cs in native.status()]
    count = meta.get("rollback", 2)
    r["native_rollback"] = _attempt(lambda: native.rollback_count(count))
    r["cli_rollback"] = _attempt(lambda: cli.rollback_count(count))
    snap("rolled_back")
    r["native_reupdate"], r["cli_reupdate"] = _attempt(native.update), _attempt(cli.update)
    snap("reupdated")
    target.release([native_db, cli_db])
    return outcome


@pytest.fixture(scope="session")
def corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory every xdist worker of this test session shares (their base directories' parent)."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "liquibase-corpus"
    shared.mkdir(exist_ok=True)
    return shared


@pytest.fixture(scope="module")
def outcomes(lb_target: LocalTarget, corpus_cache: Path) -> Iterator[Callable[[str], Outcome]]:
    """``outcomes(case)``: the case's outcome, migrated here unless another worker already did."""
    if find_liquibase() is None:
        pytest.skip("Liquibase CLI not found (PATH, $LIQUIBASE_HOME or .tools/node_modules/liquibase)")
    seen: dict[str, Outcome] = {}

    def outcome(case: str) -> Outcome:
        if case not in seen:
            with open(corpus_cache / f"{case}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker may be migrating it right now
                stored = corpus_cache / f"{case}.pickle"
                if not stored.exists():
                    stored.write_bytes(pickle.dumps(migrate_case(lb_target, case)))
                seen[case] = pickle.loads(stored.read_bytes())
        return seen[case]

    yield outcome


@pytest.mark.parametrize("case", CASES)
def test_update_rows_and_checksums_match_liquibase(outcomes: Callable[[str], Outcome], case: str) -> None:
    r = outcomes(case).results
    assert r["native_update"][0] == r["cli_update"][0], (r["native_update"], r["cli_update"])
    assert r["native_updated_history"] == r["cli_updated_history"]
    assert r["native_updated_history"], "the case applied nothing"


@pytest.mark.parametrize("case", CASES)
def test_update_schema_and_data_match_liquibase(outcomes: Callable[[str], Outcome], case: str) -> None:
    r = outcomes(case).results
    assert r["native_updated_schema"] == r["cli_updated_schema"]


@pytest.mark.parametrize("case", CASES)
def test_status_interoperates(outcomes: Callable[[str], Outcome], case: str) -> None:
    r = outcomes(case).results
    # what Liquibase says is pending on our database == what we say is pending on it (runAlways only)
    assert r["cli_status"] == ("ok", r["native_self_status"])
    assert r["native_status"] == ("ok", r["native_self_status"])


@pytest.mark.parametrize("case", CASES)
def test_rollback_count_matches_liquibase(outcomes: Callable[[str], Outcome], case: str) -> None:
    outcome = outcomes(case)
    r = outcome.results
    expect_failure = outcome.meta.get("rollback_fails", False)
    assert r["native_rollback"][0] == ("error" if expect_failure else "ok"), r["native_rollback"]
    assert r["cli_rollback"][0] == r["native_rollback"][0], r["cli_rollback"]
    assert r["native_rolled_back_history"] == r["cli_rolled_back_history"]
    assert r["native_rolled_back_schema"] == r["cli_rolled_back_schema"]


@pytest.mark.parametrize("case", CASES)
def test_update_after_rollback_matches_liquibase(outcomes: Callable[[str], Outcome], case: str) -> None:
    r = outcomes(case).results
    assert r["native_reupdate"][0] == r["cli_reupdate"][0], (r["native_reupdate"], r["cli_reupdate"])
    assert r["native_reupdated_history"] == r["cli_reupdated_history"]
    assert r["native_reupdated_schema"] == r["cli_reupdated_schema"]
