"""ClickHouse servers over HTTP through clickhouse-connect, and what they share with embedded chdb."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any, ClassVar

from ..dialects import ClickHouseDialect
from ..dialects.clickhouse import NO_BACKGROUND_MERGES
from ..errors import HarnessError
from .base import BOOKKEEPING, Column, Engine, Row

_COLUMNS_SQL = (
    "SELECT name, type, default_expression, is_in_sorting_key, default_kind FROM system.columns "
    "WHERE database = {db} AND table = {table} ORDER BY position"
)
_VIEWS = ("View", "MaterializedView", "LiveView", "WindowView")  # engines of views, not tables
_TABLES_SQL = (
    "SELECT name FROM system.tables WHERE database = {db} "
    f"AND engine NOT IN ({', '.join(repr(v) for v in _VIEWS)}) ORDER BY name"
)
# The embedded engine reads a database's whole catalogue at once (kept until a definition may change);
# a server answers per table, as a live database may hold thousands.
_ALL_TABLES_SQL = "SELECT name, engine, toString(uuid) FROM system.tables WHERE database = {db}"
_ALL_COLUMNS_SQL = (
    "SELECT table, name, type, default_expression, is_in_sorting_key, default_kind FROM system.columns "
    "WHERE database = {db} ORDER BY table, position"
)
_MATERIALIZED_VIEW = re.compile(r"^MaterializedView$")
_MERGE_TREE = re.compile(r"MergeTree")
# Engines that keep one row per sorting key when parts merge (or, with optimize_on_insert, within an INSERT).
_COLLAPSING = re.compile(r"(Replacing|Collapsing|Aggregating|Summing|Graphite)MergeTree$")
_ONE_ROW_PER_KEY = re.compile(r"(Replacing|Summing|Aggregating)MergeTree$")  # read FINAL
# Statements that may start an asynchronous mutation.
LEAD = r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*"  # comments and blanks before a statement's first word
_MUTATION = re.compile(LEAD + r"ALTER\b", re.I | re.S)
# A mutation that says so has finished (or failed) when its statement returns: no need to look.
_SYNCHRONOUS = re.compile(r"\bmutations_sync\s*=\s*'?[12]\b", re.I)
# Statements that can bring a table into the database (which must then be held): anything else cannot, so
# the per-statement look at system.tables is skipped for it (a word in a string literal only costs a look).
_MAKES_TABLES = re.compile(r"\b(?:CREATE|ATTACH|RENAME|EXCHANGE|REPLACE|UNDROP)\b", re.I)
MUTATION_TIMEOUT = 120.0


class ClickHouseSQLMixin(Engine):
    """Catalogue queries and test-scale behaviour shared by the server and the embedded engine."""

    dialect = "clickhouse"
    sql_dialect: ClassVar[ClickHouseDialect] = ClickHouseDialect()
    whole_database_reads: ClassVar[bool] = False

    @property
    def sql(self) -> ClickHouseDialect:
        return self.sql_dialect

    def __init__(self, database: str) -> None:
        super().__init__(database)
        self._held: set[tuple[str, str]] | None = None  # (name, uuid) of tables kept unmerged
        self._settings: dict[str, object] = {}

    def _run(self, sql: str, settings: dict[str, object]) -> None:
        raise NotImplementedError

    def _table_rows(self) -> list[tuple[str, str, str]]:
        """(name, engine, uuid) of every table and view of the database, in one catalogue read."""
        return [
            (str(name), str(engine), str(uuid))
            for name, engine, uuid in self.query(_ALL_TABLES_SQL.format(db=self.quote_literal(self.database)))
        ]

    def tables(self) -> list[str]:
        if self.whole_database_reads:
            return sorted(name for name, engine, _ in self._table_rows() if engine not in _VIEWS)
        return [r[0] for r in self.query(_TABLES_SQL.format(db=self.quote_literal(self.database)))]

    def columns(self, table: str) -> list[Column]:
        db = self.quote_literal(self.database)
        if self.whole_database_reads:
            rows = [r[1:] for r in self.query(_ALL_COLUMNS_SQL.format(db=db)) if r[0] == table]
        else:
            rows = self.query(_COLUMNS_SQL.format(db=db, table=self.quote_literal(table)))
        return [
            Column(r[0], r[1], r[1].startswith("Nullable("), r[2] or None, "sorting" if int(r[3]) else "", r[4] or "")
            for r in rows
        ]

    def table_engine(self, table: str) -> str:
        return next((engine for name, engine, _ in self._table_rows() if name == table), "")

    def _tables_by_engine(self, wanted: re.Pattern[str]) -> list[tuple[str, str]]:
        """(name, uuid) of the tables whose engine ``wanted`` matches."""
        return [(name, uuid) for name, engine, uuid in self._table_rows() if wanted.search(engine)]

    def stable_names(self) -> dict[str, str]:
        views = self._tables_by_engine(_MATERIALIZED_VIEW)
        return {f".inner_id.{uuid}": f".inner.{name}" for name, uuid in views}

    def dedup_key(self, table: str) -> list[str]:
        return self._sorting_key_if(table, _COLLAPSING)

    def unique_when_final(self, table: str) -> list[str]:
        # Not Collapsing: FINAL keeps a state row and a cancel row of one key when they do not pair up.
        return self._sorting_key_if(table, _ONE_ROW_PER_KEY)

    def _sorting_key_if(self, table: str, engines: re.Pattern[str]) -> list[str]:
        """``table``'s sorting key when its engine is one of ``engines``; [] otherwise."""
        if not any(name == table for name, _ in self._tables_by_engine(engines)):
            return []
        return [c.name for c in self.columns(table) if c.key == "sorting"]

    # ---- test scale behaving like production --------------------------------------------------------

    def production_like(self, settings: Mapping[str, object]) -> None:
        """Keep what a test seeds as production has it, and write as production writes.

        Production tables hold unmerged duplicates and a large INSERT ... SELECT is written in many blocks;
        a test's few rows would be merged away in the background and collapsed within its single block
        (``optimize_on_insert``), hiding a copy that forgets FINAL. So every MergeTree table of this database
        (and each one a later statement creates) gets no background merges, and statements run with
        ``settings``. Unlike SYSTEM STOP MERGES this still lets mutations and an explicit OPTIMIZE run.
        """
        self._settings = dict(settings)
        self._held = set()
        self._hold_tables()

    def execute(self, sql: str) -> None:
        if self._held is None:
            self._run(sql, {})
            return
        try:
            self._run(sql, self._settings)
            if _MUTATION.match(sql) and not _SYNCHRONOUS.search(sql):
                self._await_mutations(sql)
        finally:
            if _MAKES_TABLES.search(sql):
                self._hold_tables()

    def _hold_tables(self) -> None:
        assert self._held is not None
        rows = self._tables_by_engine(_MERGE_TREE)
        new = {(name, uuid) for name, uuid in rows if name.lower() not in BOOKKEEPING} - self._held
        for name, _ in sorted(new):
            table = f"{self.quote_ident(self.database)}.{self.quote_ident(name)}"
            self._run(f"ALTER TABLE {table} MODIFY SETTING {NO_BACKGROUND_MERGES}", {})
        self._held |= new

    def _await_mutations(self, sql: str) -> None:
        """An ALTER ... DELETE/UPDATE is asynchronous unless mutations_sync says otherwise: wait for it, as
        production readers eventually see its result, so the checks do not race it."""
        deadline = time.monotonic() + MUTATION_TIMEOUT
        pending = (
            f"SELECT count() FROM system.mutations WHERE database = {self.quote_literal(self.database)} "
            "AND NOT is_done AND latest_fail_reason = ''"
        )
        while int(self.scalar(pending) or 0):
            if time.monotonic() > deadline:
                raise HarnessError(f"ClickHouse mutation still running after {MUTATION_TIMEOUT:.0f} s: {sql[:200]}")
            time.sleep(0.02)


