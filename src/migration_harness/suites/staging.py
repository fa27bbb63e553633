"""The checklist on the live target's real data (``--phase``): preflight, baseline, migrate in place, the
baseline kept, roll back, re-apply. Collected only with ``--phase``; it runs after the read-only invariants,
which look at the first migrated state before the rollback."""

from __future__ import annotations

import pytest

from migration_harness import phases
from migration_harness.engines import Engine
from migration_harness.phases import Baseline, InPlaceRun, Phase
from migration_harness.session import HarnessSession
from migration_harness.spec import MigrationSpec
from migration_harness.suites import no_problems, not_verified
from migration_harness.targets import Target

pytestmark = pytest.mark.migration_suite("staging")


def _only(session: HarnessSession, *wanted: Phase) -> Phase:
    phase = session.phase
    if phase not in wanted:
        pytest.skip(f"not part of --phase {phase}")
    assert phase is not None
    return phase


def _mine(problems: list[str], kind: str) -> list[str]:
    return [p for p in problems if p.startswith(f"{kind}:")]


def test_preflight(
    migration_session: HarnessSession,
    migration_target: Target,
    migration_spec: MigrationSpec,
    migration_database: str,
    migration_in_place: InPlaceRun | None,
) -> None:
    """The lock is free, no applied changeset was edited since, and the pending changesets are exactly the ones
    under test (pre, staging) or none (post). Versions, privileges and URLs were checked at start."""
    phase = _only(migration_session, Phase.PRE, Phase.STAGING, Phase.POST)
    engine = migration_target.live(migration_database)
    note = phases.sizes(migration_spec, migration_database, engine)
    if note not in migration_session.records.notes:
        migration_session.records.notes.append(note)
    if migration_in_place is not None:
        no_problems(_mine(migration_in_place.preflight.problems, migration_database))
        return
    no_problems(phases.preflight(migration_spec, migration_database, engine, phase))


def test_baseline_recorded(
    migration_session: HarnessSession,
    migration_target: Target,
    migration_spec: MigrationSpec,
    migration_in_place: InPlaceRun | None,
) -> None:
    """The checklist's "document baseline counts": per mapping the source total and per-group counts, and the
    fingerprints of every table, in the baseline file (written by pre and staging, read by post)."""
    phase = _only(migration_session, Phase.PRE, Phase.STAGING, Phase.POST)
    path = migration_session.baseline_path
    if phase is Phase.POST:
        baseline = Baseline.read(path)
        if baseline.spec != str(migration_spec.path) or baseline.target != migration_session.target_name:
            pytest.fail(f"{path} was taken for {baseline.spec} on target {baseline.target!r}, not for "
                        f"{migration_spec.path} on {migration_session.target_name!r}", pytrace=False)  # fmt: skip
        migration_session.records.notes.append(f"compared with the baseline {path} taken {baseline.taken_at}")
        return
    if migration_in_place is not None:
        if migration_in_place.baseline is None:
            not_verified("the preflight failed, so no baseline was taken and nothing was changed")
        return
    if phases.preflight_blocks(migration_spec, migration_target, phase):
        not_verified("the preflight failed (see test_preflight): no baseline taken")
    engines = {kind: migration_target.live(kind) for kind in migration_spec.databases}
    Baseline.capture(migration_spec, migration_session.target_name, engines).write(path)
    migration_session.records.notes.append(f"baseline counts and fingerprints written to {path}")


def test_migration_applies_in_place(migration_session: HarnessSession, migration_in_place: InPlaceRun | None) -> None:
    """The changesets under test applied to the live databases, each timed (the durations are in the report)."""
    _only(migration_session, Phase.STAGING)
    assert migration_in_place is not None
    if migration_in_place.migration.skipped:
        not_verified(migration_in_place.migration.skipped)
    no_problems(migration_in_place.migration.problems, "the migration failed on the live databases:")


