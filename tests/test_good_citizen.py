"""The plugin in a team's repository: installed and configured, it changes nothing about the team's own
pytest runs unless harness suites are selected to run, and its names never meet the team's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TINY = Path(__file__).parent / "specs" / "tiny"

TEAM_TESTS = """
import pytest
from hypothesis import given, settings, strategies as st

@pytest.fixture
def database():
    return "the team's own database fixture"

@pytest.fixture
def reference():
    return 42

@pytest.fixture(params=["a", "b"])
def mapping(request):
    return request.param

def test_database(database, reference):
    assert database == "the team's own database fixture" and reference == 42

def test_mapping_keeps_its_own_params(mapping):
    assert mapping in ("a", "b")

@given(st.integers())
def test_hypothesis_keeps_its_profile(n):
    assert settings().max_examples == 100  # Hypothesis's default, not the harness's 25
"""


@pytest.fixture
def team(pytester: pytest.Pytester) -> pytest.Pytester:
    """A team repository: its own tests, the spec in pyproject, a staging target whose secret is unset, and a
    local target whose server binary does not exist, so any attempt to start a database fails loudly."""
    shutil.copytree(TINY, pytester.path / "migrations")
    pytester.makepyprojecttoml(
        """
[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.migration-harness]
migration = "migrations/spec.toml"

[tool.migration-harness.targets.staging]
mysql = "mysql://app:${STAGING_PASSWORD_NEVER_SET}@db.staging:3306/app"

[tool.migration-harness.local]
mysqld = "/nonexistent/mariadbd"
"""
    )
    (pytester.path / "tests").mkdir()
    (pytester.path / "tests" / "test_app.py").write_text(TEAM_TESTS)
    return pytester


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_team_tests_run_untouched_without_starting_anything(team: pytest.Pytester) -> None:
    result = run(team, "tests/test_app.py", "-v")
    result.assert_outcomes(passed=4)
    output = result.stdout.str()
    assert "migration-harness:" not in output and "verdict" not in output  # no header, verdict or summary
    assert "mariadbd" not in output + result.stderr.str()


def test_deselecting_the_suites_starts_nothing(team: pytest.Pytester) -> None:
    result = run(team, "-m", "not migration_suite")  # testpaths plus the configured spec, suites deselected
    result.assert_outcomes(passed=4, deselected=len(result.stdout.lines) and result.parseoutcomes()["deselected"])
    assert result.ret == 0
    assert "migration-harness:" not in result.stdout.str() and "verdict" not in result.stdout.str()


def test_collect_only_help_and_fixtures_start_nothing(team: pytest.Pytester) -> None:
    collected = run(team, "--co", "-q")
    assert collected.ret == 0, collected.stdout.str() + collected.stderr.str()
    collected.stdout.fnmatch_lines(["migrations/spec.toml::parity.py::test_total_count_matches*"])
    assert run(team, "--help").ret == 0
    fixtures = run(team, "--fixtures")
    assert fixtures.ret == 0
    fixtures.stdout.fnmatch_lines(["migration_engines* -- *", "*migrated databases the read-only checks look at*"])


def test_the_suites_selected_use_the_harness_and_leave_team_tests_alone(team: pytest.Pytester) -> None:
    """With a working server the suites run beside the team's tests; the team's fixtures, parameters and
    Hypothesis settings are theirs, and the suites' are namespaced."""
    (team.path / "pyproject.toml").write_text(
        (team.path / "pyproject.toml").read_text().replace('mysqld = "/nonexistent/mariadbd"', "")
    )
    result = run(team, "--suite", "parity", "-v")
    assert result.ret == 0, result.stdout.str()
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] == 4 + 6  # the team's 4 and parity's 6
    result.stdout.fnmatch_lines(["*GO: 6 passed, 0 failed, 0 not verified, 1 not applicable*"])  # no [[rollups]]


def test_unset_secret_matters_only_for_the_target_used(team: pytest.Pytester) -> None:
    assert run(team, "tests/test_app.py").ret == 0
    result = run(team, "--target", "staging", "--suite", "parity")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*targets.staging.mysql: environment variable STAGING_PASSWORD_NEVER_SET is not set*"])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()


def test_naming_the_spec_file_collects_its_suites(pytester: pytest.Pytester) -> None:
    """``pytest migrations/spec.toml`` with no option or ini key: the spec named is the one to run."""
    shutil.copytree(TINY, pytester.path / "migrations")
    result = run(pytester, "migrations/spec.toml", "--co", "-q")
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(["migrations/spec.toml::static.py::*", "migrations/spec.toml::rollback.py::*"])
    report = pytester.path / "r.html"
    result = run(pytester, "migrations/spec.toml", "--suite", "static", "--html", str(report))
    assert result.ret == 0, result.stdout.str() + result.stderr.str()
    assert "<th>Checklist</th>" in report.read_text() and "Verdict: GO" in report.read_text()


def test_a_team_report_keeps_its_columns(team: pytest.Pytester) -> None:
    report = team.path / "team.html"
    result = run(team, "tests/test_app.py", "--html", str(report))
    assert result.ret == 0
    html = report.read_text()
    assert "Checklist" not in html and "Verdict" not in html and "Migration checklist" not in html
