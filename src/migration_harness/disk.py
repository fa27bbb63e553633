"""Disk usage, the checklist's "check disk space (need 2x dataset_items size)", read through SQL."""

from __future__ import annotations

from .engines import Engine


def table_bytes(engine: Engine) -> dict[str, int]:
    """Bytes on disk per table of the engine's database (data and indexes)."""
    rows = engine.query(engine.sql.table_sizes_query(engine.database))
    return {str(table): int(size) for table, size in rows}


def free_bytes(engine: Engine) -> int | None:
    """Free space where the server keeps its data, or None where it cannot be seen from here."""
    return engine.sql.free_bytes(engine)


def headroom_shortfall(free: int, sizes: dict[str, int], tables: list[str], factor: float) -> str | None:
    """The checklist's "need 2x dataset_items size": why ``free`` bytes are not ``factor`` times the size of
    ``tables``, or None when they are."""
    copied = sum(sizes.get(t, 0) for t in tables)
    need = factor * copied
    if free >= need:
        return None
    return f"{human(free)} free, but {factor:g} x {human(copied)} ({', '.join(tables)}) = {human(need)}"


def human(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(size) < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} TiB"  # pragma: no cover - unreachable
