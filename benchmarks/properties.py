"""Benchmark: Hypothesis examples per second on the bundled example, and the time to find and shrink a failure.

    .venv/bin/python benchmarks/properties.py
    git archive ed21614 src | tar -x -C /tmp/before    # then add: --before /tmp/before/src (A/B, same load)

Each measurement is one pytest run of the ``properties`` suite in a fresh process, as a user runs it: the
examples' rate is the suite's test call (its fixtures, the shared migration, are set up before) divided into
the examples it ran, under a fixed profile (``--examples`` of them, derandomized, no example database). The
shrink time is the same call on the ``tag_typo_lastest`` mutant, which fails from the first example, with
Hypothesis's default phases: it finds the failure and shrinks it to a minimal shape. With ``--before`` the two
trees alternate (``--rounds`` times), so both see the same load; the machine and load are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from machine import loadavg, machine  # benchmarks/machine.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dataset_versioning"
MUTANT = EXAMPLE / "mutants" / "tag_typo_lastest"
PROFILE = """from hypothesis import settings
settings.register_profile("bench", max_examples={examples}, deadline=None, database=None, derandomize=True)
settings.register_profile("shrink", deadline=None, database=None, derandomize=True)
"""


def example_copy(workdir: Path, mutant: Path | None) -> Path:
    copy = workdir / "example"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("mutants", "__pycache__"))
    for path in mutant.rglob("*") if mutant else ():
        if path.is_file() and path.name != "mutant.toml":
            shutil.copyfile(path, copy / path.relative_to(mutant))
    spec = copy / "spec.toml"  # [forecast] is newer than trees measured with --before, and unused here
    spec.write_text(re.sub(r"^\[forecast\].*?(?=^\[)", "", spec.read_text(), flags=re.S | re.M))
    return spec


def run_properties(src: Path | None, profile: str, mutant: Path | None, examples: int) -> tuple[float, int, bool]:
    """(seconds of the suite's test call, examples run, failed) for one fresh pytest process."""
    with tempfile.TemporaryDirectory(prefix="mh-bench-") as tmp:
        workdir = Path(tmp)
        spec = example_copy(workdir, mutant)
        (workdir / "conftest.py").write_text(PROFILE.format(examples=examples))
        junit = workdir / "junit.xml"
        env = dict(os.environ)
        if src is not None:  # the earlier tree's package wins over the installed one
            env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(workdir), "--migration", str(spec),
             "--suite", "properties", "--hypothesis-profile", profile, "--junitxml", str(junit),
             "-o", "junit_duration_report=call"],
            cwd=workdir, capture_output=True, text=True, env=env, timeout=3600,
        )  # fmt: skip
        if not junit.exists():
            raise SystemExit(done.stdout + done.stderr)
        case = next(c for c in ET.parse(junit).iter("testcase") if "generated_shapes" in (c.get("name") or ""))
        ran = re.search(r"hypothesis examples run: (\d+)", done.stdout)
        failed = any(True for _ in [*case.iter("failure"), *case.iter("error")])
        return float(case.get("time") or 0), int(ran.group(1)) if ran else 0, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--before", type=Path, help="an earlier tree's src directory, measured alternately")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-shrink", action="store_true")
    args = parser.parse_args()
    print(f"machine: {machine()}\nload before: {loadavg()}", flush=True)
    trees: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.before:
        trees.insert(0, (f"before ({args.before})", args.before.resolve()))
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for label, src in trees:
            seconds, ran, failed = run_properties(src, "bench", None, args.examples)
            assert not failed, f"{label}: the correct example failed the properties suite"
            rate = ran / seconds if seconds else 0.0
            best[label] = max(best.get(label, 0.0), rate)
            print(f"{label:<40} {ran} examples in {seconds:6.1f} s = {rate:5.2f} examples/s  (load {loadavg()})")
    for label, rate in best.items():
        print(f"best of {args.rounds}: {label}: {rate:.2f} examples/s")
    if args.no_shrink:
        return
    for label, src in trees:
        seconds, ran, failed = run_properties(src, "shrink", MUTANT, args.examples)
        assert failed, f"{label}: the mutant {MUTANT.name} was not caught"
        print(f"{label:<40} found and shrank the {MUTANT.name} failure in {seconds:6.1f} s ({ran} examples run)"
              f"  (load {loadavg()})")  # fmt: skip


if __name__ == "__main__":
    main()
