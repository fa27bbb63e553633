"""The built-in runner in-process (as the suites drive it): Ctrl-C mid-changeset leaves no lock behind."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from migration_harness.engines import Engine
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.liquibase.native import Interrupted
from migration_harness.targets.local import LocalTarget

CHANGELOG = """--liquibase formatted sql
--changeset t:one
CREATE TABLE t1 (id INT PRIMARY KEY);
--rollback DROP TABLE t1;
--changeset t:slow
INSERT INTO t1 VALUES (1);
SELECT SLEEP(20);
--rollback DELETE FROM t1;
"""


def _ctrl_c_when_sleeping(watcher: Engine, main: int) -> None:
    """Send SIGINT to the main thread (so its blocking read is interrupted) once the SLEEP runs."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if watcher.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP%'"):
            signal.pthread_kill(main, signal.SIGINT)
            return
        time.sleep(0.05)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_in_process_releases_the_lock(lb_target: LocalTarget, tmp_path: Path) -> None:
    engine = lb_target.scratch("mysql", "native_interrupt")
    watcher = lb_target.scratch("mysql", "native_watcher")
    path = tmp_path / "changelog.sql"
    path.write_text(CHANGELOG)
    runner = NativeRunner(engine, load_changelog(path))
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    thread = threading.Thread(target=_ctrl_c_when_sleeping, args=(watcher, threading.get_ident()))
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted) as info:
            runner.update()
    finally:
        thread.join()
        signal.signal(signal.SIGINT, previous)
    message = str(info.value)
    assert time.monotonic() - started < 15
    assert "changeset changelog.sql::slow::t (line 5) interrupted while applying statement 2 of 2" in message
    assert "its transaction was rolled back" in message and "DATABASECHANGELOGLOCK released" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no InterfaceError chain
    fresh = runner.engine  # the runner reconnected; the interrupted connection is gone
    assert fresh is not engine
    assert fresh.query("SELECT LOCKED FROM DATABASECHANGELOGLOCK") == [(0,)]
    assert fresh.scalar("SELECT COUNT(*) FROM t1") == 0
    assert [r[0] for r in fresh.query("SELECT ID FROM DATABASECHANGELOG")] == ["one"]
    fresh.close()
