"""Watchdog: when the pytest process that owns a throwaway server dies (even by SIGKILL), kill the server
and remove its temp dir. Run as ``python -m migration_harness.targets.reaper OWNER_PID SERVER_PID DIR``;
SERVER_PID 0 means: read it from DIR/server.pid or DIR/mysqld.pid once the owner is gone."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process stays a zombie until its (new) parent reaps it; it is gone for our purposes."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False  # no /proc (macOS): trust kill(0)


def main(owner: int, server: int, directory: str) -> None:
    # A SIGKILLed owner can linger as a zombie that still "exists"; being reparented is the sure sign.
    while _alive(owner) and os.getppid() == owner:
        if server and not _alive(server):
            return  # stopped normally; the owner cleans up
        time.sleep(0.2)
    _kill_bootstrap(directory)
    # SERVER_PID 0: started before the server existed; its pid is in DIR by now, if it ever started.
    server = server or _pid_from(directory, ("server.pid", "mysqld.pid"))
    if server:
        _kill(server)
    shutil.rmtree(directory, ignore_errors=True)


def _kill_bootstrap(directory: str) -> None:
    """A datadir bootstrap still running (its process group id is in DIR/bootstrap.pgid) dies first."""
    group = _pid_from(directory, ("bootstrap.pgid",))
    if not group:
        return
    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        return
    time.sleep(0.3)  # let the killed writers go before the directory is removed


def _pid_from(directory: str, names: tuple[str, ...]) -> int:
    for name in names:
        try:
            with open(os.path.join(directory, name)) as fh:
                return int(fh.read().strip())
        except (OSError, ValueError):
            continue
    return 0


def _kill(server: int) -> None:
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
        if not _alive(server):
            break
        os.kill(server, sig)
        deadline = time.monotonic() + wait
        while _alive(server) and time.monotonic() < deadline:
            time.sleep(0.1)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
