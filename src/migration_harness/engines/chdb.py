"""The embedded ClickHouse engine (chdb): the real ClickHouse SQL, in-process, no server."""

from __future__ import annotations

import atexit
import decimal
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, ClassVar

from ..dialects.quoting import literal
from ..scratch import scratch_root
from .base import Engine, Row
from .clickhouse import LEAD, ClickHouseSQLMixin

_DECIMAL = re.compile(r"(Nullable\()?Decimal")
BACKGROUND_POOL_SIZE = 16
# Statements that cannot change what system.tables and system.columns say of a database's tables.
_KEEPS_CATALOGUE = re.compile(
    LEAD + r"(?:SELECT|WITH|SHOW|DESC|DESCRIBE|EXPLAIN|EXISTS|INSERT|OPTIMIZE|SET|USE|TRUNCATE(?!\s+DATABASE)|"
    r"(?:CREATE|DROP)\s+(?:TEMPORARY|TEMP))\b",
    re.I | re.S,
)
# A mutation of rows only (a rollback's delete of its records): ALTER TABLE [db.]t DELETE|UPDATE, with no
# word of a definition change anywhere (ALTER takes several comma-separated actions).
_NAME = r"(?:`(?:[^`\\]|\\.)*`|\"(?:[^\"\\]|\\.)*\"|\w+)"
_ROW_MUTATION = re.compile(LEAD + rf"ALTER\s+TABLE\s+{_NAME}(?:\s*\.\s*{_NAME})?\s+(?:DELETE|UPDATE)\b", re.I | re.S)
# A CREATE changes definitions only where it creates (a snapshot's CREATE TABLE copy.t AS SELECT ... FROM
# db.t names db, whose kept reads stay true).
_CREATES = re.compile(
    LEAD + r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:MATERIALIZED|LIVE|WINDOW)\s+)?(?:TABLE|VIEW|DICTIONARY)\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?(?:({_NAME})\s*\.\s*)?{_NAME}",
    re.I | re.S,
)
_DEFINITION_WORDS = re.compile(
    r"\b(?:ADD|DROP|MODIFY|RENAME|CLEAR|MATERIALIZE|COMMENT|ATTACH|DETACH|REPLACE|MOVE|FREEZE|RESET)\b", re.I
)
# A read of those two tables' definitions only: sizes, row counts and times change with every insert.
_CATALOGUE_READ = re.compile(r"\bFROM\s+system\.(?:tables|columns)\b", re.I)
_NOT_DEFINITIONS = re.compile(
    r"\bJOIN\b|total_|rows|bytes|modification|data_paths|parts|\bFROM\s+(?!system\.(?:tables|columns)\b)", re.I
)


def _unquote(name: str) -> str:
    if name[:1] in '`"':
        return re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _keeps_catalogue(sql: str) -> bool:
    if _KEEPS_CATALOGUE.match(sql):
        return True
    return bool(_ROW_MUTATION.match(sql)) and not _DEFINITION_WORDS.search(sql)


