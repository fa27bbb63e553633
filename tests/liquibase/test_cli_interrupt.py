"""The ``migration-harness`` CLI as a user runs it: a real process, a real MariaDB, real signals.

Ctrl-C or SIGTERM in the middle of a changeset must release DATABASECHANGELOGLOCK, roll back what the server
can roll back, and say what state is left; the password never appears in any output.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migration_harness.engines import Engine
from migration_harness.targets.local import LocalTarget

CANARY = "Canary-pw-7f3a9c"  # a password that must never be printed
SLOW_CHANGELOG = """--liquibase formatted sql
--changeset t:one
CREATE TABLE t1 (id INT PRIMARY KEY);
--rollback DROP TABLE t1;
--changeset t:slow
INSERT INTO t1 VALUES (1);
SELECT SLEEP(20);
INSERT INTO t1 VALUES (2);
--rollback DELETE FROM t1;
"""


def _cli(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    # SIGINT back to the default: a parent started in the background may ignore it, and Python only turns
    # SIGINT into KeyboardInterrupt when it was not ignored at start-up.
    return subprocess.Popen(
        [sys.executable, "-m", "migration_harness.liquibase.cli", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip


def _url(engine: Engine, password: bool = False) -> str:
    url = engine.url  # type: ignore[attr-defined]
    return str(url.render_as_string(hide_password=not password))


def _wait_for_sleep(engine: Engine, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if engine.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'"):
            return
        time.sleep(0.05)
    raise AssertionError("the CLI never reached SELECT SLEEP")


@pytest.mark.parametrize(
    ("sig", "exit_code", "cause"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_interrupt_mid_changeset_releases_the_lock(
    lb_target: LocalTarget, tmp_path: Path, sig: signal.Signals, exit_code: int, cause: str
) -> None:
    engine = lb_target.scratch("mysql", f"interrupt_{sig.name}")
    changelog = tmp_path / "changelog.sql"
    changelog.write_text(SLOW_CHANGELOG)
    proc = _cli(["--url", _url(engine), "--changelog", str(changelog), "update"])
    _wait_for_sleep(engine)
    sent = time.monotonic()
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    took = time.monotonic() - sent
    assert proc.returncode == exit_code, err
    assert "Traceback" not in err and "InterfaceError" not in err, err
    assert cause in err
    assert "changeset changelog.sql::slow::t (line 5) interrupted while applying statement 2 of 3" in err
    assert "not recorded in DATABASECHANGELOG; its transaction was rolled back" in err and err.strip().endswith(
        "re-run update"
    )
    assert "DATABASECHANGELOGLOCK released" in err
    assert took < 10, f"took {took:.1f} s to stop (the statement sleeps 20 s)"
    assert engine.query("SELECT LOCKED, LOCKEDBY FROM DATABASECHANGELOGLOCK") == [(0, None)]
    assert [r[0] for r in engine.query("SELECT ID FROM DATABASECHANGELOG")] == ["one"]
    assert engine.scalar("SELECT COUNT(*) FROM t1") == 0  # the transaction's INSERT was rolled back
    assert not engine.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'")
    print(f"{sig.name}: exit {proc.returncode} after {took:.2f} s; {err.strip()}")
    # the database is usable again: the next update runs the changeset from scratch (without the sleep)
    changelog.write_text(SLOW_CHANGELOG.replace("SELECT SLEEP(20);\n", ""))
    rerun = _cli(["--url", _url(engine), "--changelog", str(changelog), "update"])
    assert rerun.communicate(timeout=60)[0].strip() == "applied 1 changesets"


def test_interrupt_after_ddl_says_what_stays(lb_target: LocalTarget, tmp_path: Path) -> None:
    engine = lb_target.scratch("mysql", "interrupt_ddl")
    changelog = tmp_path / "changelog.sql"
    changelog.write_text(
        "--liquibase formatted sql\n--changeset t:ddl\nCREATE TABLE t2 (id INT);\nSELECT SLEEP(20);\n"
        "--rollback DROP TABLE t2;\n"
    )
    proc = _cli(["--url", _url(engine), "--changelog", str(changelog), "update"])
    _wait_for_sleep(engine)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert "statement 1 is DDL, which commits at once on mysql, so statement 1 stays applied" in err, err
    assert "undo or restore it before re-running" in err
    assert "t2" in engine.tables()
    assert engine.query("SELECT LOCKED FROM DATABASECHANGELOGLOCK") == [(0,)]


@pytest.fixture
def canary_user(lb_target: LocalTarget) -> Engine:
    """A scratch database and a user ``canary`` whose password is the canary."""
    engine = lb_target.scratch("mysql", "canary")
    engine.execute(f"CREATE USER IF NOT EXISTS 'canary'@'%' IDENTIFIED BY '{CANARY}'")
    engine.execute(f"GRANT ALL ON `{engine.database}`.* TO 'canary'@'%'")
    return engine


def _canary_url(engine: Engine, password: str | None) -> str:
    url = engine.url.set(username="canary", password=password)  # type: ignore[attr-defined]
    return str(url.render_as_string(hide_password=False))


@pytest.mark.parametrize(
    ("where", "command", "exit_code"),
    [
        ("env", "update", 0),  # the preferred way: MH_PASSWORD
        ("env", "status", 0),
        ("url", "status", 0),  # works, with a warning
        ("env-wrong", "status", 2),  # access denied
        ("url", "rollback-count", 2),  # a failing changeset
        ("env", "missing-changelog", 2),
        ("url-unparsable", "status", 2),
    ],
)
def test_the_password_is_never_printed(
    canary_user: Engine, tmp_path: Path, where: str, command: str, exit_code: int
) -> None:
    changelog = tmp_path / "changelog.sql"
    changelog.write_text(
        "--liquibase formatted sql\n--changeset t:a\nCREATE TABLE a (id INT);\n--rollback DROP TABLE nope;\n"
    )
    args = ["--changelog", str(changelog), command]
    if command == "missing-changelog":
        args = ["--changelog", str(tmp_path / "nope.sql"), "status"]
    elif command == "rollback-count":
        args.append("1")
        first = _cli(["--url", _canary_url(canary_user, None), *args[:2], "update"], {"MH_PASSWORD": CANARY})
        assert first.communicate(timeout=60)[1] == ""
    env = {"MH_PASSWORD": CANARY} if where == "env" else {}
    if where == "env-wrong":
        env = {"MH_PASSWORD": CANARY + "-wrong"}
    url = _canary_url(canary_user, CANARY if where == "url" else None)
    if where == "url-unparsable":
        url = f"mysql://canary:{CANARY}@127.0.0.1:notaport/x"
    proc = _cli(["--url", url, *args], env)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == exit_code, err
    assert CANARY not in out + err, (out, err)
    assert "Traceback" not in err
    if where == "url":
        assert "visible in the process list; set MH_PASSWORD" in err


def test_help_documents_mh_password() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "migration_harness.liquibase.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "MH_PASSWORD" in out and "process list" in out
