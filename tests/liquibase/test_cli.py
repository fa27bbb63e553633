"""The ``migration-harness`` entry point against a throwaway MariaDB."""

from __future__ import annotations

import pytest
from lb_support import CORPUS

from migration_harness.liquibase.cli import main
from migration_harness.targets.local import LocalTarget


def test_status_update_rollback_count(lb_target: LocalTarget, capsys: pytest.CaptureFixture[str]) -> None:
    engine = lb_target.scratch("mysql", "cli")
    url = engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    changelog = str(CORPUS / "basic" / "changelog.sql")
    assert main(["--url", url, "--changelog", changelog, "status"]) == 0
    assert "3 changesets have not been applied" in capsys.readouterr().out
    assert main(["--url", url, "--changelog", changelog, "update"]) == 0
    assert main(["--url", url, "--changelog", changelog, "rollback-count", "1"]) == 0
    assert [r[0] for r in engine.query("SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")] == [
        "create-people",
        "seed-people",
    ]
    assert main(["--url", url, "--changelog", "/nonexistent.sql", "status"]) == 2
    assert "changelog file not found" in capsys.readouterr().err
