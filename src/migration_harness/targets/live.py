"""Targets backed by real servers over the network: configured live servers (and, via
:class:`ServerTarget`, the containers target)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from ..config import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_QUERY_TIMEOUT,
    SECRET_PARAM,
    ClickHouseURL,
    TargetConfig,
    redact,
)
from ..engines import Engine
from ..engines.chdb import ChdbEngine, ChdbSession
from ..engines.clickhouse import ClickHouseEngine
from ..engines.mysql import MySQLEngine
from ..errors import HarnessError
from . import owners
from .base import DIALECTS, Target

_ERRNO = re.compile(r"\[Errno -?\d+\] [^\"')]+")
_CLICKHOUSE_CODE = re.compile(r"Code: \d+\. DB::Exception: [^\n]*?(?= \(version |$)", re.MULTILINE)


def short_reason(exc: BaseException, *secrets: str) -> str:
    """The driver's one-line reason (``Access denied ...``, ``[Errno 111] Connection refused``)."""
    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy may wrap the DBAPI error
    args: tuple[Any, ...] = getattr(orig, "args", ())
    if len(args) == 2 and isinstance(args[0], int):  # PyMySQL: (error code, message)
        reason = f"({args[0]}) {args[1]}"
    else:
        text = str(exc)
        found = _CLICKHOUSE_CODE.search(text) or _ERRNO.search(text)
        reason = found.group(0) if found else (text.strip().splitlines() or [type(exc).__name__])[0]
    reason = reason.strip()[:300]
    # Belt and braces: no driver should echo a password, but never let one through if it does.
    for secret in secrets:
        if len(secret) >= 3:
            reason = reason.replace(secret, "***")
    return reason


def clickhouse_display(url: ClickHouseURL) -> str:
    if url.embedded:
        return f"chdb://{url.path}?database={url.database}"
    scheme = "https" if url.secure else "http"
    return f"{scheme}://{url.username}@{url.host}:{url.port}/{url.database}"


