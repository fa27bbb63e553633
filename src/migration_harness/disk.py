"""Disk usage, the checklist's "check disk space (need 2x dataset_items size)", read through SQL."""

from __future__ import annotations

import os
import shutil

from .dialects import literal
from .engines import Engine
from .engines.mysql import MySQLEngine

_THIS_MACHINE = ("127.0.0.1", "localhost", "::1")


def table_bytes(engine: Engine) -> dict[str, int]:
    """Bytes on disk per table of the engine's database (data and indexes)."""
    db = literal(engine.database)
    if engine.dialect == "clickhouse":
        rows = engine.query(
            f"SELECT table, sum(bytes_on_disk) FROM system.parts WHERE database = {db} AND active GROUP BY table"
        )
    else:
        rows = engine.query(
            "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) FROM information_schema.TABLES "
            f"WHERE TABLE_SCHEMA = {db} AND TABLE_TYPE = 'BASE TABLE'"
        )
    return {str(table): int(size) for table, size in rows}


def free_bytes(engine: Engine) -> int | None:
    """Free space where the server keeps its data, or None where it cannot be seen: ClickHouse reports it
    through SQL; MySQL does not, so only a server on this machine (the throwaway one) is measured, by its
    datadir."""
    if engine.dialect == "clickhouse":
        value = engine.scalar("SELECT free_space FROM system.disks WHERE name = 'default'")
        return None if value is None else int(value)
    if isinstance(engine, MySQLEngine) and engine.url.host in _THIS_MACHINE:
        datadir = str(engine.scalar("SELECT @@datadir") or "")
        if datadir and os.path.isdir(datadir):
            return shutil.disk_usage(datadir).free
    return None


def human(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(size) < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover - unreachable
