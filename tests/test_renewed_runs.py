"""Hypothesis examples reuse the last example's databases (emptied) when it ended rolled back to its baseline:
a renewed run must be exactly what a new run gives, and a baseline that writes rows must never be emptied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tiny_spec import TINY

# A test of the user's own, beside the spec: the harness's fixtures are theirs to request.
RENEWED_TEST = """
from migration_harness.diffs import compare_states
from migration_harness.fingerprints import fingerprint


def test_renewed_run_is_a_new_run(migration_runs, migration_applied):
    runs = migration_runs
    kept = runs.new("kept")
    runs.migrate(kept)
    # What the migration leaves that a rollback keeps: the AUTO_INCREMENT counter it advanced.
    kept.engines["mysql"].execute("INSERT INTO counters (label) VALUES ('after'), ('the'), ('migration')")
    kept.engines["mysql"].execute("DELETE FROM counters")
    kept.rollback()
    runs.keep(kept)
    renewed = runs.renew("renewed", runs.fixed_shape)
    fresh = runs.new("fresh")
    assert (renewed is kept) == {expect_reuse}
    renewed.engines["mysql"].execute("INSERT INTO counters (label) VALUES ('next')")
    fresh.engines["mysql"].execute("INSERT INTO counters (label) VALUES ('next')")
    for kind, engine in fresh.engines.items():
        assert compare_states(fingerprint(engine), engine.database, renewed.engines[kind]) == []
"""


@pytest.fixture
def tiny(pytester: pytest.Pytester) -> Path:
    target = pytester.path / "tiny"
    shutil.copytree(TINY, target)
    return target


def with_counters(tiny: Path, baseline_rows: bool) -> None:
    """A table with an AUTO_INCREMENT key in the MySQL baseline, holding a reference row or none, and one
    whose foreign key points at it (InnoDB refuses to TRUNCATE a table a foreign key points at)."""
    changelog = tiny / "mysql.sql"
    table = (
        "--changeset tiny:base-2\n"
        "CREATE TABLE counters (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20) NOT NULL);\n"
        "CREATE TABLE counter_notes (id INT PRIMARY KEY, counter_id INT,\n"
        "    FOREIGN KEY (counter_id) REFERENCES counters (id));\n"
        + ("INSERT INTO counters (label) VALUES ('reference');\n" if baseline_rows else "")
        + "--rollback DROP TABLE counter_notes; DROP TABLE counters;\n\n--changeset tiny:mig-1\n"
    )
    changelog.write_text(changelog.read_text().replace("--changeset tiny:mig-1\n", table, 1))


@pytest.mark.parametrize("baseline_rows", [False, True], ids=["empty baseline", "baseline with rows"])
def test_a_renewed_run_equals_a_new_one(pytester: pytest.Pytester, tiny: Path, baseline_rows: bool) -> None:
    with_counters(tiny, baseline_rows)
    pytester.makepyfile(test_renewed=RENEWED_TEST.replace("{expect_reuse}", str(not baseline_rows)))
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "test_renewed.py", "--migration", str(tiny / "spec.toml"), "-q",
        "-k", "renewed_run_is_a_new_run",
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(["*1 passed*"])
