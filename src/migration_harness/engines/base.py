"""The one interface every suite talks to, whatever database and driver stand behind it."""

from __future__ import annotations

import abc
import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from ..dialects import Dialect, ident, literal

Row = tuple[Any, ...]

# Liquibase's own bookkeeping changes on every update and rollback by design; it is not migration state.
BOOKKEEPING = frozenset({"databasechangelog", "databasechangeloglock"})
# Server-side defaults that stamp the time of the write, and all that differ between two runs (those, a random
# number, a UUID).
_TIME_WORDS = r"now|current_timestamp|curdate|curtime|today|sysdate|localtime"
TIME_DEFAULT = re.compile(_TIME_WORDS, re.I)
VOLATILE_DEFAULT = re.compile(rf"{_TIME_WORDS}|rand|uuid", re.I)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    default: str | None = None
    key: str = ""  # MySQL: PRI/UNI/MUL; ClickHouse: "sorting" when part of the sorting key
    extra: str = ""  # MySQL: EXTRA (auto_increment, VIRTUAL GENERATED, INVISIBLE); ClickHouse: default_kind

    @property
    def stored(self) -> bool:
        """Holds data of its own that a snapshot must copy. ClickHouse ALIAS columns are computed on read and
        EPHEMERAL ones cannot be read at all; MATERIALIZED and MySQL generated or INVISIBLE columns are stored
        (and must be named explicitly: ``SELECT *`` leaves MATERIALIZED and INVISIBLE columns out)."""
        return self.extra.upper() not in ("ALIAS", "EPHEMERAL")

    @property
    def auto_increment(self) -> bool:
        return "auto_increment" in self.extra.lower()

    @property
    def volatile_default(self) -> bool:
        """Left to its default, it gets another value in every run (``CURRENT_TIMESTAMP``, ``now()``, ...)."""
        return self.default is not None and VOLATILE_DEFAULT.search(self.default) is not None

    @property
    def time_default(self) -> bool:
        """Left to its default, it holds the time the row was written (``CURRENT_TIMESTAMP``, ``now()``)."""
        return self.default is not None and TIME_DEFAULT.search(self.default) is not None

    @property
    def on_update(self) -> bool:
        """MySQL's ``ON UPDATE CURRENT_TIMESTAMP``: any UPDATE of the row sets it, unless the UPDATE sets it."""
        return "on update" in self.extra.lower()


class Engine(abc.ABC):
    """A connection bound to one database (schema) on one server.

    ``dialect`` is what changelogs call the database (``mysql`` or ``clickhouse``); ``product`` names the
    exact engine that stood in (``MariaDB 10.11.19``, ``ClickHouse 26.9 (chdb)``) for headers and reports.
    """

    dialect: ClassVar[str]  # the kind: "mysql" or "clickhouse"

    @property
    @abc.abstractmethod
    def sql(self) -> Dialect:
        """The dialect that writes this engine's SQL (MariaDB is a MySQL variant with its own)."""

    def __init__(self, database: str) -> None:
        self.database = database

    @abc.abstractmethod
    def execute(self, sql: str) -> None:
        """Run one statement that returns no rows."""

    @abc.abstractmethod
    def query(self, sql: str) -> list[Row]:
        """Run one statement and return all rows as tuples."""

    def scalar(self, sql: str) -> Any:
        rows = self.query(sql)
        return rows[0][0] if rows else None

    @abc.abstractmethod
    def tables(self) -> list[str]:
        """Base tables of the bound database, sorted."""

    def data_tables(self) -> list[str]:
        """Base tables outside Liquibase's bookkeeping: what the migration and the application own."""
        return [t for t in self.tables() if t.lower() not in BOOKKEEPING]

    def filled_tables(self) -> list[str]:
        """Data tables holding at least one row."""
        return [t for t in self.data_tables() if self.query(f"SELECT 1 FROM {ident(t)} LIMIT 1")]

    @abc.abstractmethod
    def columns(self, table: str) -> list[Column]:
        """Columns of ``table`` in declaration order."""

    def data_columns(self, table: str) -> list[str]:
        """The columns whose values make up a row's data, in declaration order."""
        return [c.name for c in self.columns(table) if c.stored]

    def table_engine(self, table: str) -> str:
        """The storage engine of ``table`` where the dialect copies tables by it (ClickHouse); else ""."""
        return ""

    def stable_names(self) -> dict[str, str]:
        """Tables whose name differs between two databases built by the same changesets, by the name they
        compare under (ClickHouse names a materialized view's inner table after the view's random UUID)."""
        return {}

    def dedup_key(self, table: str) -> list[str]:
        """Columns on which the table silently keeps one row per value (ClickHouse Replacing/Collapsing engines
        keep one row per sorting key); empty where duplicates are rejected or kept."""
        return []

    def unique_keys(self, table: str) -> list[list[str]]:
        """Column sets the database itself keeps unique in ``table`` (a primary key, a unique index of NOT NULL
        columns); empty where the engine enforces none (ClickHouse)."""
        return []

    def unique_when_final(self, table: str) -> list[str]:
        """Columns no two rows share when ``table`` is read FINAL (a ClickHouse Replacing, Summing or
        Aggregating table's sorting key); empty where FINAL promises no such thing."""
        return []

    def production_like(self, settings: Mapping[str, object]) -> None:  # noqa: B027 - only ClickHouse needs it
        """Make test-scale data behave as production data does (see the ClickHouse engines)."""

    @property
    def server_id(self) -> object:
        """What identifies the server (and login) this engine talks to: engines with equal ids can read each
        other's databases in one statement. None where unknown, so never assumed shared."""
        return None

    def shares_server_with(self, other: Engine) -> bool:
        return self is other or (self.server_id is not None and self.server_id == other.server_id)

    def plain_login(self) -> tuple[str, str, int, str] | None:
        """(protocol, host, port, user) by which another process on this machine reads this server without a
        password (the throwaway server); None otherwise: a password is never written into SQL."""
        return None

    def foreign_table(self, other: Engine, table: str) -> str | None:
        """A table expression by which this engine reads ``other``'s ``table`` inside one statement, the rows
        never passing through Python; None where it cannot (the default)."""
        return None

    def sibling(self) -> Engine | None:
        """Another session on the same database, for a statement to run alongside one of this session (a
        server gives each its own core), owned by this engine and closed with it; None where that would not
        run in parallel (chdb: one per process)."""
        return None

    @abc.abstractmethod
    def server_version(self) -> str: ...

    @property
    @abc.abstractmethod
    def product(self) -> str:
        """Engine name and version, e.g. ``MariaDB 10.11.19`` or ``ClickHouse 26.9.2.1 (chdb)``."""

    def close(self) -> None:  # noqa: B027 - optional for engines holding nothing
        """Release the connection."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A transaction where the engine has them; ClickHouse has none, so this is a no-op there."""
        yield

    def quote_ident(self, name: str) -> str:
        return ident(name)

    def quote_literal(self, value: str) -> str:
        return literal(value)

    def execute_many(self, statements: Sequence[str]) -> None:
        for statement in statements:
            self.execute(statement)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.product} db={self.database}>"
