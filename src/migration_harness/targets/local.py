"""The zero-setup default: a throwaway MariaDB/MySQL process plus an embedded chdb session."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import scratch
from ..engines import Engine
from ..engines.chdb import ChdbEngine, ChdbSession
from ..engines.mysql import MySQLEngine
from .base import DIALECTS, Target
from .processes import ThrowawayMySQLServer, find_server_binary


class LocalTarget(Target):
    name = "local"

    def __init__(self, mysqld: str | None = None, scratch: str | None = None, kinds: Iterable[str] = DIALECTS) -> None:
        """``kinds``: the database kinds to start with (the spec's); another is started when first asked for."""
        super().__init__()
        self._mysqld = mysqld
        self._scratch_dir = scratch
        self._kinds = tuple(kinds)
        self._where: Path | None = None
        self._server: ThrowawayMySQLServer | None = None
        self._chdb: ChdbSession | None = None
        self._admin: MySQLEngine | None = None
        self._zones = True  # whether the server knows named time zones (read when it starts)

    def start(self) -> None:
        self._where = scratch.scratch_root(self._scratch_dir)
        try:
            if "mysql" in self._kinds:
                self._start_mysql()
            if "clickhouse" in self._kinds:
                self._start_chdb()
        except Exception:
            self.stop()  # no half-started server left running
            raise

    def _start_mysql(self) -> tuple[ThrowawayMySQLServer, MySQLEngine]:
        if self._server is None or self._admin is None:
            assert self._where is not None, "target not started"
            self._server = ThrowawayMySQLServer(find_server_binary(self._mysqld), scratch=self._where)
            self._server.start()
            self._admin = MySQLEngine(self._server.url, tls=False)
            self._zones = bool(int(self._admin.scalar("SELECT COUNT(*) FROM mysql.time_zone_name") or 0))
        return self._server, self._admin

    def _start_chdb(self) -> ChdbSession:
        if self._chdb is None:
            assert self._where is not None, "target not started"
            self._chdb = ChdbSession.shared(self._where)
        return self._chdb

    def _create_database(self, dialect: str, name: str) -> Engine:
        return {"mysql": self._create_mysql, "clickhouse": self._create_chdb}[dialect](name)

    def _create_mysql(self, name: str) -> Engine:
        server, admin = self._start_mysql()
        admin.execute(admin.sql.create_database(name))
        return MySQLEngine(server.url, database=name, tls=False)

    def _create_chdb(self, name: str) -> Engine:
        session = self._start_chdb()
        session.run_global(ChdbEngine.sql_dialect.create_database(name))
        return ChdbEngine(session, name)

    def _drop_database(self, engine: Engine) -> None:
        if isinstance(engine, ChdbEngine):
            assert self._chdb
            self._chdb.run_global(engine.sql.drop_database(engine.database))
        else:
            assert self._admin
            self._admin.execute(engine.sql.drop_database(engine.database))

    def lost_server_note(self) -> str:
        return self._server.exit_note() if self._server is not None else ""

    def describe(self) -> dict[str, str]:
        """The kinds started so far (a spec's own, and any a check asked for)."""
        described = {}
        if self._server is not None and self._admin is not None:
            described["mysql"] = (
                f"{self._admin.product} (throwaway {self._server.binary.path} on 127.0.0.1:{self._server.port}, "
                f"files in {scratch.describe(self._server.tmpdir.parent)}{self._zones_note()})"
            )
        if self._chdb is not None:
            version = ChdbEngine(self._chdb, "default").server_version()
            described["clickhouse"] = f"ClickHouse {version} (chdb, embedded)"
        return described

    def _zones_note(self) -> str:
        # Read when the server started: the report describes the target also after the server was lost.
        if self._zones:
            return ""
        return "; no named time zones: CONVERT_TZ(at, 'Europe/Paris', 'UTC') is NULL here, install tzdata"

    def stop(self) -> None:
        super().stop()
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._chdb = None  # the process-wide session stays; this target's databases are dropped above
        if self._server is not None:
            self._server.stop()
            self._server = None
