"""A throwaway MariaDB/MySQL server on a temp datadir and a free port, reaped even if pytest is killed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import port_for
from mirakuru import TCPExecutor

from ..errors import HarnessError

_SEARCH_DIRS = ("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin", "/opt/homebrew/sbin")
NO_SERVER_HELP = (
    "no MySQL/MariaDB server binary found for the local target (looked for mysqld and mariadbd on PATH "
    f"and in {', '.join(_SEARCH_DIRS)}). Install one (Debian/Ubuntu: `sudo apt-get install mariadb-server`; "
    "macOS: `brew install mariadb`), point MIGRATION_HARNESS_MYSQLD at it, or run with --target containers"
)


@dataclass(frozen=True)
class ServerBinary:
    path: str
    version: str  # what `--version` printed

    @property
    def is_mariadb(self) -> bool:
        return "mariadb" in self.version.lower()


def _which(name: str) -> str | None:
    path = os.environ.get("PATH", "") + os.pathsep + os.pathsep.join(_SEARCH_DIRS)
    return shutil.which(name, path=path)


def _version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30)
    return (out.stdout or out.stderr).strip()


def find_server_binary(configured: str | None = None) -> ServerBinary:
    """The configured binary, else a real ``mysqld`` (not a MariaDB alias), else ``mariadbd``."""
    configured = configured or os.environ.get("MIGRATION_HARNESS_MYSQLD")
    if configured:
        path = _which(configured) or configured
        if not os.access(path, os.X_OK):
            raise HarnessError(f"MIGRATION_HARNESS_MYSQLD/mysqld setting {configured!r} is not an executable")
        return ServerBinary(path, _version(path))
    candidates = [b for b in (_which("mysqld"), _which("mariadbd")) if b]
    binaries = [ServerBinary(p, _version(p)) for p in dict.fromkeys(candidates)]
    for binary in binaries:
        if not binary.is_mariadb:
            return binary  # a real MySQL wins: it is what production runs
    if binaries:
        return binaries[-1]
    raise HarnessError(NO_SERVER_HELP)


class ThrowawayMySQLServer:
    """``mariadbd``/``mysqld`` on a fresh datadir under a temp dir, listening on 127.0.0.1:<free port>."""

    def __init__(self, binary: ServerBinary, start_timeout: float = 60) -> None:
        self.binary = binary
        self.start_timeout = start_timeout
        self.tmpdir = Path(tempfile.mkdtemp(prefix="mh-mysql-"))
        self.port = port_for.select_random()
        self._executor: TCPExecutor | None = None
        self._reaper: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/"

    def start(self) -> None:
        datadir = self.tmpdir / "data"
        self._private_tmp.mkdir(exist_ok=True)
        try:
            # The watchdog comes first: a run killed during the bootstrap must not leak the temp dir either.
            self._start_reaper()
            self._initialize(datadir)
            command = [
                self.binary.path, "--no-defaults", f"--datadir={datadir}", f"--port={self.port}",
                "--bind-address=127.0.0.1", f"--socket={self.tmpdir / 'mysqld.sock'}",
                f"--pid-file={self.tmpdir / 'mysqld.pid'}", f"--log-error={self.tmpdir / 'error.log'}",
                f"--tmpdir={self._private_tmp}",
                "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=2",
                "--character-set-server=utf8mb4", "--max-connections=200", *self._user_flag(),
            ]  # fmt: skip
            self._executor = TCPExecutor(
                command, host="127.0.0.1", port=self.port, timeout=self.start_timeout,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            self._executor.start()
            # The reaper reads this (or mariadbd's own pid file, written earlier) when the owner dies.
            (self.tmpdir / "server.pid").write_text(str(self._executor.process.pid))  # type: ignore[union-attr]
        except Exception as exc:
            log = self._error_log()
            self.stop()
            if isinstance(exc, HarnessError):
                raise
            raise HarnessError(f"local MySQL server ({self.binary.path}) failed to start: {exc}{log}") from None

    @property
    def _private_tmp(self) -> Path:
        return self.tmpdir / "tmp"

    def _user_flag(self) -> list[str]:
        return ["--user=root"] if os.geteuid() == 0 else []

    def _initialize(self, datadir: Path) -> None:
        if self.binary.is_mariadb:
            install_db = _which("mariadb-install-db") or _which("mysql_install_db")
            if not install_db:
                raise HarnessError("mariadbd found but mariadb-install-db is missing; reinstall mariadb-server")
            command = [
                install_db, "--no-defaults", f"--datadir={datadir}", "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve", *self._user_flag(),
            ]  # fmt: skip
            basedir = Path(self.binary.path).resolve().parent.parent
            if (basedir / "share").is_dir() and basedir != Path("/usr"):
                command.append(f"--basedir={basedir}")
        else:
            command = [self.binary.path, "--no-defaults", "--initialize-insecure", f"--datadir={datadir}",
                       *self._user_flag()]  # fmt: skip
        # A server starting up deletes every #sql* file in its tmpdir; with the shared /tmp, concurrent
        # bootstraps (xdist workers, parallel runs) removed each other's temp tables and failed.
        env = {**os.environ, "TMPDIR": str(self._private_tmp)}
        # Own process group, recorded for the reaper: killed mid-bootstrap, install-db and its bootstrap
        # server would otherwise keep writing the datadir after the reaper removed it.
        marker = self.tmpdir / "bootstrap.pgid"
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
        ) as proc:
            marker.write_text(str(proc.pid))
            try:
                output, _ = proc.communicate(timeout=120)
            finally:
                marker.unlink(missing_ok=True)
        if proc.returncode != 0:
            tail = "\n".join(output.strip().splitlines()[-5:])
            raise HarnessError(f"initializing a datadir with {command[0]} failed:\n{tail}")

    def _start_reaper(self) -> None:
        """A watchdog process that kills the server and removes the temp dir if this process dies."""
        self._reaper = subprocess.Popen(
            [sys.executable, "-m", "migration_harness.targets.reaper", str(os.getpid()), "0", str(self.tmpdir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    def _error_log(self) -> str:
        log = self.tmpdir / "error.log"
        if not log.exists():
            return ""
        lines = [ln for ln in log.read_text(errors="replace").splitlines() if "[ERROR]" in ln][-3:]
        return ("\n" + "\n".join(lines)) if lines else ""

    def stop(self) -> None:
        if self._executor is not None:
            try:
                self._executor.stop()
            except Exception:
                self._executor.kill()
            self._executor = None
        if self._reaper is not None:
            self._reaper.kill()
            self._reaper.wait()
            self._reaper = None
        shutil.rmtree(self.tmpdir, ignore_errors=True)
