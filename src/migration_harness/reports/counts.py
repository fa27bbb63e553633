"""Row counts per mapping and group, before and after the migration, for the approval report.

The checklist asks to document the baseline counts (datasets, items per dataset) and to compare them after
the migration. Everything is aggregated inside the engine; only totals and the largest groups come back.
"""

from __future__ import annotations

from typing import Any

from ..checks import Sides
from ..dialects import ident
from ..diffs import show_value
from ..engines import Engine
from ..session import Records
from ..spec import Mapping

TOP_GROUPS = 10  # groups listed by name; the rest are in the totals


def _query(engine: Engine, sql: str) -> list[Any]:
    return list(engine.query(engine.sql.analytic(sql)))


def _label(names: list[str], values: Any) -> str:
    return ", ".join(f"{n}={show_value(v)}" for n, v in zip(names, values, strict=False))


def baseline(engine: Engine, mapping: Mapping) -> dict[str, Any]:
    """Source rows in scope (read as the application reads them) and the largest groups, before migrating."""
    s = Sides(engine, mapping)
    counts: dict[str, Any] = {"source_rows": int(_query(engine, f"SELECT COUNT(*) FROM {s.source} a")[0][0])}
    if mapping.group_by:
        names = list(mapping.group_by.values())
        source, columns = s.grouped
        cols = ", ".join(ident(c) for c in columns.values())
        grouped = f"SELECT {cols}, COUNT(*) AS mh_n FROM {source} a GROUP BY {cols}"
        counts["groups"] = int(_query(engine, f"SELECT COUNT(*) FROM ({grouped}) mh_x")[0][0])
        rows = _query(engine, f"{grouped} ORDER BY mh_n DESC, {cols} LIMIT {TOP_GROUPS}")
        counts["top"] = [{"group": _label(names, r[:-1]), "source": int(r[-1])} for r in rows]
    return counts


def migrated(engine: Engine, mapping: Mapping) -> dict[str, Any]:
    """Source and target rows after the migration, per group: the largest groups and how many differ."""
    s = Sides(engine, mapping)
    source = int(_query(engine, f"SELECT COUNT(*) FROM {s.source} a")[0][0])
    target = int(_query(engine, f"SELECT COUNT(*) FROM {s.target} b")[0][0])
    counts: dict[str, Any] = {"source_rows": source, "target_rows": target}
    if mapping.group_by:
        grouped, columns = s.grouped
        pairs = list(columns.items())  # target column -> source column
        g = ", ".join(f"mh_g{i}" for i in range(len(pairs)))
        g_src = ", ".join(f"{ident(src)} AS mh_g{i}" for i, (_, src) in enumerate(pairs))
        g_tgt = ", ".join(f"{ident(tgt)} AS mh_g{i}" for i, (tgt, _) in enumerate(pairs))
        merged = (
            f"SELECT {g}, SUM(mh_s) AS mh_src, SUM(mh_t) AS mh_tgt FROM ("
            f"SELECT {g_src}, COUNT(*) AS mh_s, 0 AS mh_t FROM {grouped} a GROUP BY {g} "
            f"UNION ALL SELECT {g_tgt}, 0 AS mh_s, COUNT(*) AS mh_t FROM {s.target} b GROUP BY {g}"
            f") mh_u GROUP BY {g}"
        )
        totals = _query(
            engine,
            "SELECT COUNT(*), SUM(CASE WHEN mh_src > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN mh_tgt > 0 THEN 1 ELSE 0 END),"
            f" SUM(CASE WHEN mh_src <> mh_tgt THEN 1 ELSE 0 END) FROM ({merged}) mh_x",
        )[0]
        counts["groups_source"] = int(totals[1] or 0)
        counts["groups_target"] = int(totals[2] or 0)
        counts["groups_differing"] = int(totals[3] or 0)
        # The largest groups, and the differing ones first: a reviewer looks there.
        rows = _query(
            engine,
            f"SELECT * FROM ({merged}) mh_y ORDER BY CASE WHEN mh_src <> mh_tgt THEN 0 ELSE 1 END, "
            f"mh_src DESC, mh_tgt DESC, {g} LIMIT {TOP_GROUPS}",
        )
        names = list(mapping.group_by.values())
        counts["top"] = [{"group": _label(names, r[:-2]), "source": int(r[-2]), "target": int(r[-1])} for r in rows]
    return counts


def record(records: Records, engine: Engine, mapping: Mapping, when: str) -> None:
    """Measure ``when`` ("before" or "after" the migration) once: every run migrates the same seed, and under
    xdist each worker's first measurement is as good as another's."""
    entry = records.counts.setdefault(
        mapping.name,
        {"database": mapping.database, "source": mapping.source, "target": mapping.target,
         "group_by": list(mapping.group_by.values())},
    )  # fmt: skip
    if when not in entry:
        entry[when] = baseline(engine, mapping) if when == "before" else migrated(engine, mapping)
