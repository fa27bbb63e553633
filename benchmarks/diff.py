"""Benchmark: row-level diff of a table pair (one row changed, one deleted, one inserted) against its anchors.

    .venv/bin/python benchmarks/diff.py                        # 1M rows on MariaDB, 10M on chdb
    .venv/bin/python benchmarks/diff.py --rows 100000 --clickhouse-rows 1000000 --repeat 1

On MariaDB, side by side on the same pair in the same server, each the minimum of --repeat runs, as wall
seconds and as CPU seconds of the client process plus the server (the work done, which a busy shared machine
inflates less than wall time; data-diff runs several sessions at once, so under load its wall time gains): the scan
floor (COUNT + BIT_XOR(CRC32(...)) over both tables), the routine diffs.diff_rows had before (a copy is
kept below: GROUP BY over UNION ALL of all rows), today's diffs.diff_rows, and data-diff 0.11.2 hashdiff
and joindiff. On chdb: the scan floor and diff_rows at --clickhouse-rows.

data-diff is an optional benchmark dependency with pins of its own (urllib3<2, dbt-core<2 whose newest 1.x
will not build here), so it lives in a venv of its own and runs in a subprocess (timed there, without its
start-up). It needs no dbt: install it without dependencies, then what it imports:

    python3.11 -m venv .venv-bench
    .venv-bench/bin/pip install --no-deps data-diff==0.11.2
    .venv-bench/bin/pip install attrs click "dsnparse<0.2.0" keyring "mashumaro[msgpack]>=2.9,<3.11.0" \\
        mysql-connector-python pydantic rich tabulate toml typing-extensions "urllib3<2" packaging requests

Without it (or with --no-data-diff) the data-diff rows are left out. Numbers go in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from migration_harness.dialects import ident, qualified
from migration_harness.diffs import diff_rows
from migration_harness.engines import Engine
from migration_harness.fingerprints import key_columns
from migration_harness.targets.local import LocalTarget

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["id", "name", "amount", "created", "note", "score"]
MYSQL_TABLE = (
    "(id BIGINT PRIMARY KEY, name VARCHAR(64), amount DECIMAL(12,2), created DATETIME(6), note TEXT NULL, score DOUBLE)"
)
CLICKHOUSE_TABLE = (
    "(id UInt64, name String, amount Decimal(12,2), created DateTime64(6), note Nullable(String), score Float64) "
    "ENGINE = MergeTree ORDER BY id"
)


def old_diff_counts(engine: Engine, before: str, after: str, columns: Sequence[str], keys: Sequence[str]) -> tuple:
    """diffs.diff_rows as it was before the bucketed checksums (kept here only to be timed against)."""
    cols = ", ".join(ident(c) for c in columns)
    union = (
        f"SELECT {cols}, SUM(mh_side) AS mh_n FROM ("
        f"SELECT {cols}, 1 AS mh_side FROM {before} UNION ALL SELECT {cols}, -1 AS mh_side FROM {after}"
        f") mh_u GROUP BY {cols} HAVING SUM(mh_side) <> 0"
    )
    totals = engine.query(
        "SELECT COALESCE(SUM(CASE WHEN mh_n > 0 THEN mh_n ELSE 0 END), 0), "
        f"COALESCE(SUM(CASE WHEN mh_n < 0 THEN -mh_n ELSE 0 END), 0) FROM ({union}) mh_t"
    )[0]
    examples = []
    if totals[0] or totals[1]:
        order = ", ".join(ident(k) for k in keys) or "1"
        for sign in (">", "<"):
            examples.append(engine.query(f"SELECT * FROM ({union}) mh_t WHERE mh_n {sign} 0 ORDER BY {order} LIMIT 5"))
    return int(totals[0]), int(totals[1]), examples


def server_cpu(pid: int) -> float:
    """CPU seconds the server process has used so far (every thread, user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def best_of(repeat: int, action: Callable[[], Any], server: int | None = None) -> tuple[float, float, Any]:
    """Minimum wall seconds and minimum CPU seconds (this process + the server) of ``repeat`` runs. CPU
    seconds are the work done, which other jobs on a shared machine do not inflate as they do wall time."""
    times, cpus, value = [], [], None
    for _ in range(repeat):
        cpu = time.process_time() + (server_cpu(server) if server else 0.0)
        started = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() + (server_cpu(server) if server else 0.0) - cpu)
    return min(times), min(cpus), value


