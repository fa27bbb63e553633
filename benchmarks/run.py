"""Benchmark: how long the local target and each checklist step take at production-like volume.

    .venv/bin/python benchmarks/run.py --scale 200000      # items in ClickHouse; datasets = scale / 20

Numbers go in the README; timed tests would only be flaky on shared 2-core machines.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from migration_harness import checks
from migration_harness.diffs import take_snapshot
from migration_harness.fingerprints import fingerprint
from migration_harness.runs import MigrationRun
from migration_harness.seeding import load_seeder
from migration_harness.spec import load_spec
from migration_harness.targets.local import LocalTarget

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, action: Callable[[], Any], results: list[tuple[str, float]]) -> Any:
    started = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - started))
    print(f"{label:<48} {results[-1][1]:8.2f} s", flush=True)
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", default=str(ROOT / "examples/dataset_versioning/spec.toml"))
    parser.add_argument("--scale", type=int, default=100_000)
    args = parser.parse_args()
    spec = load_spec(args.spec)
    seeder = load_seeder(spec)
    assert seeder is not None, "the spec needs [generate] (or a [seed] module with bulk())"
    results: list[tuple[str, float]] = []
    target = LocalTarget()
    timed("local target start (mariadbd + chdb)", target.start, results)
    try:
        engines = {kind: target.scratch(kind, "bench") for kind in spec.databases}
        run = MigrationRun(spec, engines)
        timed("baseline changesets", run.apply_baseline, results)
        seeder.learn(engines)  # generated volume is derived from the baseline schema
        timed(f"bulk seed (scale {args.scale})", lambda: seeder.bulk(engines, args.scale), results)
        rows = {k: {t: e.scalar(f"SELECT COUNT(*) FROM `{t}`") for t in e.tables()} for k, e in engines.items()}
        print(f"rows: {rows}")
        snaps = timed(
            "snapshot before migration (copy in-engine)",
            lambda: {k: take_snapshot(e, target.scratch(k, "snap"), "before") for k, e in engines.items()},
            results,
        )
        timed("migration (all changesets under test)", run.migrate, results)
        for db in run.databases.values():
            for ref, seconds in db.durations.items():
                print(f"  {db.kind} {ref}: {seconds:.2f} s")
        problems = timed(
            "all declared invariants (parity, integrity, ids, relations)",
            lambda: checks.all_problems(engines, spec.mappings, spec.relations),
            results,
        )
        print(f"  problems: {len(problems)}")
        timed("fingerprint both databases", lambda: [fingerprint(e) for e in engines.values()], results)
        timed("rollback", run.rollback, results)
        left = timed("compare with snapshot", lambda: [p for s in snaps.values() for p in s.compare()], results)
        print(f"  differences after rollback: {len(left)}")
    finally:
        timed("drop databases and stop target", target.stop, results)
    print(f"{'total':<48} {sum(s for _, s in results):8.2f} s")


if __name__ == "__main__":
    main()