def test_source_counts_match_baseline(
    migration_session: HarnessSession,
    migration_target: Target,
    migration_spec: MigrationSpec,
    migration_in_place: InPlaceRun | None,
) -> None:
    """Every mapping's source still has the baseline's rows, in total and per group: the migration reads it and
    must leave it as it was."""
    phase = _only(migration_session, Phase.STAGING, Phase.POST)
    baseline, engines = _baseline_and_engines(migration_session, migration_target, migration_spec, migration_in_place)
    if phase is Phase.STAGING and migration_in_place is not None and not migration_in_place.applied:
        not_verified("the migration did not apply in place")
    no_problems(baseline.counts_differ(migration_spec, engines))


def test_existing_tables_unchanged(
    migration_session: HarnessSession,
    migration_target: Target,
    migration_spec: MigrationSpec,
    migration_database: str,
    migration_in_place: InPlaceRun | None,
) -> None:
    """Tables that existed before the migration lost no row, column or value, except the columns the spec says
    it may change (staging: row by row against the pre-migration copy; post: against the baseline's
    fingerprints)."""
    phase = _only(migration_session, Phase.STAGING, Phase.POST)
    db = migration_spec.databases[migration_database]
    if phase is Phase.STAGING:
        assert migration_in_place is not None
        if not migration_in_place.applied:
            not_verified("the migration did not apply in place")
        snapshot = migration_in_place.before[migration_database]
        no_problems(snapshot.compare(losses_only=True, ignore=db.may_change))
        return
    baseline, engines = _baseline_and_engines(migration_session, migration_target, migration_spec, None)
    no_problems(_mine(baseline.tables_changed(migration_spec, engines), migration_database))


def test_rollback_restores_baseline(
    migration_session: HarnessSession, migration_database: str, migration_in_place: InPlaceRun | None
) -> None:
    """Rolling the changesets under test back on the live databases gives back the pre-migration state exactly,
    schema and rows (against the copy taken before migrating)."""
    cycle = _cycle(migration_session, migration_in_place)
    assert cycle.rolled_back is not None
    if cycle.rolled_back.skipped:
        not_verified(cycle.rolled_back.skipped)
    no_problems(_mine_or_all(cycle.rolled_back.problems, migration_database),
                "rollback on the live databases did not restore the baseline:")  # fmt: skip


def test_reapply_reproduces_first_migration(
    migration_session: HarnessSession, migration_database: str, migration_in_place: InPlaceRun | None
) -> None:
    """Migrating again after the rollback ends exactly where the first migration ended; the databases are left
    migrated."""
    cycle = _cycle(migration_session, migration_in_place)
    assert cycle.reapplied is not None
    if cycle.reapplied.skipped:
        not_verified(cycle.reapplied.skipped)
    no_problems(_mine_or_all(cycle.reapplied.problems, migration_database),
                "re-applying on the live databases did not reproduce the first migration:")  # fmt: skip


def _cycle(session: HarnessSession, in_place: InPlaceRun | None) -> InPlaceRun:
    _only(session, Phase.STAGING)
    assert in_place is not None
    if session.rollback_test:
        in_place.rollback_and_reapply()
    note = in_place.timing_note()
    if note not in session.records.notes:
        session.records.notes.append(note)
    if not session.rollback_test:
        pytest.skip("--no-rollback-test: the live databases were left migrated without a rollback")
    return in_place


def _mine_or_all(problems: list[str], kind: str) -> list[str]:
    """This database's problems, and a failure that stopped the step for all of them."""
    return [p for p in problems if p.startswith((f"{kind}:", "all:"))]


def _baseline_and_engines(
    session: HarnessSession, target: Target, spec: MigrationSpec, in_place: InPlaceRun | None
) -> tuple[Baseline, dict[str, Engine]]:
    if in_place is not None:
        if in_place.baseline is None:
            not_verified("the preflight failed, so no baseline was taken")
        return in_place.baseline, dict(in_place.engines)
    return Baseline.read(session.baseline_path), {kind: target.live(kind) for kind in spec.databases}
