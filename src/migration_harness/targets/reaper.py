"""Watchdog: when the pytest process that owns a throwaway server dies (even by SIGKILL), kill the server
and remove its temp dir. Run as ``python -m migration_harness.targets.reaper OWNER_PID SERVER_PID DIR``;
SERVER_PID 0 means: read it from DIR/server.pid or DIR/mysqld.pid once the owner is gone.

``python -m migration_harness.targets.reaper --containers OWNER_PID RUN_TOKEN`` does the same for the
containers target (the Ryuk reaper image is not always available): once the owner is gone it removes every
container labelled with RUN_TOKEN, with its volumes, on the Docker engine of its environment (DOCKER_HOST).
The owner kills this watchdog after removing its containers itself."""

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


def _owner_alive(owner: int) -> bool:
    # A SIGKILLed owner can linger as a zombie that still "exists"; being reparented is the sure sign.
    return _alive(owner) and os.getppid() == owner


def main(owner: int, server: int, directory: str) -> None:
    while _owner_alive(owner):
        if server and not _alive(server):
            return  # stopped normally; the owner cleans up
        time.sleep(0.2)
    _kill_bootstrap(directory)
    # SERVER_PID 0: started before the server existed; its pid is in DIR by now, if it ever started.
    server = server or _pid_from(directory, ("server.pid", "mysqld.pid"))
    if server and _runs_from(server, directory):
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


def _runs_from(pid: int, directory: str) -> bool:
    """Whether ``pid`` is still the server started in ``directory``: a server that died long before its owner
    leaves a pid the system may have given to another process (pid_max can be 32768), e.g. another run's
    server, which must not be killed. Without /proc (macOS) it is trusted."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return directory.encode() in fh.read()
    except FileNotFoundError:
        return not os.path.isdir("/proc/self")  # no such process here, or no /proc to ask
    except OSError:
        return True


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


LABEL_RUN = "org.migration-harness.run"  # as in containers.py (not imported: this process stays light)


def reap_containers(owner: int, run_token: str) -> None:
    while _owner_alive(owner):
        time.sleep(0.2)
    import docker
    from docker.errors import APIError, NotFound

    client = docker.from_env(timeout=30)
    # Twice: a create the owner sent just before it died may complete after the first listing.
    for attempt in range(2):
        # The low-level listing: the high-level one re-fetches each container and fails on one removed meanwhile.
        for found in client.api.containers(all=True, filters={"label": f"{LABEL_RUN}={run_token}"}):
            try:
                client.api.remove_container(found["Id"], force=True, v=True)
            except NotFound:
                pass
            except APIError:
                time.sleep(1)  # "removal already in progress" and the like: the next pass sees it gone
        if attempt == 0:
            time.sleep(2)
    client.close()


if __name__ == "__main__":
    if sys.argv[1] == "--containers":
        reap_containers(int(sys.argv[2]), sys.argv[3])
    else:
        main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
