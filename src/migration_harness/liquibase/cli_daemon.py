"""The Liquibase CLI kept running: one JVM per Liquibase install and process, fed one command at a time.

A JVM start costs about two seconds here, a warm Liquibase command a tenth of that, and the harness runs
hundreds of commands (every Hypothesis example starts several). ``LiquibaseDaemon.java`` runs each command
as the CLI's own ``main`` does (a new ``LiquibaseCommandLine`` per command, the same arguments, its exit
code, what it printed), from the same jars the ``liquibase`` script puts on its class path. The password
travels in the pipe, never on a command line. Where the install's jars cannot be found, or no JVM starts,
:func:`daemon_for` gives None and the caller starts the script per command, as before.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import os
import select
import shutil
import subprocess
import threading
from pathlib import Path

_SOURCE = Path(__file__).with_name("LiquibaseDaemon.java")
_daemons: dict[str, LiquibaseDaemon | None] = {}
_lock = threading.Lock()


class DaemonDied(Exception):
    """The JVM ended or did not answer in time: the command's outcome is unknown."""


class LiquibaseDaemon:
    def __init__(self, java: str, home: Path) -> None:
        classpath = os.pathsep.join([str(home / "internal" / "lib" / "*"), str(home / "lib" / "*")])
        env = {**os.environ, "LIQUIBASE_HOME": str(home)}
        # A long-lived JVM: the optimising JIT pays off here, unlike in the per-command starts.
        self._process = subprocess.Popen(
            [java, "-XX:+UseSerialGC", "-cp", classpath, str(_SOURCE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
            start_new_session=True,  # a Ctrl-C reaches the harness, which ends it
        )
        self._lock = threading.Lock()

    def run(self, args: list[str], timeout: float) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) of one CLI command; :class:`DaemonDied` when the JVM did not answer."""
        line = " ".join(base64.b64encode(a.encode()).decode() for a in args)
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        with self._lock:
            try:
                stdin.write(line + "\n")
                stdin.flush()
            except (OSError, ValueError) as exc:  # a closed pipe: this JVM can serve no command any more
                self.close()
                raise DaemonDied(f"the Liquibase JVM is gone ({exc})") from None
            ready, _, _ = select.select([stdout], [], [], timeout)
            answer = stdout.readline() if ready else ""
        if not answer:
            self.close()
            raise DaemonDied("the Liquibase JVM " + ("did not answer in time" if not ready else "ended"))
        code, out, err = answer.split(" ")
        return int(code), base64.b64decode(out).decode(), base64.b64decode(err).decode()

    @property
    def alive(self) -> bool:
        stdin = self._process.stdin
        return self._process.poll() is None and stdin is not None and not stdin.closed

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self._process.stdin is not None:
                self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def daemon_for(executable: str) -> LiquibaseDaemon | None:
    """The running JVM for the Liquibase install whose ``liquibase`` script is ``executable``; None where its
    jars or a Java runtime cannot be found (the caller runs the script instead)."""
    home = Path(executable).resolve().parent
    if not (home / "internal" / "lib" / "liquibase-core.jar").is_file():
        return None
    key = str(home)
    with _lock:
        daemon = _daemons.get(key)
        if daemon is not None and daemon.alive:
            return daemon
        java = _java(home)
        if java is None:
            return None
        try:
            daemon = LiquibaseDaemon(java, home)
        except OSError:
            daemon = None
        _daemons[key] = daemon
        return daemon


def _java(home: Path) -> str | None:
    """The JVM the ``liquibase`` script would pick: $JAVA_HOME, a bundled one, or ``java`` on PATH."""
    if os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        return str(candidate) if candidate.is_file() else None
    for bundled in (home / "jre", home / ".install4j" / "jre.bundle" / "Contents" / "Home"):
        if (bundled / "bin" / "java").is_file():
            return str(bundled / "bin" / "java")
    return shutil.which("java")


@atexit.register
def _close_all() -> None:
    for daemon in list(_daemons.values()):
        if daemon is not None:
            daemon.close()
