"""LiquibaseCliRunner: the same small interface as NativeRunner, driven by the real Liquibase CLI.

Used to check that our bookkeeping is interchangeable with Liquibase's, and by teams who want the real
tool in the loop (spec ``runner = "liquibase"``, or ``runner = "command"``: their own Liquibase-compatible
command, e.g. a wrapper script, which gets the same arguments). MySQL/MariaDB only, through the MariaDB JDBC
driver Liquibase bundles. With ``runner = "liquibase"`` the commands run in one JVM kept for the session
(:mod:`.cli_daemon`: the CLI's own entry point, a command at a time), not one JVM start each. The password
travels in LIQUIBASE_COMMAND_PASSWORD (or that JVM's pipe), never on a command line, and is never echoed.

Liquibase runs a changeset as one unit, so the harness can stop it only at changeset boundaries: a crash
"inside" a changeset is offered only as "every statement ran, nothing recorded" (see update_crashing).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..cache import cache_dir
from ..engines import Engine
from ..errors import ChangesetFailed, HarnessError
from .cli_daemon import DaemonDied, daemon_for
from .history import history_for
from .model import ChangeLog, ChangeSet
from .native import NativeRunner

_PENDING_LINE = re.compile(r"^\s{2,}(\S.*::.*::.*)$")
_FAILED = "Unexpected error running Liquibase:"  # the CLI's own summary of a failed command
_RAN = re.compile(r"ChangeSet (\S.*::.*::.*?) ran successfully in (\d+)\s*ms")


def find_liquibase() -> str | None:
    """``liquibase`` on PATH, under $LIQUIBASE_HOME, or the npm package in <project>/.tools."""
    found = shutil.which("liquibase")
    if found:
        return found
    candidates = []
    if os.environ.get("LIQUIBASE_HOME"):
        candidates.append(Path(os.environ["LIQUIBASE_HOME"]) / "liquibase")
    npm = Path(".tools/node_modules/liquibase/dist/liquibase/liquibase")
    for base in (Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents):
        candidates.append(base / npm)
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def jdbc_url(engine: Engine) -> tuple[str, str, str]:
    """(jdbc url, user, password) for a MySQL engine."""
    url: Any = getattr(engine, "url", None)
    if url is None or engine.sql.liquibase_name not in ("mysql", "mariadb"):
        raise HarnessError(f"the Liquibase CLI runner supports MySQL/MariaDB engines only, not {engine!r}")
    host = url.host or "127.0.0.1"
    return (
        f"jdbc:mariadb://{host}:{url.port or 3306}/{engine.database}",
        url.username or "root",
        url.password or "",
    )


class LiquibaseCliRunner:
    def __init__(
        self,
        engine: Engine,
        log: ChangeLog,
        contexts: str | None = None,
        labels: str | None = None,
        liquibase: str | None = None,
        timeout: float = 300,
        command: Sequence[str] = (),
    ) -> None:
        self.engine = engine
        self.log = log
        self.contexts = contexts
        self.labels = labels
        self.timeout = timeout
        self.rewrites: list[str] = []  # Liquibase runs the SQL as written: nothing is rewritten
        self.skipped: dict[str, str] = {}  # Liquibase evaluates preconditions itself: why is in its output only
        executable = command[0] if command else (liquibase or find_liquibase())
        if executable is None:
            raise HarnessError(
                "Liquibase CLI not found: put 'liquibase' on PATH, set LIQUIBASE_HOME, or run "
                "'npm install liquibase@4.28' in <project>/.tools"
            )
        self.executable = executable
        self.prefix = list(command) if command else [executable]
        self.own_command = bool(command)  # the user's command runs as given, a process per command
        self.url, self.user, self._password = jdbc_url(engine)

    def _run(self, command: str, *args: str, stream: str = "stdout") -> str:
        argv = [
            *self.prefix,
            f"--url={self.url}",
            f"--username={self.user}",
            f"--changelog-file={self.log.path.name}",
            f"--search-path={self.log.path.parent.resolve()}",
            "--show-banner=false",
            command,
            *args,
        ]
        # every command, rollbacks included: Liquibase filters what they count and undo by the same rules
        if self.contexts:
            argv.append(f"--contexts={self.contexts}")
        if self.labels:
            argv.append(f"--label-filter={self.labels}")
        argv.extend(f"-D{k}={v}" for k, v in self.log.properties.items())
        daemon = None if self.own_command else daemon_for(self.executable)
        if daemon is not None:
            try:  # the same arguments; the password in the pipe, as the environment carries it below
                code, out, err = daemon.run([*argv[len(self.prefix) :], f"--password={self._password}"], self.timeout)
            except DaemonDied as exc:
                raise ChangesetFailed(f"{self._name} {command} {' '.join(args)}: {exc}") from None
        else:
            code, out, err = self._process(command, args, argv)
        if code != 0:
            detail = _why_it_failed(out, err)
            if self._password:
                detail = detail.replace(self._password, "***")
            raise ChangesetFailed(f"{self._name} {command} {' '.join(args)} failed (exit {code}): {detail}")
        return err if stream == "stderr" else out

    def _process(self, command: str, args: Sequence[str], argv: list[str]) -> tuple[int, str, str]:
        """One process per command: a command of the user's own, or a Liquibase whose jars are not found."""
        env = {**os.environ, "LIQUIBASE_COMMAND_PASSWORD": self._password}
        self._pending_archive: tuple[Path, Path] | None = None
        env.setdefault("JAVA_OPTS", self._java_opts())
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=self.timeout, check=False)
        except FileNotFoundError:
            raise HarnessError(f"cannot run {self.prefix[0]}: no such program") from None
        except subprocess.TimeoutExpired:
            ended = f"did not end in {self.timeout:g} s"
            raise ChangesetFailed(f"{self._name} {command} {' '.join(args)} {ended}") from None
        if self._pending_archive is not None:
            partial, archive = self._pending_archive
            if partial.is_file():
                with contextlib.suppress(OSError):
                    os.replace(partial, archive)
        return proc.returncode, proc.stdout, proc.stderr

    @property
    def _name(self) -> str:
        return Path(self.prefix[0]).name

    def _java_opts(self) -> str:
        """Start-up flags for a short-lived JVM: no optimising JIT, and a class-data archive of
        Liquibase's classes (written by the first run, reused after) - together they halve start-up."""
        opts = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
        digest = hashlib.sha1(str(Path(self.executable).resolve()).encode()).hexdigest()[:12]
        archive = cache_dir() / f"liquibase-{digest}.jsa"
        if archive.is_file():
            return f"{opts} -XX:SharedArchiveFile={archive}"
        # each first run writes its own file; the rename makes whichever finishes first the archive
        partial = archive.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        self._pending_archive = (partial, archive)
        return f"{opts} -XX:ArchiveClassesAtExit={partial}"

    def update(self) -> None:
        self._run("update")

    def update_count(self, n: int) -> None:
        self._run("update-count", f"--count={n}")

    def update_timed(self, count: int) -> dict[str, float]:
        """One process for the next ``count`` changesets (a JVM start each would dwarf them): seconds by key,
        as Liquibase itself logs them ("ChangeSet ... ran successfully in 12ms"); one it did not log has none."""
        log = self._run("update-count", f"--count={count}", "--log-level=INFO", stream="stderr")
        return {m.group(1): int(m.group(2)) / 1000 for m in _RAN.finditer(log)}

    def update_to_tag(self, tag: str) -> None:
        self._run("update-to-tag", f"--tag={tag}")

    def rollback_count(self, n: int) -> None:
        self._run("rollback-count", f"--count={n}")

    def rollback_to_tag(self, tag: str) -> None:
        self._run("rollback", f"--tag={tag}")

    def tag(self, name: str) -> None:
        self._run("tag", f"--tag={name}")

    def status(self) -> list[ChangeSet]:
        out = self._run("status", "--verbose")
        keys = [m.group(1).strip() for line in out.splitlines() if (m := _PENDING_LINE.match(line))]
        by_key = {cs.key: cs for cs in self.log.changesets}
        missing = [k for k in keys if k not in by_key]
        if missing:
            raise HarnessError(f"liquibase status lists changesets we did not parse: {missing}")
        return [by_key[k] for k in keys]

    def applied(self) -> list[dict[str, Any]]:
        return history_for(self.engine).rows()

    def validate(self) -> list[str]:
        """Applied changesets edited since: read from the bookkeeping, which is Liquibase's own."""
        return self._reader().validate()

    def _reader(self) -> NativeRunner:
        """The built-in engine's view of the same bookkeeping (the differential tests prove them the same),
        for questions that would otherwise cost a JVM start."""
        return NativeRunner(self.engine, self.log, self.contexts, self.labels)

    # ---- test helpers: what the suites do to a run, at changeset boundaries ------------------------

    def rerun(self, cs: ChangeSet) -> None:
        """Run ``cs`` again as Liquibase would after losing its record: forget the record, then update."""
        history_for(self.engine).delete((cs.id, cs.author, cs.filename))
        try:
            self._run("update")
        except ChangesetFailed as exc:
            raise ChangesetFailed(
                f"{cs.key} (line {cs.line}) failed while re-running (its DATABASECHANGELOG row removed, as a crash "
                f"before Liquibase recorded it leaves it, then update): {exc}"
            ) from None

    def update_crashing(self, cs: ChangeSet, after_statements: int) -> None:
        """The state a crash leaves, at a changeset boundary: 0 = before ``cs`` began (everything before it
        applied and recorded); ``len(cs.statements)`` (at least 1) = every statement of ``cs`` ran but
        Liquibase died before recording it. Liquibase cannot be stopped between two statements of a changeset."""
        end = max(len(cs.statements), 1)  # a changeset of change types only Liquibase runs: 1
        if after_statements not in (0, end):
            raise HarnessError(
                f"{self._name} runs {cs.key} as one unit: a crash can be placed before it (0) or after its "
                f"last statement ({end}), not after statement {after_statements}"
            )
        pending = [p.key for p in self._reader().status()]
        if cs.key not in pending:
            raise HarnessError(f"{cs.key} is not pending")
        before = pending.index(cs.key)
        if before:
            self.update_count(before)
        if after_statements:
            self.update_count(1)
            history_for(self.engine).delete((cs.id, cs.author, cs.filename))


def _why_it_failed(out: str, err: str) -> str:
    """The lines of a failed command's output that say why: the changeset it was running and the CLI's own
    summary with its reasons, not the tail of a Java stack trace; the output's tail where there is none."""
    lines = (out + "\n" + err).splitlines()
    running = [line.strip() for line in lines if line.startswith("Running Changeset:")][-1:]
    said: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith(_FAILED):
            said.append(line.strip())
            for more in lines[index + 1 : index + 6]:  # the summary goes on indented: "     Reason: ..."
                if not more.startswith((" ", "\t")) or more.strip().startswith("at "):
                    break
                said.append(more.strip())
    if not said:
        return (err.strip() or out.strip())[-2000:]
    return "; ".join(running + said)[:2000]
