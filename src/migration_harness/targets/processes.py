"""A throwaway MariaDB/MySQL server on a temp datadir and a free port, reaped even if pytest is killed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import port_for

from ..cache import cache_dir
from ..errors import HarnessError
from ..scratch import ENV as SCRATCH_ENV
from ..scratch import scratch_root

_SEARCH_DIRS = ("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin", "/opt/homebrew/sbin")
NO_SERVER_HELP = (
    "no MySQL/MariaDB server binary found for the local target (looked for mysqld and mariadbd on PATH "
    f"and in {', '.join(_SEARCH_DIRS)}). Install one (Debian/Ubuntu: `sudo apt-get install mariadb-server`; "
    "macOS: `brew install mariadb`), point MIGRATION_HARNESS_MYSQLD at it, or run with --target containers"
)


_INSTALL_TOOLS = ("mariadb-install-db", "mysql_install_db")
_MIRAKURU_TAG = "mirakuru_uuid"  # see ThrowawayMySQLServer._launch
# The datadir template (see ThrowawayMySQLServer._initialize): bump when the install command changes.
TEMPLATE_FORMAT = 2
_TZINFO_TOOLS = ("mariadb-tzinfo-to-sql", "mysql_tzinfo_to_sql")
ZONEINFO = Path("/usr/share/zoneinfo")
COMPLETE = "complete"  # written last into a template: a half-written one is never used
# errno 28 as mariadbd, InnoDB and MySQL word it
_DISK_FULL = re.compile(r"error 28\b|Errcode: 28|No space left on device|out of disk space|disk is full", re.I)
# what mariadb-install-db and mariadbd say when files of the install are missing
_INCOMPLETE = re.compile(r"FATAL ERROR: Could not find|Can't find messagefile|Can't open shared library", re.I)
_NOISE = re.compile(r"\bAborting\b|registration as a STORAGE ENGINE failed|Unknown/unsupported storage engine")


def _owning_package(binary: str) -> str | None:
    """The Debian package that installed ``binary`` (``dpkg -S``), to name in a remedy that is true."""
    if shutil.which("dpkg") is None:
        return None
    try:
        out = subprocess.run(["dpkg", "-S", os.path.realpath(binary)], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    first = out.stdout.split(":", 1)[0].strip() if out.returncode == 0 else ""
    return first or None


def incomplete_install_remedy(binary: str) -> str:
    package = _owning_package(binary)
    reinstall = (
        f"reinstall its package (`sudo apt-get install --reinstall {package}`)"
        if package
        else "reinstall the package or build that provided it"
    )
    return (
        f"the server install around {binary} is incomplete: {reinstall}, or point `mysqld` in the [local] table "
        "of migration-harness.toml (or MIGRATION_HARNESS_MYSQLD) at a complete install, or run with --target containers"
    )


def server_errors(text: str, limit: int = 3) -> list[str]:
    """The lines that say what went wrong, not the boilerplate around them: a FATAL ERROR with the
    directories searched, else the first [ERROR] lines (the cause comes first, ``Aborting`` last)."""
    lines = [ln.strip() for ln in text.splitlines()]
    for i, line in enumerate(lines):
        if line.upper().startswith("FATAL ERROR"):
            searched = [ln for ln in lines[i + 1 : i + 12] if ln.startswith("/")]
            return [line + (f" (searched: {', '.join(searched)})" if searched else "")]
    errors = [ln for ln in lines if "[ERROR]" in ln and not _NOISE.search(ln)]
    return errors[:limit]


def explain_failure(text: str, binary: str, where: Path) -> str:
    """A remedy for the failures with a known cause (disk full, incomplete install); else nothing."""
    if _DISK_FULL.search(text):
        try:
            free = f"{shutil.disk_usage(where).free // 2**20} MiB free"
        except OSError:
            free = "free space unknown"
        return (
            f"\nthe disk holding the throwaway datadir ({where}, {free}) is full: free some space or set {SCRATCH_ENV} "
            "to a directory on a filesystem with at least 500 MiB free"
        )
    if _INCOMPLETE.search(text):
        return "\n" + incomplete_install_remedy(binary)
    return ""


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
    """``mariadbd``/``mysqld`` on a fresh datadir in ``scratch`` (default: :func:`scratch_root`), listening on
    127.0.0.1:<free port>."""

    def __init__(self, binary: ServerBinary, start_timeout: float = 60, scratch: Path | None = None) -> None:
        self.binary = binary
        self.start_timeout = start_timeout
        self.tmpdir = Path(tempfile.mkdtemp(prefix="mh-mysql-", dir=scratch or scratch_root()))
        self.port = port_for.select_random()
        self._process: subprocess.Popen[bytes] | None = None
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
            self._launch(command)
        except Exception as exc:
            log = self._error_log()
            self.stop()
            if isinstance(exc, HarnessError):
                raise
            raise HarnessError(f"local MySQL server ({self.binary.path}) failed to start: {exc}{log}") from None

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def _launch(self, command: list[str]) -> None:
        """Start the server and wait until it accepts connections on its own socket and port.

        Not mirakuru's executor: it tags the server with an environment variable, and its exit hook, in every
        Python process that imports it, SIGKILLs each process whose tag merely contains the exiting process's
        pid as a substring: another run's (or another xdist worker's) server could die when an unrelated
        process ended."""
        # Nor does it inherit such a tag from a harness that such an executor started.
        env = {name: value for name, value in os.environ.items() if name != _MIRAKURU_TAG}
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
            start_new_session=True,  # Ctrl-C in the terminal reaches pytest, which then stops the server itself
        )  # fmt: skip
        self._process = process
        # The reaper reads this (or mariadbd's own pid file, written later) when the owner dies.
        (self.tmpdir / "server.pid").write_text(str(process.pid))
        deadline = time.monotonic() + self.start_timeout
        # The Unix socket is this server's alone: the port may, in a race, be another process's.
        while not ((self.tmpdir / "mysqld.sock").exists() and _accepts(self.port)):
            if process.poll() is not None:
                raise HarnessError(
                    f"local MySQL server ({self.binary.path}) exited with code {process.returncode} while "
                    f"starting{self._error_log()}"
                )
            if time.monotonic() > deadline:
                raise HarnessError(
                    f"local MySQL server ({self.binary.path}) did not accept connections on port {self.port} "
                    f"within {self.start_timeout:g} s{self._error_log()}"
                )
            time.sleep(0.02)

    def _install_db(self) -> str | None:
        """MariaDB's datadir tool: on PATH, else beside the server binary (a server found in /usr/sbin while
        PATH lacks /usr/bin, or an unpacked tarball), where its own install put it."""
        found = next((p for p in map(_which, _INSTALL_TOOLS) if p), None)
        if found:
            return found
        binary = Path(self.binary.path)
        for directory in {binary.parent, binary.resolve().parent.parent / "bin", binary.parent.parent / "scripts"}:
            for name in _INSTALL_TOOLS:
                candidate = directory / name
                if os.access(candidate, os.X_OK):
                    return str(candidate)
        return None

    @property
    def _private_tmp(self) -> Path:
        return self.tmpdir / "tmp"

    def _user_flag(self) -> list[str]:
        return ["--user=root"] if os.geteuid() == 0 else []

    def _basedir(self) -> list[str]:
        """An unpacked tarball's install root, where its share files are (a system install finds its own)."""
        basedir = Path(self.binary.path).resolve().parent.parent
        return [f"--basedir={basedir}"] if (basedir / "share").is_dir() and basedir != Path("/usr") else []

    def _initialize(self, datadir: Path) -> None:
        """A fresh datadir: a copy of this user's cached template for this server binary (a few tenths of a
        second) or, the first time, the install tool's (seconds), which then becomes the template."""
        template = self._template()
        if (template / COMPLETE).is_file():
            try:
                shutil.copytree(template / "data", datadir)
                return
            except OSError:
                shutil.rmtree(datadir, ignore_errors=True)  # a template removed while copying: make one
        self._install(datadir)
        self._keep_as_template(datadir, template)

    def _template(self) -> Path:
        """Keyed by everything the datadir depends on: the binary (path, size, mtime), its version, the user,
        the zone files."""
        binary = Path(self.binary.path).resolve()
        stat = binary.stat()
        zones = ZONEINFO.is_dir()  # tzdata installed later: a template with the zones
        key = f"{binary}|{stat.st_size}|{stat.st_mtime_ns}|{self.binary.version}|{os.geteuid()}|{TEMPLATE_FORMAT}"
        key += f"|{zones}"
        return cache_dir() / f"datadir-{hashlib.sha1(key.encode()).hexdigest()[:16]}"

    @staticmethod
    def _keep_as_template(datadir: Path, template: Path) -> None:
        """Copy the pristine datadir (the server has not started on it yet) into the cache; concurrent first
        runs each write their own copy and the first rename wins. A cache that cannot be written is no error."""
        partial = template.with_name(f"{template.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            shutil.copytree(datadir, partial / "data")
            (partial / COMPLETE).write_text("")
            os.rename(partial, template)
        except OSError:
            pass
        finally:
            shutil.rmtree(partial, ignore_errors=True)

    def _install(self, datadir: Path) -> None:
        if self.binary.is_mariadb:
            install_db = self._install_db()
            if not install_db:
                raise HarnessError(
                    f"{self.binary.path} found, but not mariadb-install-db (looked on PATH, in "
                    f"{', '.join(_SEARCH_DIRS)} and beside the server); {incomplete_install_remedy(self.binary.path)}"
                )
            command = [
                install_db, "--no-defaults", f"--datadir={datadir}", "--auth-root-authentication-method=normal",
                "--skip-test-db", "--skip-name-resolve", *self._user_flag(),
            ]  # fmt: skip
            command += self._basedir()
        else:
            command = [self.binary.path, "--no-defaults", "--initialize-insecure", f"--datadir={datadir}",
                       *self._user_flag()]  # fmt: skip
        code, output = self._bootstrap(command)
        if code != 0:
            found = server_errors(output) or output.strip().splitlines()[-5:]
            raise HarnessError(
                f"initializing a datadir with {command[0]} failed:\n"
                + "\n".join(found)
                + explain_failure(output, self.binary.path, self.tmpdir)
            )
        if self.binary.is_mariadb:
            self._load_time_zones(datadir)

    def _bootstrap(self, command: list[str], given: str | None = None) -> tuple[int, str]:
        """Run a datadir-writing command to its end: (exit code, output)."""
        # A server starting up deletes every #sql* file in its tmpdir; with the shared /tmp, concurrent
        # bootstraps (xdist workers, parallel runs) removed each other's temp tables and failed.
        # The install script calls mkdir, my_print_defaults, ...: a PATH without the system dirs (the server
        # was found in /usr/sbin, not on PATH) must not fail it half-way.
        path = os.pathsep.join([os.environ.get("PATH", ""), "/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"])
        env = {**os.environ, "TMPDIR": str(self._private_tmp), "PATH": path.lstrip(os.pathsep)}
        # Own process group, recorded for the reaper: killed mid-bootstrap, install-db and its bootstrap
        # server would otherwise keep writing the datadir after the reaper removed it.
        marker = self.tmpdir / "bootstrap.pgid"
        with subprocess.Popen(
            command, stdin=subprocess.PIPE if given is not None else subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
        ) as proc:  # fmt: skip
            marker.write_text(str(proc.pid))
            try:
                output, _ = proc.communicate(given, timeout=120)
            finally:
                marker.unlink(missing_ok=True)
        return proc.returncode, output

    def _load_time_zones(self, datadir: Path) -> None:
        """Named time zones, as production servers have them loaded: without, CONVERT_TZ(at, 'Europe/Paris',
        'UTC') is NULL on both sides of a comparison and a wrong zone passes. Loaded once, into the template,
        by a bootstrap server; where the tool or the zone files are missing the server has none, as a server
        installed there would (the run's header says so)."""
        tool = next((p for p in map(_which, _TZINFO_TOOLS) if p), None)
        if tool is None or not ZONEINFO.is_dir():
            return
        zones = subprocess.run([tool, str(ZONEINFO)], capture_output=True, text=True, timeout=120)
        command = [
            self.binary.path, "--no-defaults", f"--datadir={datadir}", "--bootstrap", "--skip-networking",
            f"--tmpdir={self._private_tmp}", f"--log-error={self.tmpdir / 'bootstrap.log'}", *self._user_flag(),
            *self._basedir(),
        ]  # fmt: skip
        if zones.returncode != 0 or self._bootstrap(command, "USE mysql;\n" + zones.stdout)[0] != 0:
            raise HarnessError(
                f"loading time zones into a new datadir ({tool} {ZONEINFO} into {self.binary.path} --bootstrap) "
                f"failed{self._error_log('bootstrap.log')}"
            )

    def _start_reaper(self) -> None:
        """A watchdog process that kills the server and removes the temp dir if this process dies."""
        self._reaper = subprocess.Popen(
            [sys.executable, "-m", "migration_harness.targets.reaper", str(os.getpid()), "0", str(self.tmpdir)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip

    def _error_log(self, name: str = "error.log") -> str:
        log = self.tmpdir / name
        if not log.exists():
            return ""
        text = log.read_text(errors="replace")
        lines = server_errors(text)
        return (("\n" + "\n".join(lines)) if lines else "") + explain_failure(text, self.binary.path, self.tmpdir)

    def exit_note(self) -> str:
        """'' while the server runs; else how it ended and the last lines of its error log (a lost connection
        then says why, instead of leaving the reader to guess)."""
        process = self._process
        if process is None or process.poll() is None:
            return ""
        code = process.returncode
        how = f"was killed by signal {-code} ({signal.Signals(-code).name})" if code < 0 else f"exited with code {code}"
        log = self.tmpdir / "error.log"
        tail = log.read_text(errors="replace").splitlines()[-12:] if log.exists() else []
        shown = "".join(f"\n    {line}" for line in tail)
        return f"the throwaway MySQL server (pid {process.pid}, port {self.port}) {how}; its error log ends:{shown}"

    def stop(self) -> None:
        try:
            process, self._process = self._process, None
            # Popen signals only a process it has not reaped: a server that died earlier (killed by a test,
            # crashed) has left its pid to the system, which may have given it to another run's server.
            if process is not None and process.poll() is None:
                process.terminate()  # mariadbd shuts down cleanly on SIGTERM
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        finally:  # the watchdog goes whatever happened: left running, it would act on a dead server's pid
            if self._reaper is not None:
                self._reaper.kill()
                self._reaper.wait()
                self._reaper = None
            shutil.rmtree(self.tmpdir, ignore_errors=True)


def _accepts(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False
