"""MySQL and MariaDB through SQLAlchemy + PyMySQL."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import sqlalchemy
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from ..dialects import MariaDBDialect, MySQLDialect
from .base import Column, Engine, Row


class MySQLEngine(Engine):
    dialect = "mysql"

    def __init__(
        self,
        url: str | URL,
        database: str | None = None,
        *,
        connect_timeout: float | None = None,
        query_timeout: float | None = None,
        read_only: bool = False,
        tls: bool = True,
    ) -> None:
        """``connect_timeout`` bounds the TCP connect and the server's greeting, ``query_timeout`` each
        statement's reply; ``read_only`` makes the server itself refuse every write of this session.
        ``tls=False`` is for a server this process started on the loopback: PyMySQL otherwise prepares TLS
        for every connection (it prefers it), loading the system's CA store, 36 ms a connection here."""
        url = make_url(url)
        if url.drivername in ("mysql", "mariadb"):
            url = url.set(drivername="mysql+pymysql")
        if database is not None:
            url = url.set(database=database)
        super().__init__(url.database or "")
        # One long-lived raw DBAPI connection: statements go to the server verbatim (no %-formatting,
        # no SQLAlchemy text() parsing of colons), and session state such as a transaction stays put.
        connect_args: dict[str, Any] = {
            "charset": "utf8mb4",
            "autocommit": True,
            # UTC sessions: TIMESTAMP values compare and hash the same whatever the host zone is.
            "init_command": "SET time_zone = '+00:00'",
        }
        if not tls:
            connect_args["ssl_disabled"] = True
        if connect_timeout is not None:
            # PyMySQL's connect_timeout ends at the TCP connect; a port that accepts and then never speaks
            # would hang in the handshake, so the handshake's reads get the same bound.
            connect_args.update(connect_timeout=connect_timeout, read_timeout=connect_timeout)
        # No rollback on close: the session autocommits, and on a lost server it would only log a traceback.
        self._sa = sqlalchemy.create_engine(
            url, poolclass=NullPool, connect_args=connect_args, pool_reset_on_return=None
        )
        self._conn: Any = self._sa.raw_connection()
        if connect_timeout is not None:
            # Connected: from now on a reply may take as long as a statement is allowed to run. PyMySQL has
            # no public setter; it re-arms the socket from this attribute before every read.
            driver: Any = self._conn.driver_connection
            driver._read_timeout = query_timeout
        self._version: str | None = None
        self.read_only = read_only
        self._options = {
            "connect_timeout": connect_timeout,
            "query_timeout": query_timeout,
            "read_only": read_only,
            "tls": tls,
        }
        self._sibling: MySQLEngine | None = None
        if read_only:
            self.execute("SET SESSION TRANSACTION READ ONLY")

    @property
    def url(self) -> URL:
        return self._sa.url

    @property
    def server_id(self) -> object:
        return ("mysql", self.url.host, self.url.port, self.url.username)

    def plain_login(self) -> tuple[str, str, int, str] | None:
        url = self.url
        if url.host != "127.0.0.1" or url.password:  # "localhost" would mean a socket to a client library
            return None
        return ("mysql", url.host, url.port or 3306, url.username or "root")

    def sibling(self) -> MySQLEngine:
        # Kept for the next statement pair: a new connection costs 20 ms, more than a small table's scan.
        if self._sibling is None:
            self._sibling = MySQLEngine(self.url, **self._options)  # type: ignore[arg-type]
        return self._sibling

    def execute(self, sql: str) -> None:
        with self._cursor() as cursor:
            cursor.execute(sql)

    def query(self, sql: str) -> list[Row]:
        with self._cursor() as cursor:
            cursor.execute(sql)
            return [tuple(row) for row in cursor.fetchall()]

    @contextlib.contextmanager
    def _cursor(self) -> Iterator[Any]:
        cursor = self._conn.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.execute("START TRANSACTION")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def tables(self) -> list[str]:
        rows = self.query(
            "SELECT TABLE_NAME FROM information_schema.TABLES "
            f"WHERE TABLE_SCHEMA = {self.quote_literal(self.database)} AND TABLE_TYPE = 'BASE TABLE' "
            "ORDER BY TABLE_NAME"
        )
        return [r[0] for r in rows]

    def columns(self, table: str) -> list[Column]:
        rows = self.query(
            "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, COLUMN_KEY, EXTRA "
            "FROM information_schema.COLUMNS "
            f"WHERE TABLE_SCHEMA = {self.quote_literal(self.database)} "
            f"AND TABLE_NAME = {self.quote_literal(table)} ORDER BY ORDINAL_POSITION"
        )
        return [Column(r[0], r[1], r[2] == "YES", r[3], r[4] or "", r[5] or "") for r in rows]

    def dedup_key(self, table: str) -> list[str]:
        """INSERT IGNORE, REPLACE and ON DUPLICATE KEY UPDATE keep one row per primary key value."""
        return [c.name for c in self.columns(table) if c.key == "PRI"]

    def unique_keys(self, table: str) -> list[list[str]]:
        rows = self.query(
            "SELECT INDEX_NAME, COLUMN_NAME, NULLABLE FROM information_schema.STATISTICS "
            f"WHERE TABLE_SCHEMA = {self.quote_literal(self.database)} AND TABLE_NAME = {self.quote_literal(table)} "
            "AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX"
        )
        indexes: dict[str, list[str]] = {}
        nullable: set[str] = set()  # a unique index lets NULLs repeat
        for index, column, null in rows:
            indexes.setdefault(index, []).append(column)
            if null == "YES":
                nullable.add(index)
        return [columns for index, columns in indexes.items() if index not in nullable]

    def server_version(self) -> str:
        if self._version is None:
            self._version = str(self.scalar("SELECT VERSION()"))
        return self._version

    @property
    def product(self) -> str:
        return product_name(self.server_version())

    @property
    def sql(self) -> MySQLDialect:
        return MariaDBDialect() if self.product.startswith("MariaDB") else MySQLDialect()

    def close(self) -> None:
        if self._sibling is not None:
            self._sibling.close()
        with contextlib.suppress(Exception):
            self._conn.close()
        self._sa.dispose()


_DUPLICATE_KEY = (1062, 1586)  # ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME


def duplicate_key(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) is MySQL refusing a row whose unique key another row holds."""
    import pymysql

    seen: BaseException | None = exc
    while seen is not None:
        orig = getattr(seen, "orig", None) or seen  # SQLAlchemy wraps the DBAPI error
        if isinstance(orig, pymysql.err.IntegrityError) and orig.args[:1] and orig.args[0] in _DUPLICATE_KEY:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def product_name(version: str) -> str:
    """``10.11.19-MariaDB-0+deb12u1`` -> ``MariaDB 10.11.19``; ``8.0.36`` -> ``MySQL 8.0.36``."""
    number = version.split("-")[0]
    return f"MariaDB {number}" if "mariadb" in version.lower() else f"MySQL {number}"
