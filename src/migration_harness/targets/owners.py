"""Who made the ``mh_*`` scratch databases on a live server, and what to do with those a killed run left.

Every run that writes to a live server first creates ``mh_<token>_owner`` holding one row: host, pid, the
process's start time and the run's start. A clean end (also Ctrl-C and SIGTERM) drops it with the scratch
databases. After a SIGKILL they stay; the next run on that server finds them, sees their owner is gone and
drops them (or lists them with the statements to drop them, per target ``leftovers = "list"``).
"""

from __future__ import annotations

import datetime
import os
import re
import socket
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

import psutil

from ..dialects import ident, literal
from ..engines import Engine

PREFIX = "mh_"
_TOKEN = re.compile(r"^mh_([0-9a-f]{8})_")
STALE_ELSEWHERE = datetime.timedelta(hours=24)  # a run on another host cannot be asked; assume it died by then


def owner_database(token: str) -> str:
    return f"{PREFIX}{token}_owner"


def _harness_version() -> str:
    try:
        return version("pytest-migration-harness")
    except PackageNotFoundError:
        return "unknown"


def _process_started(pid: int) -> float | None:
    try:
        return psutil.Process(pid).create_time()
    except (psutil.Error, OSError):
        return None


def claim(admin: Engine, token: str) -> str:
    """Create this run's owner database on ``admin``'s server; returns its name (a scratch database itself)."""
    name = owner_database(token)
    admin.execute(admin.sql.create_database(name))
    table = f"{ident(name)}.{ident('owner')}"
    admin.execute(admin.sql.owner_table(table))
    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    values = [
        literal(socket.gethostname()), str(os.getpid()), repr(_process_started(os.getpid()) or 0.0),
        literal(started), literal(_harness_version()),
    ]  # fmt: skip
    columns = "host, pid, process_started, run_started, version"
    admin.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(values)})")
    return name


@dataclass
class Leftover:
    """The scratch databases of one other run, and whether its owner is known to be gone."""

    token: str
    databases: list[str] = field(default_factory=list)
    owner: str = "unknown owner (no owner record: an older harness, or a run killed while starting)"
    gone: bool = False

    def drop_statements(self, admin: Engine) -> list[str]:
        return [admin.sql.drop_database(name) for name in self.databases]


def find_leftovers(admin: Engine, own_token: str) -> list[Leftover]:
    """Other runs' scratch databases on this server, with their owner's fate."""
    by_token: dict[str, Leftover] = {}
    for (name,) in admin.query(admin.sql.databases_query(PREFIX)):
        match = _TOKEN.match(str(name))
        if match and match.group(1) != own_token:
            by_token.setdefault(match.group(1), Leftover(match.group(1))).databases.append(str(name))
    for leftover in by_token.values():
        if owner_database(leftover.token) in leftover.databases:
            _judge(admin, leftover)
    return list(by_token.values())


def _judge(admin: Engine, leftover: Leftover) -> None:
    table = f"{ident(owner_database(leftover.token))}.{ident('owner')}"
    try:
        rows = admin.query(f"SELECT host, pid, process_started, run_started FROM {table}")
    except Exception:
        return  # an owner database being created right now: leave it to its run
    if not rows:
        return
    host, pid, process_started, run_started = rows[0]
    leftover.owner = f"run {leftover.token} on host {host}, pid {pid}, started {run_started}"
    if host == socket.gethostname():
        alive = _process_started(int(pid))
        # A pid may have been reused by another process since: same pid and same start time means the same one.
        leftover.gone = alive is None or abs(alive - float(process_started)) > 1.0
    else:
        try:
            started = datetime.datetime.fromisoformat(str(run_started))
        except ValueError:
            return
        leftover.gone = datetime.datetime.now(datetime.UTC) - started > STALE_ELSEWHERE


def tidy(admin: Engine, own_token: str, action: str, writable: bool, where: str) -> list[str]:
    """Drop (``action == "drop"`` on a writable target) or list the scratch databases of runs that are gone;
    returns the sentences for the header and the report."""
    notes = []
    for leftover in find_leftovers(admin, own_token):
        names = ", ".join(leftover.databases)
        if not leftover.gone:
            if leftover.owner.startswith("unknown"):
                statements = "; ".join(leftover.drop_statements(admin))
                notes.append(f"{where}: scratch databases of an {leftover.owner}: {names}; if no run is using "
                             f"them, drop them: {statements};")  # fmt: skip
            continue
        if action == "drop" and writable:
            for statement in leftover.drop_statements(admin):
                admin.execute(statement)
            notes.append(f"{where}: dropped {len(leftover.databases)} scratch database(s) left by {leftover.owner}, "
                         f"whose process is gone: {names}")  # fmt: skip
        else:
            statements = "; ".join(leftover.drop_statements(admin))
            notes.append(f"{where}: {len(leftover.databases)} scratch database(s) left by {leftover.owner}, whose "
                         f"process is gone: {names}; drop them with: {statements};")  # fmt: skip
    return notes