class ChdbSession:
    """chdb allows one embedded server per process, on one path; engines bound to different databases
    share it. Use :meth:`shared`: every local target of a process works in its own databases on it."""

    _shared: ClassVar[ChdbSession | None] = None

    @classmethod
    def shared(cls, scratch: Path | None = None) -> ChdbSession:
        """The process's session; the first call makes it in ``scratch`` (default: :func:`scratch_root`)."""
        if cls._shared is None:
            path = tempfile.mkdtemp(prefix="mh-chdb-", dir=scratch or scratch_root())
            # The reaper removes the directory even if this process is SIGKILLed; atexit covers a normal end.
            reaper = subprocess.Popen(
                [sys.executable, "-m", "migration_harness.targets.reaper", str(os.getpid()), "0", path],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
            session = cls(path)
            atexit.register(session._remove, reaper)
            cls._shared = session
        return cls._shared

    def _remove(self, reaper: subprocess.Popen[bytes]) -> None:
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)
        reaper.kill()
        reaper.wait()

    def __init__(self, path: str) -> None:
        from chdb import session  # imported lazily: it loads the whole ClickHouse engine

        self.path = path
        # A ClickHouse server's default pool. chdb's own (2) leaves too few free entries for mutations to run
        # in parallel (number_of_free_entries_in_pool_to_execute_mutation): an ALTER ... DELETE took 0.15 s
        # per part, 9 s for a test table written in 60 blocks, against 0.4 s with 16.
        joiner = "&" if "?" in path else "?"
        self._session: Any = session.Session(f"{path}{joiner}background_pool_size={BACKGROUND_POOL_SIZE}")
        # Decimals as text in JSON: as numbers, json.loads made them floats (-99999999999999.9999 printed as
        # -100000000000000.0 in a failure). Set once for the session, so _use_settings never resets it.
        self._session.query("SET output_format_json_quote_decimals = 1")
        self._lock = threading.RLock()  # read() holds it around run()
        self._current_db: str | None = None
        self._current_settings: dict[str, object] = {}  # what SET changed from the defaults
        # Catalogue reads, kept until a statement that may change a definition (a check asks the same
        # tables and columns several times, 2-4 ms a read); this process is the path's only writer.
        self._catalogue: dict[tuple[str, str], bytes] = {}

    def run(self, database: str, sql: str, fmt: str | None = None, settings: dict[str, object] | None = None) -> Any:
        """``sql`` in ``database`` with ``settings`` (others at their defaults). The session is shared by the
        process, so settings are session-wide: they are changed only when the next statement wants others
        (a migration's statements share theirs; a check after them gets the defaults back)."""
        with self._lock:
            if database != self._current_db:
                self._session.query(f"USE `{database}`")
                self._current_db = database
            self._use_settings(settings or {})
            try:
                return self._session.query(sql, fmt) if fmt else self._session.query(sql)
            finally:
                if not _keeps_catalogue(sql):
                    self._forget_catalogue(sql, database)

    def read(self, database: str, sql: str) -> bytes:
        """The rows of a query as JSONCompact; a read of table and column definitions is answered from
        memory when no statement since could have changed them."""
        key = (database, sql)
        with self._lock:  # held throughout: a definition changed between the read and keeping it is not kept
            if key in self._catalogue:
                return self._catalogue[key]
            raw: bytes = self.run(database, sql, "JSONCompact").bytes()
            if _CATALOGUE_READ.search(sql) and not _NOT_DEFINITIONS.search(sql):
                self._catalogue[key] = raw
            return raw

    def _use_settings(self, wanted: dict[str, object]) -> None:
        if wanted == self._current_settings:
            return
        changes = [f"{k} = DEFAULT" for k in self._current_settings if k not in wanted]
        changes += [f"{k} = {literal(v)}" for k, v in wanted.items() if self._current_settings.get(k, ...) != v]
        self._session.query("SET " + ", ".join(changes))  # all or nothing: a bad value changes none
        self._current_settings = dict(wanted)

    def _forget_catalogue(self, sql: str, database: str | None) -> None:
        """A statement changes definitions only in the database it runs in and in those it names; a CREATE
        only in the database it creates in."""
        created = _CREATES.match(sql)
        where = (_unquote(created.group(1)) if created.group(1) else database) if created else None
        if where is not None:
            stale = [key for key in self._catalogue if key[0] == where]
        else:
            stale = [key for key in self._catalogue if key[0] == database or key[0] in sql]
        for key in stale:
            del self._catalogue[key]

    def run_global(self, sql: str) -> None:
        with self._lock:
            self._forget_catalogue(sql, None)
            self._session.query(sql)
            if self._current_db is not None and sql.lstrip().upper().startswith("DROP DATABASE"):
                self._current_db = None  # the database we were in may be gone

    def close(self) -> None:
        with self._lock:
            self._session.close()


class ChdbEngine(ClickHouseSQLMixin):
    whole_database_reads = True  # the session keeps them until a definition may change

    def __init__(self, session: ChdbSession, database: str) -> None:
        super().__init__(database)
        self._session = session

    def _run(self, sql: str, settings: dict[str, object]) -> None:
        self._session.run(self.database, sql, settings=settings)

    def query(self, sql: str) -> list[Row]:
        raw = self._session.read(self.database, sql)
        if not raw:
            return []
        answer = json.loads(raw)
        # Decimal columns as decimal.Decimal, exact, as clickhouse-connect and PyMySQL give them.
        exact = [i for i, column in enumerate(answer["meta"]) if _DECIMAL.match(column["type"])]
        rows = answer["data"]
        for row in rows if exact else ():
            for i in exact:
                if row[i] is not None:
                    row[i] = decimal.Decimal(row[i])
        return [tuple(row) for row in rows]

    @property
    def server_id(self) -> object:
        return ("chdb", id(self._session))  # one embedded server per session

    def foreign_table(self, other: Engine, table: str) -> str | None:
        # Embedded in this process, so a server on 127.0.0.1 is on this machine: ClickHouse reads it itself.
        login = other.plain_login()
        return None if login is None else self.sql.foreign_table(login, other.database, table)

    def server_version(self) -> str:
        return str(self.scalar("SELECT version()"))

    @property
    def product(self) -> str:
        return f"ClickHouse {self.server_version()} (chdb)"
