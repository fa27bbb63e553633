"""DATABASECHANGELOG and DATABASECHANGELOGLOCK, kept with Liquibase 4.28's columns and meanings.

MySQL gets byte-for-byte the tables Liquibase creates on MariaDB, so either tool can continue a database
the other migrated. ClickHouse has no UPDATE or transactions: both tables are ReplacingMergeTree keyed
like Liquibase's primary keys, read with FINAL; a re-run inserts a newer row version, a rollback uses a
synchronous ALTER ... DELETE.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import time
import uuid
from typing import Any

from ..engines import Engine
from ..errors import HarnessError

LIQUIBASE_VERSION = "4.28.0"
COLUMNS = (
    "ID", "AUTHOR", "FILENAME", "DATEEXECUTED", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION",
    "COMMENTS", "TAG", "LIQUIBASE", "CONTEXTS", "LABELS", "DEPLOYMENT_ID",
)  # fmt: skip

_MYSQL_CHANGELOG = """CREATE TABLE IF NOT EXISTS DATABASECHANGELOG (
  ID varchar(255) NOT NULL, AUTHOR varchar(255) NOT NULL, FILENAME varchar(255) NOT NULL,
  DATEEXECUTED datetime NOT NULL, ORDEREXECUTED int NOT NULL, EXECTYPE varchar(10) NOT NULL,
  MD5SUM varchar(35) NULL, DESCRIPTION varchar(255) NULL, COMMENTS varchar(255) NULL,
  TAG varchar(255) NULL, LIQUIBASE varchar(20) NULL, CONTEXTS varchar(255) NULL,
  LABELS varchar(255) NULL, DEPLOYMENT_ID varchar(10) NULL)"""
_MYSQL_LOCK = """CREATE TABLE IF NOT EXISTS DATABASECHANGELOGLOCK (
  ID int NOT NULL, LOCKED tinyint(1) NOT NULL, LOCKGRANTED datetime NULL, LOCKEDBY varchar(255) NULL,
  CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID))"""
_CH_CHANGELOG = """CREATE TABLE IF NOT EXISTS DATABASECHANGELOG (
  ID String, AUTHOR String, FILENAME String, DATEEXECUTED DateTime64(3), ORDEREXECUTED UInt64,
  EXECTYPE String, MD5SUM Nullable(String), DESCRIPTION Nullable(String), COMMENTS Nullable(String),
  TAG Nullable(String), LIQUIBASE Nullable(String), CONTEXTS Nullable(String),
  LABELS Nullable(String), DEPLOYMENT_ID Nullable(String))
ENGINE = ReplacingMergeTree ORDER BY (ID, AUTHOR, FILENAME)"""
_CH_LOCK = """CREATE TABLE IF NOT EXISTS DATABASECHANGELOGLOCK (
  ID Int32, LOCKED UInt8, LOCKGRANTED Nullable(DateTime64(3)), LOCKEDBY Nullable(String))
ENGINE = ReplacingMergeTree ORDER BY ID"""


def row_key(row: dict[str, Any]) -> str:
    """A DATABASECHANGELOG row's changeset, as :attr:`ChangeSet.key` names it."""
    return f"{row['FILENAME']}::{row['ID']}::{row['AUTHOR']}"


def deployment_id() -> str:
    """Liquibase's: the current epoch milliseconds without their first three digits (10 digits)."""
    return str(int(time.time() * 1000))[3:]


def lock_owner() -> str:
    host = socket.gethostname()
    try:
        address = socket.gethostbyname(host)
    except OSError:
        address = "127.0.0.1"
    return f"{host} ({address}) pid {os.getpid()} {uuid.uuid4().hex[:8]}"


class LockHeld(HarnessError):
    """Another process holds DATABASECHANGELOGLOCK."""