def build_pair(engine: Engine, rows: int, numbers: str) -> None:
    """Table a of ``rows`` rows made inside the server, b its copy with one row changed, one gone, one new."""
    values = (
        "n, CONCAT('name-', CAST(n AS CHAR)), (n % 100000) / 100, "
        "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL n SECOND, "
        "CASE WHEN n % 7 = 0 THEN NULL ELSE CONCAT('note ', CAST(n % 1000 AS CHAR)) END, n / 7"
    )
    engine.execute(f"INSERT INTO a SELECT {values} FROM {numbers}")
    engine.execute(
        f"INSERT INTO b SELECT id, CASE WHEN id = {rows // 2} THEN 'changed' ELSE name END, amount, created, note, "
        f"score FROM a WHERE id <> {rows // 4}"
    )
    engine.execute(f"INSERT INTO b SELECT {rows + 1}, 'new', 1, created, NULL, 0 FROM a WHERE id = 1")


def new_diff(engine: Engine) -> tuple[int, int]:
    types = tuple({c.name: c.type for c in engine.columns(t)} for t in ("a", "b"))
    found = diff_rows(
        engine,
        qualified(engine.database, "a"),
        qualified(engine.database, "b"),
        COLUMNS,
        "a",
        key_columns(engine, "a"),
        (types[0], types[1]),
    )
    return found.lost, found.gained


def scan_floor(engine: Engine, expression: str) -> Any:
    return [engine.query(f"SELECT COUNT(*), {expression} FROM {t}") for t in ("a", "b")]


DATA_DIFF = """
import json, os, sys, time
from data_diff import Algorithm, connect_to_table, diff_tables
url, repeat, server = sys.argv[1], int(sys.argv[2]), sys.argv[3]
columns = ("name", "amount", "created", "note", "score")

def cpu():
    fields = open(f"/proc/{server}/stat").read().rsplit(")", 1)[1].split()
    return time.process_time() + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

out = {}
for algorithm in (Algorithm.HASHDIFF, Algorithm.JOINDIFF):
    times, cpus = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), cpu()
        a, b = connect_to_table(url, "a", "id"), connect_to_table(url, "b", "id")
        found = list(diff_tables(a, b, extra_columns=columns, algorithm=algorithm))
        times.append(time.perf_counter() - started)
        cpus.append(cpu() - used)
    out[algorithm.name.lower()] = {"seconds": min(times), "cpu": min(cpus), "rows": len(found)}
print(json.dumps(out))
"""