class ServerTarget(Target):
    """A MySQL server and/or a ClickHouse server reached over the network.

    Subclasses set ``_mysql`` / ``_clickhouse`` (and ``_shown`` for messages) before :meth:`_connect_all`.
    One admin engine per server creates and drops the ``mh_*`` scratch databases.
    """

    def __init__(self) -> None:
        super().__init__()
        self._mysql: URL | None = None
        self._clickhouse: ClickHouseURL | None = None
        self._shown: dict[str, str] = {}  # dialect -> redacted URL for messages and describe()
        self._admins: dict[str, Engine] = {}
        self._handed_out: list[Engine] = []
        self.connect_timeout = DEFAULT_CONNECT_TIMEOUT
        self.query_timeout = DEFAULT_QUERY_TIMEOUT
        self._chdb_file: ChdbSession | None = None  # a chdb:/// "server"

    def _configured(self, dialect: str) -> bool:
        return {"mysql": self._mysql, "clickhouse": self._clickhouse}[dialect] is not None

    def _connect_mysql(self, database: str | None, read_only: bool) -> Engine:
        assert self._mysql is not None
        return MySQLEngine(
            self._mysql, database=database, connect_timeout=self.connect_timeout,
            query_timeout=self.query_timeout, read_only=read_only,
        )  # fmt: skip

    def _connect_clickhouse(self, database: str | None, read_only: bool) -> Engine:
        ch = self._clickhouse
        assert ch is not None
        if ch.embedded:
            return ChdbEngine(self._embedded(ch.path), database or ch.database)
        return ClickHouseEngine(
            ch.host, ch.port, ch.username, ch.password, database or ch.database, ch.secure,
            connect_timeout=self.connect_timeout, query_timeout=self.query_timeout, read_only=read_only,
        )  # fmt: skip

    def _connect(self, dialect: str, database: str | None = None, read_only: bool = False) -> Engine:
        connect = {"mysql": self._connect_mysql, "clickhouse": self._connect_clickhouse}[dialect]
        try:
            return connect(database, read_only)
        except HarnessError:
            raise
        except Exception as exc:
            raise HarnessError(
                f"target {self.name!r}: cannot connect to {dialect} at {self._shown[dialect]}: "
                f"{self.reason(exc, dialect, connecting=True)}"
            ) from None

    def _embedded(self, path: str) -> ChdbSession:
        """The chdb session on ``path`` (one per process, as chdb allows). Read-only for the whole session when
        the target is: chdb has no per-connection setting, and ``readonly = 2`` cannot be lowered again."""
        if self._chdb_file is None:
            if not Path(path).is_dir():
                raise HarnessError(f"no chdb data directory at {path}")
            self._chdb_file = ChdbSession(path)
            if not self.writable:
                self._chdb_file.run_global("SET readonly = 2")
        return self._chdb_file

    def reason(self, exc: BaseException, dialect: str, connecting: bool = False) -> str:
        """The driver's reason in one line, with what a timeout means here; never a secret."""
        reason = short_reason(exc, *self._secrets(dialect))
        if "timed out" in reason.lower() or "timeout" in reason.lower():
            if connecting:
                return (
                    f"no answer within connect_timeout = {self.connect_timeout:g} s: the port accepts connections "
                    f"but does not speak the {dialect} protocol there, or the server is overloaded ({reason})"
                )
            return f"no reply within query_timeout = {self.query_timeout:g} s ({reason})"
        return reason

    def _secrets(self, dialect: str) -> list[str]:
        url = {"mysql": self._mysql, "clickhouse": self._clickhouse}[dialect]
        if url is None:
            return []
        found = [url.password or ""]
        if isinstance(url, URL):
            found += [str(v) for k, v in url.query.items() if SECRET_PARAM.search(k)]
        return [s for s in found if len(s) >= 3]

    def _connect_all(self) -> None:
        """Connect every configured server now, so a wrong URL fails at start with one clear message."""
        try:
            for dialect in DIALECTS:
                if self._configured(dialect):
                    self._admins[dialect] = self._connect(dialect, read_only=not self.writable)
        except HarnessError:
            self.stop()
            raise

    def _admin(self, dialect: str) -> Engine:
        if dialect not in self._admins:
            raise HarnessError(f"target {self.name!r} has no {dialect} server configured (or is not started)")
        return self._admins[dialect]

    def _create_database(self, dialect: str, name: str) -> Engine:
        admin = self._admin(dialect)
        admin.execute(admin.sql.create_database(name))
        return self._connect(dialect, name)

    def _drop_database(self, engine: Engine) -> None:
        self._admin(engine.dialect).execute(engine.sql.drop_database(engine.database))

    def describe(self) -> dict[str, str]:
        """``MySQL 8.0.36 (mysql://app:***@db:3306/app)``; before start, the redacted URLs alone."""
        if not self._admins:
            return {d: f"{shown} (not connected)" for d, shown in self._shown.items()}
        return {d: f"{a.product} ({self._shown[d]})" for d, a in self._admins.items()}

    def stop(self) -> None:
        super().stop()
        for engine in [*self._handed_out, *self._admins.values()]:
            with contextlib.suppress(Exception):
                engine.close()
        self._handed_out.clear()
        self._admins.clear()
        if self._chdb_file is not None:
            with contextlib.suppress(Exception):
                self._chdb_file.close()
            self._chdb_file = None


