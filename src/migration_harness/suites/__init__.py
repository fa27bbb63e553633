"""The shipped suites, collected automatically when a migration spec is given, in checklist order."""

SUITES = ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties")

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
}


def no_problems(problems: list[str], headline: str = "") -> None:
    """Fail with the problems as a DBA reads them: the sentences that name tables and rows, no traceback."""
    if problems:
        import pytest

        pytest.fail("\n".join([headline, *problems] if headline else problems), pytrace=False)
