"""Start-up time of the local target against the containers target (stand-in MySQL image, chdb for
ClickHouse), for the README table. Needs a Docker engine: ``eval "$(./dev docker start $$)"`` first and
``./dev docker stop $$`` afterwards.

    .venv/bin/python .ci/measure_startup.py [ROUNDS]

Each round starts and stops each target once, alternating, so machine load hits both alike; the median,
min and max of the rounds are printed as Markdown rows.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

from migration_harness.config import ContainerSettings
from migration_harness.targets import ContainersTarget, LocalTarget, Target

STANDIN = os.environ.get("MIGRATION_HARNESS_TEST_MYSQL_IMAGE", "migration-harness/mysql-standin:mariadb-bookworm")


def timed(make: Callable[[], Target]) -> tuple[float, float]:
    """Seconds until start() returned (servers answering), then until a first scratch MySQL database works."""
    target = make()
    began = time.monotonic()
    target.start()
    started = time.monotonic() - began
    try:
        target.scratch("mysql").execute("CREATE TABLE t (id INT)")
        return started, time.monotonic() - began
    finally:
        target.stop()


def main(rounds: int) -> None:
    makers: dict[str, Callable[[], Target]] = {
        "local (throwaway mariadbd + chdb)": LocalTarget,
        "containers (stand-in MySQL container + chdb)": lambda: ContainersTarget(
            ContainerSettings(mysql_image=STANDIN, clickhouse_image="chdb")
        ),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in makers}
    for _ in range(rounds):
        for name, make in makers.items():
            results[name].append(timed(make))
    load = os.getloadavg()[0]
    print(f"{rounds} rounds, load average {load:.1f} on {os.cpu_count()} cores")
    print("| target | start() median (min-max) | to first scratch table, median |")
    print("| --- | --- | --- |")
    for name, found in results.items():
        starts = [s for s, _ in found]
        firsts = [f for _, f in found]
        print(
            f"| {name} | {statistics.median(starts):.1f} s ({min(starts):.1f}-{max(starts):.1f}) "
            f"| {statistics.median(firsts):.1f} s |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
