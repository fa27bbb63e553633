"""The embedded ClickHouse engine (chdb): the real ClickHouse SQL, in-process, no server."""

from __future__ import annotations

import json
import threading
from typing import Any

from .base import Row
from .clickhouse import ClickHouseSQLMixin


class ChdbSession:
    """chdb allows one session per process; engines bound to different databases share it."""

    def __init__(self, path: str) -> None:
        from chdb import session  # imported lazily: it loads the whole ClickHouse engine

        self.path = path
        self._session: Any = session.Session(path)
        self._lock = threading.Lock()
        self._current_db: str | None = None

    def run(self, database: str, sql: str, fmt: str | None = None) -> Any:
        with self._lock:
            if database != self._current_db:
                self._session.query(f"USE `{database}`")
                self._current_db = database
            return self._session.query(sql, fmt) if fmt else self._session.query(sql)

    def run_global(self, sql: str) -> None:
        with self._lock:
            self._session.query(sql)
            if self._current_db is not None and sql.lstrip().upper().startswith("DROP DATABASE"):
                self._current_db = None  # the database we were in may be gone

    def close(self) -> None:
        with self._lock:
            self._session.close()


class ChdbEngine(ClickHouseSQLMixin):
    def __init__(self, session: ChdbSession, database: str) -> None:
        super().__init__(database)
        self._session = session

    def execute(self, sql: str) -> None:
        self._session.run(self.database, sql)

    def query(self, sql: str) -> list[Row]:
        result = self._session.run(self.database, sql, "JSONCompact")
        raw = result.bytes()
        if not raw:
            return []
        return [tuple(row) for row in json.loads(raw)["data"]]

    def server_version(self) -> str:
        return str(self.scalar("SELECT version()"))

    @property
    def product(self) -> str:
        return f"ClickHouse {self.server_version()} (chdb)"
