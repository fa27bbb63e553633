"""runner = "liquibase" keeps one JVM: the CLI's own entry point a command at a time, the same outcome as a
process per command, the password never on a command line, and a dead JVM is one clear failure, then a new
one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lb_support import CORPUS

from migration_harness.errors import ChangesetFailed
from migration_harness.liquibase import load_changelog
from migration_harness.liquibase.cli_daemon import DaemonDied, daemon_for
from migration_harness.liquibase.cli_runner import LiquibaseCliRunner, find_liquibase
from migration_harness.targets.local import LocalTarget

pytestmark = pytest.mark.liquibase_cli


@pytest.fixture
def liquibase() -> str:
    found = find_liquibase()
    if found is None or daemon_for(found) is None:
        pytest.skip("Liquibase CLI (with its jars) not found")
    return found


def test_one_jvm_runs_every_command_as_the_cli_does(lb_target: LocalTarget, liquibase: str) -> None:
    log = load_changelog(CORPUS / "basic" / "changelog.sql")
    kept, each = lb_target.scratch("mysql", "daemon"), lb_target.scratch("mysql", "process")
    try:
        in_daemon = LiquibaseCliRunner(kept, log, liquibase=liquibase)
        per_process = LiquibaseCliRunner(kept, log, command=[liquibase])  # the script, a JVM per command
        per_process.engine = each
        per_process.url = in_daemon.url.replace(kept.database, each.database)
        daemon = daemon_for(liquibase)
        assert daemon is not None
        for runner in (in_daemon, per_process):
            assert len(runner.status()) == 3
            runner.update_count(2)
            runner.update()
            runner.rollback_count(1)
        assert daemon_for(liquibase) is daemon and daemon.alive  # the same JVM for every command
        rows = "SELECT ID, AUTHOR, FILENAME, MD5SUM, EXECTYPE FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED"
        assert kept.query(rows) == each.query(rows) and len(kept.query(rows)) == 2
        password = in_daemon._password  # the secret whose absence is checked
        if password:
            argv = Path(f"/proc/{daemon._process.pid}/cmdline").read_bytes()
            assert password.encode() not in argv
    finally:
        lb_target.release([kept, each])


def test_a_jvm_that_dies_fails_the_command_and_the_next_gets_a_new_one(lb_target: LocalTarget, liquibase: str) -> None:
    log = load_changelog(CORPUS / "basic" / "changelog.sql")
    engine = lb_target.scratch("mysql", "daemon_dies")
    try:
        runner = LiquibaseCliRunner(engine, log, liquibase=liquibase)
        first = daemon_for(liquibase)
        assert first is not None
        first._process.kill()  # what an OOM killer or a crash would do
        first._process.wait()
        assert len(runner.status()) == 3  # a new JVM
        second = daemon_for(liquibase)
        assert second is not None and second is not first and second.alive
        second._process.stdin.close()  # it ends while the next command waits for it
        with pytest.raises(DaemonDied, match="the Liquibase JVM"):
            second.run(["status"], timeout=30)
    finally:
        lb_target.release([engine])


def test_an_install_without_its_jars_runs_the_script(tmp_path: Path) -> None:
    script = tmp_path / "liquibase"
    script.write_text("#!/bin/sh\n")
    os.chmod(script, 0o755)
    assert daemon_for(str(script)) is None


def test_a_failing_changeset_is_named_with_the_cli_reason_not_a_stack_trace(
    lb_target: LocalTarget, liquibase: str
) -> None:
    log = load_changelog(CORPUS / "basic" / "changelog.sql")
    engine = lb_target.scratch("mysql", "cli_reason")
    try:
        runner = LiquibaseCliRunner(engine, log, liquibase=liquibase)
        runner.update()
        first = log.changesets[0]
        with pytest.raises(ChangesetFailed) as info:  # its table exists: re-running it fails
            runner.rerun(first)
        message = str(info.value)
        assert message.startswith(f"{first.key} (line {first.line}) failed while re-running")
        assert f"Running Changeset: {first.key}" in message
        assert "Reason: liquibase.exception.DatabaseException" in message and "already exists" in message
        assert "\tat " not in message and "at liquibase." not in message  # no stack frames
    finally:
        lb_target.release([engine])
