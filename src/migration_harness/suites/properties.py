"""Hypothesis: every declared invariant, and a clean rollback, for data shapes humans forget, also when an
earlier attempt of the migration died part-way (the data is then partly migrated before the run)."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, note, reject
from hypothesis import strategies as st

from migration_harness import checks, progress
from migration_harness.collection import crash_points
from migration_harness.engines.mysql import duplicate_key
from migration_harness.fixtures.runs import MigratedState, RunFactory
from migration_harness.generators.profiles import EXTERNAL_RUNNER_EXAMPLES, suite_settings
from migration_harness.session import HarnessSession
from migration_harness.suites import not_verified

pytestmark = pytest.mark.migration_suite("properties")
log = logging.getLogger("migration_harness.properties")


def test_invariants_hold_for_generated_shapes(
    migration_session: HarnessSession, migration_runs: RunFactory, migration_applied: MigratedState
) -> None:
    seeder = migration_runs.seeder
    if seeder is None:
        not_verified("the spec declares no [seed] module, so there are no shapes to generate")
    spec = migration_runs.spec
    # Rollback means restore-from-backup for a database with an irreversible changeset: not rolled back here.
    reversible = spec.reversible
    # Your own command starts a process (a JVM) per Liquibase command; runner = "liquibase" keeps one JVM.
    external = [kind for kind, db in spec.databases.items() if db.runner == "command"]
    chosen = suite_settings(migration_session.config.rootpath, external_runner=bool(external))
    if external and chosen.max_examples == EXTERNAL_RUNNER_EXAMPLES:
        migration_session.records.notes.append(
            f"properties: {EXTERNAL_RUNNER_EXAMPLES} Hypothesis examples, not 25: each starts your Liquibase "
            f"command's processes for {', '.join(external)} (--hypothesis-profile harness-thorough runs 200)"
        )
    log.info("hypothesis: %d examples at most, failing shapes saved in %s", chosen.max_examples, chosen.database)

    @chosen
    @given(shape=seeder.shapes(), interrupted=st.none() | st.sampled_from(crash_points(migration_session.plans)))
    def migrate_and_roll_back(shape: Any, interrupted: tuple[str, str, int] | None) -> None:
        raise_if_interrupted()
        migration_session.records.hypothesis_examples += 1
        count = migration_session.records.hypothesis_examples
        with progress.step(f"hypothesis example {count} (of about {chosen.max_examples})"):
            check_one(shape, interrupted)

    def check_one(shape: Any, interrupted: tuple[str, str, int] | None) -> None:
        # The last example's databases, emptied, when it ended rolled back to exactly its baseline state.
        try:
            run = migration_runs.renew("hypothesis", shape)
        except Exception as exc:
            if not duplicate_key(exc):
                raise
            # Keys Python holds apart that the table's collation calls equal ('a' and 'A' under a _ci one):
            # data production cannot hold, so no shape to check.
            refused.append(str(exc).splitlines()[0][:200])
            reject()
        before = {kind: migration_runs.snapshot(run, "before migration", only=kind)[kind] for kind in reversible}
        restored = False
        try:
            if interrupted is not None:  # an earlier attempt died here; this run must complete it
                kind, ref, after = interrupted
                run.databases[kind].crash(ref, after)
            migration_runs.migrate(run)
            stores = {kind: snapshot.store for kind, snapshot in before.items()}
            with progress.step("hypothesis example: invariants"):
                found = checks.all_problems(run.engines, spec.mappings, spec.relations, stores, spec.rollups)
            problems = [str(f) for f in found]
            assert not problems, "invariants broken after migration:\n" + "\n".join(problems)
            problems = migration_runs.roll_back_all(run, before)
            assert not problems, "rollback did not restore the pre-migration state:\n" + "\n".join(problems)
            restored = len(reversible) == len(spec.databases)
        finally:
            note(f"databases: {', '.join(e.database for e in run.engines.values())}")
            if restored:
                migration_runs.release(None, before)
                migration_runs.keep(run)
            else:
                migration_runs.release(run, before)

    refused: list[str] = []
    try:
        with _ctrl_c_never_lost() as raise_if_interrupted:
            migrate_and_roll_back()
    finally:
        if refused:
            migration_session.records.notes.append(
                f"properties: {len(refused)} generated shape(s) skipped: the database refused them as duplicate keys "
                f"(keys its collation calls equal), e.g. {refused[0]}"
            )


@contextlib.contextmanager
def _ctrl_c_never_lost() -> Iterator[Callable[[], None]]:
    """A Ctrl-C that lands while Hypothesis's garbage-collection callback runs is swallowed there ("Exception
    ignored"), and the run went on to its end (the containers target's Ctrl-C test saw it). Remember it and raise
    it at the next example; yields the check. Only where Python's own handler is in place, on the main thread."""
    pending: list[bool] = []

    def raise_if_interrupted() -> None:
        if pending:
            pending.clear()
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield raise_if_interrupted
        return

    def remember(signum: int, frame: Any) -> None:
        pending.append(True)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, remember)
    try:
        yield raise_if_interrupted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
