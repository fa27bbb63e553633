"""Production-like volume generated inside the engines (INSERT ... SELECT), not in Python loops.

Both dialects derive ids from the same MD5 formula, so rows generated in MySQL and in ClickHouse refer to
each other without shipping ids across.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VolumeProfile:
    """Shape of production data at ``scale``: many small datasets, a few huge ones, some stale rows.

    ``datasets`` rows in MySQL; ``items`` rows in ClickHouse spread with a skew (dataset n gets a share
    proportional to 1/(1 + n % 50)); ``duplicate_ratio`` of items are written twice (unmerged parts);
    ``orphan_ratio`` of items point at datasets that no longer exist; ``null_creator_ratio`` of datasets
    have no creator.
    """

    datasets: int
    items: int
    workspaces: int
    duplicate_ratio: float = 0.05
    orphan_ratio: float = 0.01
    null_creator_ratio: float = 0.1

    @classmethod
    def production_like(cls, scale: int) -> VolumeProfile:
        scale = max(scale, 10)
        return cls(datasets=max(scale // 20, 2), items=scale, workspaces=max(scale // 500, 1))


def mysql_numbers(n: int) -> str:
    """A derived table ``(SELECT i ...)`` of 0..n-1 (give it an alias), from cross-joined digits:
    portable to MySQL 8 and MariaDB, no recursion limit, no sequence engine."""
    digits = (
        "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 "
        "UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
    )
    places = max(len(str(max(n - 1, 0))), 1)
    joins = " CROSS JOIN ".join(f"{digits} p{k}" for k in range(places))
    value = " + ".join(f"p{k}.d * {10**k}" for k in range(places))
    return f"(SELECT {value} AS i FROM {joins} WHERE {value} < {n})"


def uuid_from(dialect: str, expr: str) -> str:
    """SQL for a deterministic lower-case UUID-formatted string from ``MD5(expr)``, same in both dialects."""
    if dialect == "mysql":
        h = f"MD5({expr})"
        parts = [f"SUBSTR({h}, {a}, {b})" for a, b in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
        return f"LOWER(CONCAT_WS('-', {', '.join(parts)}))"
    h = f"lower(hex(MD5({expr})))"
    parts = [f"substring({h}, {a}, {b})" for a, b in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))]
    return f"arrayStringConcat([{', '.join(parts)}], '-')"
