"""The shipped suites, collected automatically when a migration spec is given, in checklist order."""

SUITES = ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties")


def no_problems(problems: list[str], headline: str = "") -> None:
    """Fail with the problems as a DBA reads them: the sentences that name tables and rows, no traceback."""
    if problems:
        import pytest

        pytest.fail("\n".join([headline, *problems] if headline else problems), pytrace=False)
