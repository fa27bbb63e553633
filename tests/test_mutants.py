"""Each suite catches its bug class: every deliberately broken migration fails the suite meant for it,
with a message that names what broke, while the correct examples pass every suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
# Migrations written from scratch as a new user would, in other shapes: application rows in pre-existing
# target tables (MySQL and ClickHouse), MATERIALIZED/ALIAS/EPHEMERAL columns, a ReplacingMergeTree keyed on
# more than the id.
CORPUS = Path(__file__).resolve().parent / "migrations"
CORRECT = sorted(p.parent for p in [*EXAMPLES.glob("*/spec.toml"), *CORPUS.glob("*/spec.toml")])
MUTANTS = sorted(p for p in [*EXAMPLES.glob("*/mutants/*"), *CORPUS.glob("*/mutants/*")] if p.is_dir())


def run_suites(spec: Path, workdir: Path, *args: str) -> tuple[int, dict[str, str]]:
    """Run the harness on ``spec`` in a fresh process; returns the exit code and failed test id -> message."""
    junit = workdir / "junit.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(workdir),
         "--migration", str(spec), "--junitxml", str(junit), *args],
        cwd=workdir, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert junit.exists(), done.stdout + done.stderr
    failures = {}
    for case in ET.parse(junit).iter("testcase"):
        for bad in [*case.iter("failure"), *case.iter("error")]:
            failures[f"{case.get('classname')}::{case.get('name')}"] = (bad.get("message") or "") + (bad.text or "")
    return done.returncode, failures


def mutated_copy(mutant: Path, workdir: Path) -> Path:
    """The mutant's example with the mutant's changelog files in place of the originals, and its ``[[edit]]``s
    (``file``, ``old``, ``new``: the one place of ``old`` in the original file replaced) applied."""
    copy = workdir / "example"
    shutil.copytree(mutant.parent.parent, copy, ignore=shutil.ignore_patterns("mutants", "__pycache__"))
    for path in mutant.rglob("*"):
        if path.is_file() and path.name != "mutant.toml":
            shutil.copyfile(path, copy / path.relative_to(mutant))
    for edit in tomllib.loads((mutant / "mutant.toml").read_text(encoding="utf-8")).get("edit", []):
        target = copy / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, f"{mutant.name}: {edit['file']} holds its edit's old text not once"
        target.write_text(text.replace(edit["old"], edit["new"]), encoding="utf-8")
    return copy / "spec.toml"


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_mutant_is_caught_by_its_suite(mutant: Path, tmp_path: Path) -> None:
    expect = tomllib.loads((mutant / "mutant.toml").read_text(encoding="utf-8"))["expect"]
    # ``select`` (a -k expression) narrows a suite whose every test would start Liquibase processes
    narrow = ["-k", expect["select"]] if "select" in expect else []
    code, failures = run_suites(mutated_copy(mutant, tmp_path), tmp_path, "--suite", expect["suite"], *narrow)
    assert code == 1, f"{mutant.name}: the {expect['suite']} suite did not fail"
    in_suite = {name: text for name, text in failures.items() if f".{expect['suite']}.py::" in name}
    assert in_suite, f"{mutant.name}: failures outside the {expect['suite']} suite only: {list(failures)}"
    named = [name for name, text in in_suite.items() if expect["message"] in text]
    assert named, f"{mutant.name}: no {expect['suite']} failure mentions {expect['message']!r}: {in_suite}"


@pytest.mark.parametrize("example", CORRECT, ids=lambda p: p.name)
def test_correct_migration_passes_every_suite(example: Path, tmp_path: Path) -> None:
    """Zero failures and nothing left unverified (exit 0, not 6): a GO verdict."""
    code, failures = run_suites(example / "spec.toml", tmp_path)
    assert code == 0 and not failures, (code, failures)
