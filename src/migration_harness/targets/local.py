"""The zero-setup default: a throwaway MariaDB/MySQL process plus an embedded chdb session."""

from __future__ import annotations

from .. import scratch
from ..engines import Engine
from ..engines.chdb import ChdbEngine, ChdbSession
from ..engines.mysql import MySQLEngine
from .base import Target
from .processes import ThrowawayMySQLServer, find_server_binary


class LocalTarget(Target):
    name = "local"

    def __init__(self, mysqld: str | None = None, scratch: str | None = None) -> None:
        super().__init__()
        self._mysqld = mysqld
        self._scratch_dir = scratch
        self._server: ThrowawayMySQLServer | None = None
        self._chdb: ChdbSession | None = None
        self._admin: MySQLEngine | None = None

    def start(self) -> None:
        where = scratch.scratch_root(self._scratch_dir)
        self._server = ThrowawayMySQLServer(find_server_binary(self._mysqld), scratch=where)
        self._server.start()
        try:
            self._admin = MySQLEngine(self._server.url, tls=False)
            self._chdb = ChdbSession.shared(where)
        except Exception:
            self.stop()  # no half-started server left running
            raise

    def _create_database(self, dialect: str, name: str) -> Engine:
        return {"mysql": self._create_mysql, "clickhouse": self._create_chdb}[dialect](name)

    def _create_mysql(self, name: str) -> Engine:
        assert self._server and self._admin, "target not started"
        self._admin.execute(self._admin.sql.create_database(name))
        return MySQLEngine(self._server.url, database=name, tls=False)

    def _create_chdb(self, name: str) -> Engine:
        assert self._chdb, "target not started"
        self._chdb.run_global(ChdbEngine.sql_dialect.create_database(name))
        return ChdbEngine(self._chdb, name)

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
        assert self._admin and self._chdb and self._server
        version = ChdbEngine(self._chdb, "default").server_version()
        return {
            "mysql": f"{self._admin.product} (throwaway {self._server.binary.path} on 127.0.0.1:{self._server.port}, "
            f"files in {scratch.describe(self._server.tmpdir.parent)})",
            "clickhouse": f"ClickHouse {version} (chdb, embedded)",
        }

    def stop(self) -> None:
        super().stop()
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._chdb = None  # the process-wide session stays; this target's databases are dropped above
        if self._server is not None:
            self._server.stop()
            self._server = None
