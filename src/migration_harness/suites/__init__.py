"""The shipped suites, collected automatically when a migration spec is given, in checklist order."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from migration_harness.engines import Engine
    from migration_harness.findings import Finding
    from migration_harness.spec import Mapping

SUITES = ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties", "staging")
PHASE_ONLY = ("staging",)  # collected only with --phase (on a live target's real data)

# The checklist section each suite stands for, as the report shows it to the approver.
CHECKLIST = {
    "static": "Migration script validation",
    "migrate": "Migration execution",
    "parity": "Counts match (total, per group, across databases)",
    "integrity": "Data integrity, no data loss",
    "ids": "Deterministic IDs",
    "idempotency": "Idempotency (re-run, crash, half-done copy)",
    "rollback": "Rollback cleanliness",
    "properties": "Generated edge-case data",
    "staging": "The real data: preflight, baseline, migrate in place, roll back, re-apply (--phase)",
}


NOT_VERIFIED = "not verified: "


def not_verified(reason: str) -> NoReturn:
    """Stop a check that could not run. Unlike a plain skip (nothing declared to check), it counts against
    the verdict: the run ends NOT VERIFIED, with a non-zero exit unless ``--allow-unverified``."""
    import pytest

    pytest.skip(NOT_VERIFIED + reason)


def no_problems(problems: Sequence[Finding | str], headline: str = "") -> None:
    """Fail with the problems as a DBA reads them: the sentences that name tables and rows, no traceback."""
    if problems:
        import pytest

        lines = [str(p) for p in problems]
        pytest.fail("\n".join([headline, *lines] if headline else lines), pytrace=False)


def require_source_rows(engine: Engine, mapping: Mapping) -> int:
    """A mapping whose source has no rows in scope proves nothing: not verified, not passed."""
    from migration_harness.checks import source_rows

    rows = source_rows(engine, mapping)
    if not rows:
        scope = f" where {mapping.source_filter}" if mapping.source_filter else ""
        not_verified(f"{mapping.name}: source {mapping.source} has no rows{scope}, so nothing was migrated to check")
    return rows