def data_diff(python: Path, engine: Engine, repeat: int, server: int) -> dict[str, dict[str, float]]:
    url = getattr(engine, "url")  # noqa: B009 - MySQLEngine's SQLAlchemy URL
    dsn = f"mysql://{url.username}:{url.password or ''}@{url.host}:{url.port}/{engine.database}"
    command = [str(python), "-c", DATA_DIFF, dsn, str(repeat), str(server)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))
    return f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {int(memory) // 1024} MiB, {platform.python_version()}"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()


def report(label: str, seconds: float, cpu: float, anchor: tuple[float, float] | None = None, note: str = "") -> None:
    ratio = f"  vs data-diff hashdiff: {anchor[0] / seconds:4.1f}x wall, {anchor[1] / cpu:4.1f}x CPU" if anchor else ""
    print(f"{label:<44} {seconds:7.2f} s wall {cpu:7.2f} s CPU{ratio}{note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the MariaDB pair")
    parser.add_argument("--clickhouse-rows", type=int, default=10_000_000, help="rows of the chdb pair (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-old", action="store_true", help="skip the old GROUP BY routine (slow)")
    parser.add_argument("--no-data-diff", action="store_true")
    parser.add_argument("--data-diff-python", default=str(ROOT / ".venv-bench/bin/python"))
    args = parser.parse_args()
    print(f"machine: {machine()}\nload before: {loadavg()}", flush=True)
    target = LocalTarget()
    target.start()
    try:
        mysql = target.scratch("mysql", "diffbench")
        mysql.execute(f"CREATE TABLE a {MYSQL_TABLE}")
        mysql.execute("CREATE TABLE b LIKE a")
        build_pair(mysql, args.rows, f"(SELECT seq AS n FROM seq_1_to_{args.rows}) s")
        print(f"\nMariaDB ({mysql.product}), {args.rows} rows a side, min of {args.repeat}:")
        crc = f"BIT_XOR(CRC32(CONCAT_WS('|', {', '.join(COLUMNS)})))"
        server = int(Path(str(mysql.scalar("SELECT @@pid_file"))).read_text().strip())
        hashdiff = None
        if not args.no_data_diff and Path(args.data_diff_python).exists():
            found = data_diff(Path(args.data_diff_python), mysql, args.repeat, server)
            hashdiff = (found["hashdiff"]["seconds"], found["hashdiff"]["cpu"])
            for name, result in found.items():
                note = f"  ({result['rows']} diff rows)"
                report(f"data-diff 0.11.2 {name}", result["seconds"], result["cpu"], note=note)
        floor, floor_cpu, _ = best_of(args.repeat, lambda: scan_floor(mysql, crc), server)
        report("scan floor (COUNT + BIT_XOR(CRC32) both)", floor, floor_cpu)
        if not args.no_old:
            old = best_of(args.repeat, lambda: old_diff_counts(mysql, "a", "b", COLUMNS, ["id"]), server)
            report("old diff_rows (GROUP BY all rows)", old[0], old[1], hashdiff, f"  lost/gained {old[2][:2]}")
        seconds, cpu, counts = best_of(args.repeat, lambda: new_diff(mysql), server)
        assert counts == (2, 2), counts
        note = f"  lost/gained {counts}, {seconds / floor:.1f}x floor"
        report("diff_rows (bucketed checksums)", seconds, cpu, hashdiff, note)
        target.release([mysql])
        if args.clickhouse_rows:
            chdb = target.scratch("clickhouse", "diffbench")
            chdb.execute(f"CREATE TABLE a {CLICKHOUSE_TABLE}")
            chdb.execute(f"CREATE TABLE b {CLICKHOUSE_TABLE}")
            build_pair(chdb, args.clickhouse_rows, f"(SELECT number + 1 AS n FROM numbers({args.clickhouse_rows})) s")
            print(f"\n{chdb.product}, {args.clickhouse_rows} rows a side, min of {args.repeat}:")
            xor = f"groupBitXor(cityHash64({', '.join(COLUMNS)}))"
            floor, floor_cpu, _ = best_of(args.repeat, lambda: scan_floor(chdb, xor))
            report("scan floor (count + groupBitXor(cityHash64))", floor, floor_cpu)
            seconds, cpu, counts = best_of(args.repeat, lambda: new_diff(chdb))
            assert counts == (2, 2), counts
            rate = 2 * args.clickhouse_rows / seconds / 1e6
            report(
                "diff_rows (bucketed checksums)",
                seconds,
                cpu,
                None,
                f"  {rate:.1f}M rows/s, {seconds / floor:.1f}x floor",
            )
            target.release([chdb])
    finally:
        target.stop()
    print(f"load after: {loadavg()}")


if __name__ == "__main__":
    main()