class History:
    """Bookkeeping for one database; use :func:`history_for` to get the dialect's flavour."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._owner: str | None = None
        self._exists = False  # seen to exist: the bookkeeping tables are never dropped by a run
        self._ensured = False
        self._cached: list[dict[str, Any]] | None = None  # rows() while we hold the lock, until a write

    def lit(self, value: Any) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, (int, float)):
            return str(value)
        return self.engine.quote_literal(str(value))

    def ensure_tables(self) -> None:
        raise NotImplementedError

    def _ensure_once(self) -> None:
        """ensure_tables, once per History: every lock taken would otherwise re-run its DDL and lookups."""
        if not self._ensured:
            self.ensure_tables()
            self._ensured = self._exists = True

    def exists(self) -> bool:
        self._exists = self._exists or "DATABASECHANGELOG" in self.engine.tables()
        return self._exists

    def rows(self) -> list[dict[str, Any]]:
        """Every row, in ORDEREXECUTED order. While we hold the lock no other Liquibase writes the table, so
        one read serves until the next write (Liquibase, too, reads it once per command and keeps it)."""
        if self._cached is None:
            if not self.exists():
                return []
            raw = self.engine.query(f"SELECT {', '.join(COLUMNS)} FROM DATABASECHANGELOG{self._final} "
                                    "ORDER BY ORDEREXECUTED")  # fmt: skip
            rows = [dict(zip(COLUMNS, row, strict=False)) for row in raw]
            if self._owner is None:
                return rows
            self._cached = rows
        return [dict(row) for row in self._cached]

    def forget(self) -> None:
        """Read the table again next time: it was (or may have been) written."""
        self._cached = None

    def _write(self, sql: str) -> None:
        """A statement that changes DATABASECHANGELOG: the rows read before it are stale."""
        self.forget()
        self.engine.execute(sql)

    _final = ""

    def next_order(self) -> int:
        return max((int(r["ORDEREXECUTED"]) for r in self.rows()), default=0) + 1

    def insert(self, row: dict[str, Any]) -> None:
        values = ", ".join(self._value(col, row.get(col)) for col in COLUMNS)
        self._write(f"INSERT INTO DATABASECHANGELOG ({', '.join(COLUMNS)}) VALUES ({values})")

    def _value(self, column: str, value: Any) -> str:
        if column == "DATEEXECUTED" and value is None:
            return self._now
        return self.lit(value)

    _now = "NOW()"

    def where(self, key: tuple[str, str, str]) -> str:
        cs_id, author, filename = key
        return f"ID = {self.lit(cs_id)} AND AUTHOR = {self.lit(author)} AND FILENAME = {self.lit(filename)}"

    def rerun(self, key: tuple[str, str, str], row: dict[str, Any]) -> None:
        """Record a re-run of an already applied changeset (EXECTYPE RERAN) like Liquibase: one row, with
        COMMENTS, CONTEXTS and LABELS taken from the changelog again (DESCRIPTION and TAG stay)."""
        raise NotImplementedError

    def delete(self, key: tuple[str, str, str]) -> None:
        raise NotImplementedError

    def set_checksum(self, key: tuple[str, str, str], checksum: str) -> None:
        raise NotImplementedError

    def tag_last(self, tag: str) -> None:
        raise NotImplementedError

    def acquire(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def take_over(self, old: History) -> None:
        """Carry on for ``old`` (the same database through a connection that died): end its session, so the
        server rolls back its open transaction and stops what it still runs, and own its lock."""
        self._owner = old._owner

    def _held(self, locked_by: Any, granted: Any) -> LockHeld:
        return LockHeld(
            f"database {self.engine.database!r}: DATABASECHANGELOGLOCK is held by {locked_by} since "
            f"{granted}; another migration is running, or a crashed one left it (release it with "
            "'liquibase release-locks' or UPDATE DATABASECHANGELOGLOCK SET LOCKED=0)"
        )


class MySQLHistory(History):
    _session: int | None = None  # CONNECTION_ID() of the session holding the lock

    def take_over(self, old: History) -> None:
        super().take_over(old)
        session = getattr(old, "_session", None)
        if session is None:
            return
        with contextlib.suppress(Exception):  # already gone: "Unknown thread id"
            self.engine.execute(f"KILL CONNECTION {int(session)}")
        deadline = time.monotonic() + 30  # the server rolls the transaction back before the session ends
        while time.monotonic() < deadline:
            if not self.engine.scalar(f"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {int(session)}"):
                return
            time.sleep(0.05)

    def ensure_tables(self) -> None:
        self.engine.execute(_MYSQL_CHANGELOG)
        self.engine.execute(_MYSQL_LOCK)
        if self.engine.scalar("SELECT COUNT(*) FROM DATABASECHANGELOGLOCK WHERE ID = 1") == 0:
            self.engine.execute("INSERT INTO DATABASECHANGELOGLOCK (ID, LOCKED) VALUES (1, 0)")

    def rerun(self, key: tuple[str, str, str], row: dict[str, Any]) -> None:
        self._write(
            f"UPDATE DATABASECHANGELOG SET DATEEXECUTED = NOW(), ORDEREXECUTED = {int(row['ORDEREXECUTED'])}, "
            f"MD5SUM = {self.lit(row['MD5SUM'])}, EXECTYPE = {self.lit(row['EXECTYPE'])}, "
            f"DEPLOYMENT_ID = {self.lit(row['DEPLOYMENT_ID'])}, COMMENTS = {self.lit(row['COMMENTS'])}, "
            f"CONTEXTS = {self.lit(row['CONTEXTS'])}, LABELS = {self.lit(row['LABELS'])} WHERE {self.where(key)}"
        )

    def delete(self, key: tuple[str, str, str]) -> None:
        self._write(f"DELETE FROM DATABASECHANGELOG WHERE {self.where(key)}")

    def set_checksum(self, key: tuple[str, str, str], checksum: str) -> None:
        self._write(f"UPDATE DATABASECHANGELOG SET MD5SUM = {self.lit(checksum)} WHERE {self.where(key)}")

    def tag_last(self, tag: str) -> None:
        top = self.engine.scalar("SELECT MAX(ORDEREXECUTED) FROM DATABASECHANGELOG")
        if top is None:
            raise HarnessError("cannot tag an empty database: no changeset has been applied yet")
        self._write(f"UPDATE DATABASECHANGELOG SET TAG = {self.lit(tag)} WHERE ORDEREXECUTED = {int(top)}")

    def acquire(self) -> None:
        self._ensure_once()
        owner = lock_owner()
        self.engine.execute(
            f"UPDATE DATABASECHANGELOGLOCK SET LOCKED = 1, LOCKGRANTED = NOW(), LOCKEDBY = {self.lit(owner)} "
            "WHERE ID = 1 AND LOCKED = 0"
        )
        locked_by, granted = self.engine.query("SELECT LOCKEDBY, LOCKGRANTED FROM DATABASECHANGELOGLOCK WHERE ID = 1")[
            0
        ]
        if locked_by != owner:
            raise self._held(locked_by, granted)
        self._owner = owner
        self.forget()  # what others wrote before we held the lock
        self._session = int(self.engine.scalar("SELECT CONNECTION_ID()"))

    def release(self) -> None:
        if self._owner is None:
            return
        self.engine.execute(
            "UPDATE DATABASECHANGELOGLOCK SET LOCKED = 0, LOCKGRANTED = NULL, LOCKEDBY = NULL "
            f"WHERE ID = 1 AND LOCKEDBY = {self.lit(self._owner)}"
        )
        self._owner = None
        self.forget()


class ClickHouseHistory(History):
    _final = " FINAL"
    _now = "now64(3)"

    def lit(self, value: Any) -> str:
        if isinstance(value, dt.datetime):
            return f"toDateTime64({self.engine.quote_literal(value.strftime('%Y-%m-%d %H:%M:%S.%f')[:23])}, 3)"
        return super().lit(value)

    def ensure_tables(self) -> None:
        self.engine.execute(_CH_CHANGELOG)
        self.engine.execute(_CH_LOCK)
        if not self.engine.scalar("SELECT count() FROM DATABASECHANGELOGLOCK FINAL WHERE ID = 1"):
            self.engine.execute("INSERT INTO DATABASECHANGELOGLOCK (ID, LOCKED) VALUES (1, 0)")

    def _mutate(self, table: str, action: str) -> None:
        self._write(f"ALTER TABLE {table} {action} SETTINGS mutations_sync = 2")

    def rerun(self, key: tuple[str, str, str], row: dict[str, Any]) -> None:
        old = self.engine.query(f"SELECT {', '.join(COLUMNS)} FROM DATABASECHANGELOG FINAL WHERE {self.where(key)}")
        merged = dict(zip(COLUMNS, old[0], strict=False)) if old else {}
        merged.update(row)
        merged["DATEEXECUTED"] = None
        self.insert(merged)  # the newer version replaces the old row under FINAL

    def delete(self, key: tuple[str, str, str]) -> None:
        self._mutate("DATABASECHANGELOG", f"DELETE WHERE {self.where(key)}")

    def set_checksum(self, key: tuple[str, str, str], checksum: str) -> None:
        self._mutate("DATABASECHANGELOG", f"UPDATE MD5SUM = {self.lit(checksum)} WHERE {self.where(key)}")

    def tag_last(self, tag: str) -> None:
        top = self.engine.scalar("SELECT max(ORDEREXECUTED) FROM DATABASECHANGELOG FINAL")
        if not top:
            raise HarnessError("cannot tag an empty database: no changeset has been applied yet")
        self._mutate("DATABASECHANGELOG", f"UPDATE TAG = {self.lit(tag)} WHERE ORDEREXECUTED = {int(top)}")

    def _lock_row(self) -> tuple[Any, Any, Any]:
        rows = self.engine.query("SELECT LOCKED, LOCKEDBY, LOCKGRANTED FROM DATABASECHANGELOGLOCK FINAL WHERE ID = 1")
        return rows[0] if rows else (0, None, None)

    def acquire(self) -> None:
        # No compare-and-set in ClickHouse: write our claim, then read back who won.
        self._ensure_once()
        locked, locked_by, granted = self._lock_row()
        if int(locked):
            raise self._held(locked_by, granted)
        owner = lock_owner()
        self.engine.execute(
            "INSERT INTO DATABASECHANGELOGLOCK (ID, LOCKED, LOCKGRANTED, LOCKEDBY) "
            f"VALUES (1, 1, now64(3), {self.lit(owner)})"
        )
        locked, locked_by, granted = self._lock_row()
        if locked_by != owner:
            raise self._held(locked_by, granted)
        self._owner = owner
        self.forget()  # what others wrote before we held the lock

    def release(self) -> None:
        if self._owner is None:
            return
        self.engine.execute("INSERT INTO DATABASECHANGELOGLOCK (ID, LOCKED) VALUES (1, 0)")
        self._owner = None
        self.forget()


def history_for(engine: Engine) -> History:
    return _HISTORIES[engine.dialect](engine)


_HISTORIES: dict[str, type[History]] = {"mysql": MySQLHistory, "clickhouse": ClickHouseHistory}
