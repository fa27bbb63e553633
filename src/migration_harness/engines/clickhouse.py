"""ClickHouse servers over HTTP through clickhouse-connect."""

from __future__ import annotations

from typing import Any

from .base import Column, Engine, Row

_COLUMNS_SQL = (
    "SELECT name, type, default_expression, is_in_sorting_key FROM system.columns "
    "WHERE database = {db} AND table = {table} ORDER BY position"
)
_TABLES_SQL = (
    "SELECT name FROM system.tables WHERE database = {db} "
    "AND engine NOT IN ('View', 'MaterializedView', 'LiveView', 'WindowView') ORDER BY name"
)


class ClickHouseSQLMixin(Engine):
    """Catalogue queries shared by the server and the embedded engine: the SQL is the same."""

    dialect = "clickhouse"

    def tables(self) -> list[str]:
        return [r[0] for r in self.query(_TABLES_SQL.format(db=self.quote_literal(self.database)))]

    def columns(self, table: str) -> list[Column]:
        rows = self.query(_COLUMNS_SQL.format(db=self.quote_literal(self.database), table=self.quote_literal(table)))
        return [
            Column(r[0], r[1], r[1].startswith("Nullable("), r[2] or None, "sorting" if int(r[3]) else "") for r in rows
        ]


class ClickHouseEngine(ClickHouseSQLMixin):
    def __init__(
        self,
        host: str,
        port: int = 8123,
        username: str = "default",
        password: str = "",
        database: str = "default",
        secure: bool = False,
    ) -> None:
        import clickhouse_connect  # imported lazily: only server targets need it

        super().__init__(database)
        self._client: Any = clickhouse_connect.get_client(
            host=host, port=port, username=username, password=password, database=database, secure=secure
        )

    def execute(self, sql: str) -> None:
        self._client.command(sql)

    def query(self, sql: str) -> list[Row]:
        return [tuple(r) for r in self._client.query(sql).result_rows]

    def server_version(self) -> str:
        return str(self._client.server_version)

    @property
    def product(self) -> str:
        return f"ClickHouse {self.server_version()}"

    def close(self) -> None:
        self._client.close()
