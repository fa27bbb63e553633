"""The spec's ``runner`` key: the suites drive a team's own Liquibase-compatible command, given the CLI's
arguments; the real CLI runner end to end is tests/migrations/liquibase_change_types (test_mutants.py)."""

from __future__ import annotations

import shutil
import stat

import pytest
from tiny_spec import TINY, mysql_only

from migration_harness.liquibase.cli_runner import find_liquibase

pytestmark = pytest.mark.liquibase_cli


def test_command_runner_gets_the_cli_arguments_and_never_the_password(pytester: pytest.Pytester) -> None:
    liquibase = find_liquibase()
    if liquibase is None:
        pytest.skip("Liquibase CLI not found (PATH, $LIQUIBASE_HOME or .tools/node_modules/liquibase)")
    tiny = pytester.path / "tiny"
    shutil.copytree(TINY, tiny)
    spec = mysql_only(tiny)
    wrapper = tiny / "bin" / "lb.sh"
    wrapper.parent.mkdir()
    # A team's wrapper: logs what it was asked (and whether a password came in the environment), then runs
    # the real CLI with those arguments.
    wrapper.write_text(
        "#!/bin/sh\n"
        f'echo "$* password-in-env=${{LIQUIBASE_COMMAND_PASSWORD+yes}}" >> "{tiny}/calls.log"\n'
        f'exec "{liquibase}" "$@"\n'
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    text = spec.read_text().replace(
        'migration = ["tiny:mig-1", "tiny:mig-2"]',
        'migration = ["tiny:mig-1", "tiny:mig-2"]\nrunner = "command"\ncommand = "bin/lb.sh --log-level=WARNING"',
    )
    spec.write_text(text + "\n[generate]\nrows = 3\n")
    # One check: each Liquibase command starts a JVM here (about 2 s), and it needs update and rollback both.
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--migration", str(spec), "--suite", "rollback",
        "-k", "test_rollback_restores_pre_migration_state",
    )  # fmt: skip
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["*mysql: changesets applied and rolled back by the spec's command (*lb.sh*"])
    calls = (tiny / "calls.log").read_text().splitlines()
    # baseline, then each changeset under test on its own (timed), then rollbacks of the changesets under test
    assert any("--log-level=WARNING --url=jdbc:mariadb://127.0.0.1:" in c and "update-count --count=1" in c
               for c in calls), calls  # fmt: skip
    assert any("rollback-count --count=2" in c for c in calls), calls
    assert all(c.endswith("password-in-env=yes") for c in calls), calls
    assert not any("--password" in c for c in calls), calls
