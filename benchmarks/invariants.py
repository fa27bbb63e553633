"""Benchmark: each declared invariant statement against the scan floor of the tables it reads.

    .venv/bin/python benchmarks/invariants.py --scale 1000000 5000000
    git archive 46ab4e9 src | tar -x -C /tmp/before    # then add: --before /tmp/before/src (A/B, same load)
    (trees from before issue 14's join buffers, e.g. b6504b1, also need --server-join-buffers)

Per engine the scan floor is one ``COUNT(*), SUM(hash of every column)`` pass over each table the
invariants read: no check can be cheaper than reading its rows once. Printed: every statement the checks
issue with its time, the invariants' total per engine, MariaDB invariants / scan floor and ClickHouse source
rows per second, with the machine and its load. Timed tests would only be flaky on shared 2-core machines.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from machine import loadavg, machine  # benchmarks/machine.py, beside this script

from migration_harness import checks
from migration_harness.dialects import MariaDBDialect, ident
from migration_harness.engines import Engine
from migration_harness.runs import MigrationRun
from migration_harness.seeding import load_seeder
from migration_harness.spec import MigrationSpec, load_spec
from migration_harness.targets.local import LocalTarget

ROOT = Path(__file__).resolve().parent.parent
Timings = list[tuple[str, str, float]]  # (database kind, statement, seconds)


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
    engine.query, engine.execute = timed(engine.query), timed(engine.execute)  # type: ignore[method-assign,assignment]

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


def load_checks_before(src: str) -> ModuleType:
    """checks.py of an earlier tree (``git archive <commit> src | tar -x -C DIR``; pass DIR/src), run against
    today's engines and dialects: the A/B runs in one process, so both halves see the same machine load."""
    path = Path(src) / "migration_harness" / "checks.py"
    spec = importlib.util.spec_from_file_location("migration_harness.checks_before", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def server_default_join_buffers() -> Iterator[None]:
    """MariaDB's own join buffer and temporary table sizes, as the checks ran before issue 14."""
    sized = MariaDBDialect.ANALYTIC_SIZES
    MariaDBDialect.ANALYTIC_SIZES = (
        "join_buffer_size = 262144, join_buffer_space_limit = 2097152, "
        "tmp_table_size = 16777216, max_heap_table_size = 16777216"
    )
    try:
        yield
    finally:
        MariaDBDialect.ANALYTIC_SIZES = sized


def run_invariants(module: Any, engines: dict[str, Engine], spec: MigrationSpec) -> tuple[float, Timings, int]:
    timings: Timings = []
    undo = [record_statements(kind, e, timings) for kind, e in engines.items()]
    started = time.perf_counter()
    try:
        problems = module.all_problems(engines, spec.mappings, spec.relations)
    finally:
        for u in undo:
            u()
    return time.perf_counter() - started, timings, len(problems)


def report(label: str, best: tuple[float, Timings, int], floor: dict[str, float], rows: dict[str, int]) -> None:
    wall, timings, found = best
    per_engine = {kind: sum(s for k, _, s in timings if k == kind) for kind in rows}
    print(f"  [{label}] statements: {len(timings)}, problems: {found}, all_problems wall time {wall:.2f} s")
    for kind in rows:
        ratio = per_engine[kind] / floor[kind] if floor.get(kind) else float("nan")
        rate = rows[kind] / per_engine[kind] if per_engine[kind] else float("nan")
        print(
            f"  [{label}] {kind:<10} invariants {per_engine[kind]:7.2f} s, scan floor {floor.get(kind, 0):6.2f} s, "
            f"ratio {ratio:5.2f}x, {rows[kind]} source rows at {rate / 1e6:6.2f} M rows/s"
        )


def measure(
    spec: MigrationSpec, scale: int, passes: int, before: ModuleType | None, full_sql: bool, server_buffers: bool
) -> None:
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
        rows = {
            kind: sum(checks.source_rows(engines[kind], m) for m in spec.mappings if m.database == kind)
            for kind in engines
        }
        best: dict[str, tuple[float, Timings, int]] = {}
        for _ in range(passes):  # alternating, so both see the same load; the best of each is reported
            for label, module in [("before", before), ("after", checks)]:
                if module is None:
                    continue
                old_buffers = label == "before" and server_buffers
                buffers = server_default_join_buffers() if old_buffers else contextlib.nullcontext()
                with buffers:
                    result = run_invariants(module, engines, spec)
                print(f"  pass: {label} {result[0]:.2f} s (load {loadavg()})", flush=True)
                if label not in best or result[0] < best[label][0]:
                    best[label] = result
        for kind, sql, seconds in best["after"][1]:
            text = " ".join(sql.split())
            print(f"  {kind:<10} {seconds:7.3f} s  {text if full_sql else text[:150]}")
        for label, result in best.items():
            report(label, result, floor, rows)
        if "before" in best:
            print(f"  speed-up of all_problems: {best['before'][0] / best['after'][0]:.1f}x")
        print(f"  load after: {loadavg()}")
    finally:
        target.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--spec", default=str(ROOT / "examples/dataset_versioning/spec.toml"))
    parser.add_argument("--scale", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--passes", type=int, default=2, help="runs of every invariant; the best is reported")
    parser.add_argument("--sql", action="store_true", help="print each statement whole, not its first 150 characters")
    parser.add_argument("--before", help="src/ of an earlier tree: its checks.py timed alternately with today's")
    parser.add_argument(
        "--server-join-buffers",
        action="store_true",
        help="run --before's checks with the server's default join buffers (trees before issue 14, e.g. b6504b1)",
    )
    args = parser.parse_args()
    print(f"machine: {machine()}")
    spec = load_spec(args.spec)
    before = load_checks_before(args.before) if args.before else None
    for scale in args.scale:
        measure(spec, scale, args.passes, before, args.sql, args.server_join_buffers)


if __name__ == "__main__":
    main()
