"""Benchmark: the whole ``--phase staging`` flow of the flagship example on a stand-in live target.

    .venv/bin/python benchmarks/staging.py --scale 1000000    # items in ClickHouse; datasets = scale / 20

The stand-in: a throwaway MariaDB with the example's MySQL database at its baseline, and a file-backed chdb
database (``chdb:///...``) as the live ClickHouse, both loaded with the example's generated volume. Then
pytest runs the staging phase against them as a user would, and this prints each step's duration.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from migration_harness.engines.chdb import ChdbEngine, ChdbSession
from migration_harness.engines.mysql import MySQLEngine
from migration_harness.runs import MigrationRun
from migration_harness.seeding import load_seeder
from migration_harness.spec import load_spec
from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary

ROOT = Path(__file__).resolve().parent.parent


def load(spec_path: Path, port: int, chdb_dir: Path, scale: int) -> dict[str, int]:
    """The example's baseline applied and its generated bulk volume loaded; row counts per table."""
    spec = load_spec(spec_path)
    seeder = load_seeder(spec)
    assert seeder is not None
    admin = MySQLEngine(f"mysql://root@127.0.0.1:{port}/mysql")
    admin.execute("CREATE DATABASE app")
    admin.close()
    session = ChdbSession(str(chdb_dir))
    session.run_global("CREATE DATABASE analytics")
    engines = {
        "mysql": MySQLEngine(f"mysql://root@127.0.0.1:{port}/app"),
        "clickhouse": ChdbEngine(session, "analytics"),
    }
    try:
        MigrationRun(spec, engines).apply_baseline()
        seeder.learn(engines)
        seeder.bulk(engines, scale)
        return {
            f"{kind}.{table}": int(engine.scalar(f"SELECT COUNT(*) FROM `{table}`") or 0)
            for kind, engine in engines.items()
            for table in engine.tables()
            if not table.lower().startswith("databasechangelog")
        }
    finally:
        engines["mysql"].close()
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", default=str(ROOT / "examples/dataset_versioning/spec.toml"))
    parser.add_argument("--scale", type=int, default=100_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mh-staging-bench-"))
    server = ThrowawayMySQLServer(find_server_binary())
    server.start()
    try:
        chdb_dir = work / "chdb"
        chdb_dir.mkdir()
        started = time.perf_counter()
        rows = load(Path(args.spec), server.port, chdb_dir, args.scale)
        print(f"{'load the stand-in (baseline + generated volume)':<52} {time.perf_counter() - started:8.2f} s")
        for table, count in sorted(rows.items()):
            print(f"  {table}: {count} rows")
        (work / "migration-harness.toml").write_text(
            f'[targets.bench]\nmysql = "mysql://root@127.0.0.1:{server.port}/app"\n'
            f'clickhouse = "chdb://{chdb_dir}?database=analytics"\ndestructive = true\n'
        )
        suites = [a for s in ("static", "parity", "integrity", "ids", "staging") for a in ("--suite", s)]
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--migration", args.spec,
                   "--target", "bench", "--allow-destructive", "--phase", "staging", "--durations=0", "-q",
                   "-o", "migration_progress_seconds=1", *suites]  # fmt: skip
        started = time.perf_counter()
        result = subprocess.run(command, cwd=work, capture_output=True, text=True)
        total = time.perf_counter() - started
        lines = result.stdout.splitlines()
        keep = re.compile(
            r"^(GO|NO-GO|NOT VERIFIED)|staging steps|^(mysql|clickhouse) .*: \d+ ms|^\d+\.\d+s (call|setup)"
        )
        for line in lines:
            if keep.search(line):
                print(f"  {line}")
        print(f"{'pytest --phase staging (end to end)':<52} {total:8.2f} s (exit {result.returncode})")
        if result.returncode not in (0, 6):
            print(result.stdout[-4000:], result.stderr[-2000:])
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
