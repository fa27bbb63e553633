"""Disk usage, the checklist's "check disk space (need 2x dataset_items size)", read through SQL."""

from __future__ import annotations

from .dialects import literal
from .engines import Engine


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
    """Free space on the server's default disk, where SQL can see it (ClickHouse); None for MySQL."""
    if engine.dialect != "clickhouse":
        return None
    value = engine.scalar("SELECT free_space FROM system.disks WHERE name = 'default'")
    return None if value is None else int(value)


def human(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(size) < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover - unreachable