class LiveTarget(ServerTarget):
    """An existing server pair from ``[targets.NAME]``: read-only unless the config and the run allow writes.

    Writes mean ``mh_*`` scratch databases created (and dropped) on that server; the configured databases
    themselves are only ever handed out through :meth:`live`.
    """

    throwaway = False

    def __init__(self, config: TargetConfig, allow_destructive: bool = False) -> None:
        super().__init__()
        self.config = config
        self.name = config.name
        self.allow_destructive = allow_destructive
        self._mysql = config.mysql_url
        self._clickhouse = config.clickhouse_url
        self.connect_timeout, self.query_timeout = config.connect_timeout, config.query_timeout
        self._owners: dict[str, str] = {}  # dialect -> this run's owner database (see owners.py)
        self._shown = {k: redact(v) for k, v in (("mysql", config.mysql), ("clickhouse", config.clickhouse)) if v}

    def __repr__(self) -> str:
        return f"<LiveTarget {self.name} {self._shown} writable={self.writable}>"

    @property
    def writable(self) -> bool:
        return self.config.destructive and self.allow_destructive and not self.config.production

    def start(self) -> None:
        self._connect_all()
        try:
            for dialect, admin in self._admins.items():
                where = f"target {self.name!r} {dialect}"
                if self.writable:  # claimed before any scratch database exists, so no run sees ours ownerless
                    self._owners[dialect] = owners.claim(admin, self.run_token)
                self.notes += owners.tidy(admin, self.run_token, self.config.leftovers, self.writable, where)
        except HarnessError:
            self.stop()
            raise
        except Exception as exc:
            self.stop()
            reason = short_reason(exc)
            if "denied" in reason.lower():
                reason += (
                    "; writing to this target needs CREATE, DROP, SELECT, INSERT, UPDATE, DELETE, ALTER and INDEX "
                    "on databases named mh_* (MySQL: GRANT ALL ON `mh\\_%`.* TO the user)"
                )
            raise HarnessError(f"target {self.name!r}: cannot create its mh_* scratch databases: {reason}") from None

    def stop(self) -> None:
        self.drop_scratch()
        for dialect, name in self._owners.items():
            with contextlib.suppress(Exception):
                admin = self._admins[dialect]
                admin.execute(admin.sql.drop_database(name))
        self._owners.clear()
        super().stop()

    def has(self, dialect: str) -> bool:
        return self._configured(dialect)

    def user(self, dialect: str) -> str:
        url = {"mysql": self._mysql, "clickhouse": self._clickhouse}[dialect]
        return (url.username or "") if url is not None else ""

    def read_only_reason(self) -> str | None:
        """Why scratch databases are refused here, with how to allow them; None when writable."""
        if self.config.production:
            return (
                f"target {self.name!r} is marked production = true ({self.config.where('production')}) and is "
                "never written to; run the write checks on a throwaway or staging target"
            )
        missing = []
        if not self.config.destructive:
            missing.append(f"set destructive = true in {self.config.where()}")
        if not self.allow_destructive:
            missing.append("pass --allow-destructive")
        if not missing:
            return None
        return (
            f"target {self.name!r} is read-only: to let the harness create and drop mh_* scratch databases "
            f"on it, {' and '.join(missing)}"
        )

    def scratch(self, dialect: str, label: str = "db") -> Engine:
        reason = self.read_only_reason()
        if reason:
            raise HarnessError(reason)
        return super().scratch(dialect, label)

    def live(self, dialect: str, writable: bool = False) -> Engine:
        """An engine on the configured database, opened read-only unless ``writable`` (``--phase staging``
        migrates it in place; the target must allow writes): the server then refuses writes even from spec
        SQL (a filter calling a function with side effects). The caller may close it; stop() closes it anyway."""
        if writable and not self.writable:
            raise HarnessError(self.read_only_reason() or f"target {self.name!r} is read-only")
        if dialect not in DIALECTS:
            raise HarnessError(f"unknown database kind {dialect!r}; expected one of {', '.join(DIALECTS)}")
        if not self._configured(dialect):
            raise HarnessError(f"target {self.name!r} has no {dialect} URL ({self.config.where(dialect)} is not set)")
        engine = self._connect(dialect, read_only=not writable)
        self._handed_out.append(engine)
        return engine
