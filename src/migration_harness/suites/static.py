"""Migration script validation: the changelogs parse, ids are unique, every changeset can be rolled back."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from migration_harness.engines import Engine
from migration_harness.liquibase import NativeRunner
from migration_harness.liquibase.history import row_key
from migration_harness.phases import Phase
from migration_harness.runs import changelog_for, changeset_ref, native_runner
from migration_harness.session import HarnessSession
from migration_harness.spec import MigrationSpec
from migration_harness.suites import no_problems
from migration_harness.targets import Target

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/|#[^\n]*", re.S)


def is_only_comments(statements: list[str]) -> bool:
    return not any(_COMMENTS.sub("", s).strip(" \t\r\n;") for s in statements)


def bound_runner(spec: MigrationSpec, engine: Engine, migration_database: str) -> NativeRunner:
    """The changelog parsed with this database's properties: checksums cover the substituted text."""
    db = spec.databases[migration_database]
    return native_runner(db, engine, changelog_for(db, engine))


def test_changeset_ids_are_unique(migration_session: HarnessSession, migration_database: str) -> None:
    plan = migration_session.plans[migration_database]
    counts = Counter(cs.key for cs in plan.log.changesets)
    duplicates = [key for key, n in counts.items() if n > 1]
    no_problems(duplicates, f"{migration_database}: changeset ids used more than once:")


def test_every_changeset_under_test_has_a_rollback(
    migration_session: HarnessSession, migration_spec: MigrationSpec, migration_database: str
) -> None:
    irreversible = set(migration_spec.databases[migration_database].irreversible)
    missing = []
    for cs in migration_session.plans[migration_database].migration:
        ref = changeset_ref(cs)
        if ref in irreversible:
            migration_session.records.notes.append(
                f"{migration_database} changeset {ref} is declared irreversible: rollback means restore-from-backup"
            )
            continue
        if cs.foreign_rollback or cs.rolls_back_itself:
            continue  # Liquibase runs (or writes) the rollback: the rollback suite shows whether it is clean
        if not cs.rollback or is_only_comments(cs.rollback):
            what = "only comments" if cs.rollback else ("declared empty" if cs.rollback_declared else "missing")
            missing.append(f"{cs.filename}:{cs.line} {ref} (rollback {what})")
    no_problems(
        missing,
        f"{migration_database}: changesets under test without a real rollback (declare them irreversible in the "
        "spec if rollback means restore-from-backup):",
    )


def test_applied_checksums_unchanged(
    migration_session: HarnessSession,
    migration_spec: MigrationSpec,
    migration_target: Target,
    migration_engines: dict[str, Engine],
    migration_database: str,
) -> None:
    """Changesets a live database already recorded must not have been edited since (Liquibase validate)."""
    _not_before_migrating(migration_session)
    if migration_target.throwaway:
        pytest.skip("the throwaway databases were migrated from this very changelog: nothing can have drifted")
    engine = migration_engines[migration_database]
    drift = bound_runner(migration_spec, engine, migration_database).validate()
    no_problems(drift, f"{migration_database}: changesets edited after they were applied:")


def test_nothing_pending_after_migration(
    migration_session: HarnessSession,
    migration_spec: MigrationSpec,
    migration_engines: dict[str, Engine],
    migration_database: str,
) -> None:
    _not_before_migrating(migration_session)
    runner = bound_runner(migration_spec, migration_engines[migration_database], migration_database)
    applied = {row_key(r) for r in runner.applied()}
    # Liquibase's status lists an applied runAlways changeset (every update runs it again): that is its design.
    pending = [cs for cs in runner.status() if not (cs.run_always and cs.key in applied)]
    no_problems([changeset_ref(cs) for cs in pending], f"{migration_database}: changesets still pending:")


def _not_before_migrating(session: HarnessSession) -> None:
    if session.phase is Phase.PRE:
        pytest.skip(
            "--phase pre: the database is not migrated yet; staging.py::test_preflight checks drift and pending"
        )


pytestmark = pytest.mark.migration_suite("static")
