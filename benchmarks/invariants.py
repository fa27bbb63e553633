"""Benchmark: each declared invariant statement against the scan floor of the tables it reads.

    .venv/bin/python benchmarks/invariants.py --scale 1000000 5000000

Per engine the scan floor is one ``COUNT(*), SUM(hash of every column)`` pass over each table the
invariants read: no check can be cheaper than reading its rows once. Printed: every statement the checks
issue with its time, the invariants' total per engine, MariaDB invariants / scan floor and ClickHouse source
rows per second, with the machine and its load. Timed tests would only be flaky on shared 2-core machines.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from migration_harness import checks
from migration_harness.dialects import ident
from migration_harness.engines import Engine
from migration_harness.runs import MigrationRun
from migration_harness.seeding import load_seeder
from migration_harness.spec import MigrationSpec, load_spec
from migration_harness.targets.local import LocalTarget

ROOT = Path(__file__).resolve().parent.parent
Timings = list[tuple[str, str, float]]  # (database kind, statement, seconds)


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    return f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def record_statements(kind: str, engine: Engine, timings: Timings) -> Callable[[], None]:
    """Time every statement ``engine`` runs from now on; returns the undo."""

    def timed(run: Callable[[str], Any]) -> Callable[[str], Any]:
        def wrapper(sql: str) -> Any:
            started = time.perf_counter()
            try:
                return run(sql)
            finally:
                timings.append((kind, sql, time.perf_counter() - started))

        return wrapper

    original = engine.query, engine.execute
    engine.query, engine.execute = timed(engine.query), timed(engine.execute)  # type: ignore[method-assign]

    def undo() -> None:
        engine.query, engine.execute = original  # type: ignore[method-assign]

    return undo


def tables_read(spec: MigrationSpec) -> dict[str, set[str]]:
    """Per database kind, every table the declared invariants read."""
    read: dict[str, set[str]] = {}
    for m in spec.mappings:
        read.setdefault(m.database, set()).update((m.source, m.target))
    for r in spec.relations:
        refs = [r.source, r.target, *(r.tolerate or ())]
        for ref in refs:
            read.setdefault(ref.database, set()).add(ref.table)
    return read


def scan_floor(engines: dict[str, Engine], spec: MigrationSpec) -> dict[str, float]:
    floor: dict[str, float] = {}
    for kind, tables in tables_read(spec).items():
        engine = engines[kind]
        for table in sorted(tables):
            cols = [ident(c) for c in engine.data_columns(table)]
            started = time.perf_counter()
            rows, _ = engine.query(f"SELECT COUNT(*), SUM({engine.sql.key_hash(cols)}) FROM {ident(table)}")[0]
            seconds = time.perf_counter() - started
            floor[kind] = floor.get(kind, 0.0) + seconds
            print(f"  scan floor {kind} {table:<28} {int(rows):>10} rows {seconds:7.3f} s")
    return floor


def measure(spec: MigrationSpec, scale: int, passes: int) -> None:
    seeder = load_seeder(spec)
    assert seeder is not None, "the spec needs [generate] (or a [seed] module with bulk())"
    target = LocalTarget()
    target.start()
    try:
        engines = {kind: target.scratch(kind, "inv") for kind in spec.databases}
        run = MigrationRun(spec, engines)
        run.apply_baseline()
        seeder.learn(engines)
        seeder.bulk(engines, scale)
        run.migrate()
        products = {kind: e.product for kind, e in engines.items()}
        print(f"\n== {scale} items: {products}; load before: {loadavg()}")
        floor = scan_floor(engines, spec)
        source_rows = {
            kind: sum(checks.source_rows(engines[kind], m) for m in spec.mappings if m.database == kind)
            for kind in engines
        }
        best: tuple[float, Timings, int] | None = None
        for _ in range(passes):  # the first pass warms caches; the best is reported
            timings: Timings = []
            undo = [record_statements(kind, e, timings) for kind, e in engines.items()]
            started = time.perf_counter()
            problems = checks.all_problems(engines, spec.mappings, spec.relations)
            wall = time.perf_counter() - started
            for u in undo:
                u()
            if best is None or wall < best[0]:
                best = (wall, timings, len(problems))
        assert best is not None
        wall, timings, found = best
        for kind, sql, seconds in timings:
            print(f"  {kind:<10} {seconds:7.3f} s  {' '.join(sql.split())[:150]}")
        per_engine = {kind: sum(s for k, _, s in timings if k == kind) for kind in engines}
        print(f"  statements: {len(timings)}, problems: {found}, all_problems wall time {wall:.2f} s")
        for kind in engines:
            ratio = per_engine[kind] / floor[kind] if floor.get(kind) else float("nan")
            rate = source_rows[kind] / per_engine[kind] if per_engine[kind] else float("nan")
            print(
                f"  {kind:<10} invariants {per_engine[kind]:7.2f} s, scan floor {floor.get(kind, 0):6.2f} s, "
                f"ratio {ratio:5.2f}x, {source_rows[kind]} source rows at {rate / 1e6:6.2f} M rows/s"
            )
        print(f"  load after: {loadavg()}")
    finally:
        target.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--spec", default=str(ROOT / "examples/dataset_versioning/spec.toml"))
    parser.add_argument("--scale", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--passes", type=int, default=2, help="runs of every invariant; the best is reported")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    spec = load_spec(args.spec)
    for scale in args.scale:
        measure(spec, scale, args.passes)


if __name__ == "__main__":
    main()
