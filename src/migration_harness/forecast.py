"""A production-volume forecast: how long each changeset (and the checks) will take on production's rows.

Each is measured on two volumes of generated data and extrapolated along the line through both points, in
the rows of the tables ``[forecast] rows`` names (those of the changeset's own database, where it names any).
It is a forecast from this machine's engines, not production's hardware: it says which step grows with the
data and roughly how much, so a changeset that is fine on test data and takes hours on production shows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .spec import ForecastSpec

# Growth smaller than this between the two volumes is timing noise (a CREATE TABLE measured 0.13 s and
# 0.15 s), not a slope to multiply by a thousand: such a step is forecast to take what it took.
NOISE_SECONDS = 0.05
NOISE_SHARE = 0.25


@dataclass(frozen=True)
class Line:
    what: str  # "mysql dataset-versioning:mysql-001", or "checks"
    database: str  # "" for the checks, which read every database
    rows: tuple[int, int]  # rows of the named tables at the two measured volumes
    seconds: tuple[float, float]
    production_rows: int

    @property
    def seconds_per_million(self) -> float | None:
        """The measured growth; None where it is within the noise, or the two volumes held the same rows."""
        (small, large), (before, after) = self.rows, self.seconds
        if large <= small or after - before < max(NOISE_SECONDS, NOISE_SHARE * before):
            return None
        return (after - before) / (large - small) * 1e6

    @property
    def forecast_seconds(self) -> float:
        growth = self.seconds_per_million
        larger = max(self.seconds)
        if growth is None:
            return larger
        return larger + growth * max(0, self.production_rows - self.rows[1]) / 1e6

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "grows": self.seconds_per_million is not None,
                "forecast_seconds": round(self.forecast_seconds, 3)}  # fmt: skip


def rows_for(spec: ForecastSpec, counts: dict[str, int], database: str) -> tuple[int, int]:
    """(measured, production) rows of the named tables of ``database``; of every named table where the spec
    names none of that database's."""
    own = [ref for ref in spec.rows if ref.split(".", 1)[0] == database] or list(spec.rows)
    return sum(counts[ref] for ref in own), sum(spec.rows[ref] for ref in own)


def lines(
    spec: ForecastSpec,
    counts: tuple[dict[str, int], dict[str, int]],
    durations: tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]],
    checks: tuple[float, float],
) -> list[Line]:
    """One line per changeset timed at both volumes (``durations``: kind -> changeset -> seconds), then the
    checks; ``counts``: "kind.table" -> rows at each volume."""
    out = []
    small, large = durations
    for kind, changesets in large.items():
        (rows_small, production), (rows_large, _) = rows_for(spec, counts[0], kind), rows_for(spec, counts[1], kind)
        for ref, seconds in changesets.items():
            if ref in small.get(kind, {}):
                timed = (small[kind][ref], seconds)
                out.append(Line(f"{kind} {ref}", kind, (rows_small, rows_large), timed, production))
    total = (sum(counts[0].values()), sum(counts[1].values()))
    out.append(Line("checks (every declared invariant)", "", total, checks, sum(spec.rows.values())))
    return out
