"""Differential tests of command sequences: a changelog edited between runs, and commands with filters.

Each scenario runs the same steps on two fresh databases, one through NativeRunner and one through the real
Liquibase 4.28 CLI, and compares after every step: success or failure, DATABASECHANGELOG, schema and data.
A step is (version directory, command, arguments, run contexts, run labels).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from lb_support import history, schema_and_data

from migration_harness.engines import Engine
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.cli_runner import LiquibaseCliRunner, find_liquibase
from migration_harness.targets.local import LocalTarget

pytestmark = pytest.mark.liquibase_cli
SEQUENCES = Path(__file__).parent / "corpus_sequences"

Step = tuple[str, str, tuple[Any, ...], str | None, str | None]
SCENARIOS: dict[str, list[Step]] = {
    # identity is case-sensitive in Liquibase even on a case-insensitive collation (the server default
    # here); a RERAN's UPDATE then matches rows differing only in case, on both sides alike
    "case_identity": [
        ("v1", "update", (), None, None),
        ("v2", "update", (), None, None),
        ("v2", "update", (), None, None),
    ],
    # RERAN rewrites COMMENTS, CONTEXTS and LABELS from the edited changelog; a long comment is cut
    "rerun": [("v1", "update", (), None, None), ("v2", "update", (), None, None)],
    # status fails on an applied changeset whose checksum changed, as update does
    "status_edited": [("v1", "update", (), None, None), ("v2", "status", (), None, None)],
    # no changeset carries the tag: Liquibase 4.28 deploys everything and only warns
    "update_to_tag_unknown": [("../status_edited/v1", "update_to_tag", ("nope",), None, None)],
    # the tag is already in DATABASECHANGELOG (set by the tag command), the newer changesets carry none
    "update_to_tag_applied": [
        ("../case_identity/v1", "update", (), None, None),
        ("../case_identity/v1", "tag", ("t1",), None, None),
        ("../case_identity/v2", "update_to_tag", ("t1",), None, None),
    ],
    # a tag set by the tag command, newer changesets (one runAlways) applied, rolled back to the tag, re-applied
    "tags": [
        ("v1", "update", (), None, None),
        ("v1", "tag", ("t1",), None, None),
        ("v2", "update", (), None, None),
        ("v2", "rollback_to_tag", ("t1",), None, None),
        ("v2", "update", (), None, None),
    ],
    # rollback-count counts and undoes only what the run's contexts and labels select
    "filtered": [
        ("v1", "update", (), None, None),
        ("v1", "rollback_count", (1,), "dev", None),
        ("v1", "rollback_count", (1,), None, "x"),
    ],
}


def _attempt(fn: Callable[[], Any]) -> str:
    try:
        fn()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def _run_steps(engine: Engine, scenario: str, steps: list[Step], cli: bool) -> list[tuple[str, Any, Any]]:
    """Run ``steps`` on ``engine``; after each: outcome, DATABASECHANGELOG, schema and data."""
    out = []
    for version, command, args, contexts, labels in steps:
        path = (SEQUENCES / scenario / version / "changelog.sql").resolve()
        log = load_changelog(path, dbms=engine.sql.liquibase_name, contexts=contexts)
        runner: Any = (
            LiquibaseCliRunner(engine, log, contexts, labels) if cli else NativeRunner(engine, log, contexts, labels)
        )
        outcome = _attempt(lambda r=runner, c=command, a=args: getattr(r, c)(*a))
        out.append((outcome, history(engine), schema_and_data(engine)))
    return out


@pytest.fixture(scope="module")
def sequences(lb_target: LocalTarget) -> dict[str, tuple[list[Any], list[Any]]]:
    if find_liquibase() is None:
        pytest.skip("Liquibase CLI not found (PATH, $LIQUIBASE_HOME or .tools/node_modules/liquibase)")
    engines = {
        name: (lb_target.scratch("mysql", f"sn_{name}"), lb_target.scratch("mysql", f"sc_{name}")) for name in SCENARIOS
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        cli = {name: pool.submit(_run_steps, engines[name][1], name, steps, True) for name, steps in SCENARIOS.items()}
        native = {name: _run_steps(engines[name][0], name, steps, False) for name, steps in SCENARIOS.items()}
        return {name: (native[name], cli[name].result()) for name in SCENARIOS}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_sequence_matches_liquibase(sequences: dict[str, tuple[list[Any], list[Any]]], scenario: str) -> None:
    native, cli = sequences[scenario]
    for index, (mine, theirs) in enumerate(zip(native, cli, strict=True)):
        step = SCENARIOS[scenario][index]
        assert mine[0] == theirs[0], (step, mine[0], theirs[0])
        assert mine[1] == theirs[1], step
        assert mine[2] == theirs[2], step


def test_sequences_exercise_what_they_claim(sequences: dict[str, tuple[list[Any], list[Any]]]) -> None:
    """Guards against a scenario that silently stopped testing its point."""
    rerun = sequences["rerun"][0][1][1]
    reran = {row[0]: row for row in rerun if row[4] == "RERAN"}
    assert set(reran) == {"on-change", "always"}
    assert reran["on-change"][7] == "second comment" and reran["on-change"][11] == "b,c"
    assert sequences["status_edited"][0][1][0].startswith("error")
    assert len(sequences["update_to_tag_unknown"][0][0][1]) == 2
    assert [row[0] for row in sequences["filtered"][0][2][1]] == ["table", "dev"]
    tags = sequences["tags"][0]
    assert [row[0] for row in tags[3][1]] == ["table", "first"] and tags[3][1][1][8] == "t1"
    assert [row[0] for row in tags[4][1]] == ["table", "first", "second", "always"]
