"""Targets backed by real servers over the network: configured live servers (and, via
:class:`ServerTarget`, the containers target)."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from sqlalchemy.engine import URL

from ..config import ClickHouseURL, TargetConfig, redact
from ..engines import Engine
from ..engines.clickhouse import ClickHouseEngine
from ..engines.mysql import MySQLEngine
from ..errors import HarnessError
from .base import DIALECTS, Target

_ERRNO = re.compile(r"\[Errno -?\d+\] [^\"')]+")
_CLICKHOUSE_CODE = re.compile(r"Code: \d+\. DB::Exception: [^\n]*?(?= \(version |$)", re.MULTILINE)


def short_reason(exc: BaseException, secret: str = "") -> str:
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
    return reason.replace(secret, "***") if len(secret) >= 3 else reason


def clickhouse_display(url: ClickHouseURL) -> str:
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

    def _configured(self, dialect: str) -> bool:
        return {"mysql": self._mysql, "clickhouse": self._clickhouse}[dialect] is not None

    def _connect_mysql(self, database: str | None) -> Engine:
        assert self._mysql is not None
        return MySQLEngine(self._mysql, database=database)

    def _connect_clickhouse(self, database: str | None) -> Engine:
        ch = self._clickhouse
        assert ch is not None
        return ClickHouseEngine(ch.host, ch.port, ch.username, ch.password, database or ch.database, ch.secure)

    def _connect(self, dialect: str, database: str | None = None) -> Engine:
        connect = {"mysql": self._connect_mysql, "clickhouse": self._connect_clickhouse}[dialect]
        try:
            return connect(database)
        except HarnessError:
            raise
        except Exception as exc:
            raise HarnessError(
                f"target {self.name!r}: cannot connect to {dialect} at {self._shown[dialect]}: "
                f"{short_reason(exc, self._secret(dialect))}"
            ) from None

    def _secret(self, dialect: str) -> str:
        url = {"mysql": self._mysql, "clickhouse": self._clickhouse}[dialect]
        return (url.password or "") if url is not None else ""

    def _connect_all(self) -> None:
        """Connect every configured server now, so a wrong URL fails at start with one clear message."""
        try:
            for dialect in DIALECTS:
                if self._configured(dialect):
                    self._admins[dialect] = self._connect(dialect)
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
        self._shown = {k: redact(v) for k, v in (("mysql", config.mysql), ("clickhouse", config.clickhouse)) if v}

    def __repr__(self) -> str:
        return f"<LiveTarget {self.name} {self._shown} writable={self.writable}>"

    @property
    def writable(self) -> bool:
        return self.config.destructive and self.allow_destructive and not self.config.production

    def start(self) -> None:
        self._connect_all()

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

    def live(self, dialect: str) -> Engine:
        """An engine on the configured database; the caller may close it, and stop() closes it anyway."""
        if dialect not in DIALECTS:
            raise HarnessError(f"unknown database kind {dialect!r}; expected one of {', '.join(DIALECTS)}")
        if not self._configured(dialect):
            raise HarnessError(f"target {self.name!r} has no {dialect} URL ({self.config.where(dialect)} is not set)")
        engine = self._connect(dialect)
        self._handed_out.append(engine)
        return engine
