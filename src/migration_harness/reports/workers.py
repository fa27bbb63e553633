"""Records measured in xdist workers, carried to the controller.

Under ``-n N`` every worker runs its own throwaway databases and measures durations, disk, rewrites and
Hypothesis shapes there; the controller runs no test and starts no server. Each worker puts its records into
``config.workeroutput`` at session end and the controller merges them when the worker goes down, so the
terminal summary, the approval report and JUnit see what the workers saw.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..session import Records

WIRE_KEY = "migration_harness_records"  # the key in xdist's workeroutput (plain data: execnet sends it)


def to_wire(records: Records) -> dict[str, Any]:
    wire = dataclasses.asdict(records)
    wire["disk"] = {kind: {t: list(pair) for t, pair in tables.items()} for kind, tables in records.disk.items()}
    return wire


def merge(records: Records, wire: dict[str, Any]) -> None:
    """Add one worker's records. Every worker migrates the same seed, so a measurement already present is
    kept; durations keep the slowest run seen (what an approver should plan for)."""
    for kind, durations in wire.get("durations", {}).items():
        mine = records.durations.setdefault(kind, {})
        for ref, seconds in durations.items():
            mine[ref] = max(mine.get(ref, 0.0), float(seconds))
    for line in wire.get("rewrites", []):
        if line not in records.rewrites:
            records.rewrites.append(line)
    for line in wire.get("notes", []):
        if line not in records.notes:
            records.notes.append(line)
    records.hypothesis_examples += int(wire.get("hypothesis_examples", 0))
    for kind, tables in wire.get("disk", {}).items():
        if kind not in records.disk:
            records.disk[kind] = {t: (int(pair[0]), int(pair[1])) for t, pair in tables.items()}
    for name, entry in wire.get("counts", {}).items():
        mine_entry = records.counts.setdefault(name, {})
        for key, value in entry.items():
            mine_entry.setdefault(key, value)
    for kind, product in wire.get("engines", {}).items():
        records.engines.setdefault(kind, product)
    if wire.get("forecast") and not records.forecast:  # measured by the one worker that ran the test
        records.forecast = dict(wire["forecast"])