class ClickHouseEngine(ClickHouseSQLMixin):
    def __init__(
        self,
        host: str,
        port: int = 8123,
        username: str = "default",
        password: str = "",
        database: str = "default",
        secure: bool = False,
        *,
        connect_timeout: float = 10,
        query_timeout: float = 300,
        read_only: bool = False,
    ) -> None:
        """``read_only`` sends ``readonly = 2`` with every query: the server refuses writes and DDL (and any
        attempt to lower ``readonly``) while per-query settings still work."""
        import clickhouse_connect  # imported lazily: only server targets need it
        from urllib3 import Timeout

        super().__init__(database)
        self.read_only = read_only
        self._client: Any = clickhouse_connect.get_client(
            host=host, port=port, username=username, password=password, database=database, secure=secure,
            connect_timeout=connect_timeout, send_receive_timeout=connect_timeout,
            settings={"readonly": 2} if read_only else None,
        )  # fmt: skip
        # Connected (the client asked the server its version): now a reply may take as long as a query may run.
        self._client.timeout = Timeout(connect=connect_timeout, read=query_timeout)  # type: ignore[attr-defined]

    def _run(self, sql: str, settings: dict[str, object]) -> None:
        self._client.command(sql, settings=settings or None)

    def query(self, sql: str) -> list[Row]:
        return [tuple(r) for r in self._client.query(sql).result_rows]

    def server_version(self) -> str:
        return str(self._client.server_version)

    @property
    def product(self) -> str:
        return f"ClickHouse {self.server_version()}"

    def close(self) -> None:
        self._client.close()
