"""The production-volume forecast: measured on two volumes of generated data, extrapolated to the rows the
spec declares, shown in the report, and failing the migrate suite when it does not fit the window."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from migration_harness.forecast import Line

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "user_name_split"


def test_a_step_is_extrapolated_along_the_line_through_both_volumes() -> None:
    copy = Line("mysql a:1", "mysql", (1_000, 5_000), (0.2, 1.0), 1_000_000)
    assert copy.seconds_per_million == pytest.approx(200.0)  # 0.8 s more for 4,000 more rows
    assert copy.forecast_seconds == pytest.approx(1.0 + 200.0 * 0.995)


def test_growth_within_timing_noise_is_forecast_as_measured() -> None:
    create = Line("clickhouse a:1", "clickhouse", (1_000, 5_000), (0.13, 0.15), 10**9)
    assert create.seconds_per_million is None
    assert create.forecast_seconds == 0.15
    shrinking = Line("mysql a:2", "mysql", (1_000, 5_000), (2.0, 1.0), 10**9)
    assert shrinking.forecast_seconds == 2.0  # never below what was measured


def run_forecast(pytester: pytest.Pytester, forecast: str) -> tuple[pytest.RunResult, dict]:  # type: ignore[type-arg]
    copy = pytester.path / "example"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("mutants"))
    spec = copy / "spec.toml"
    spec.write_text(spec.read_text().replace("bulk_scale = 50000", "bulk_scale = 4000") + forecast)
    report = pytester.path / "approval.html"
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--migration", str(spec), "--suite", "migrate", "-q", "-rs",
        "--migration-report", str(report),
    )  # fmt: skip
    return result, json.loads(report.with_suffix(".json").read_text())


def test_forecast_over_the_window_fails_naming_the_slowest_changeset(pytester: pytest.Pytester) -> None:
    # A window of 0.6 ms: any changeset takes longer, also when its growth is within timing noise (then its
    # forecast is what it took; on a busy machine the backfill's growth at this small volume can be).
    result, document = run_forecast(
        pytester, '\n[forecast]\nrows = { "mysql.users" = 900000000 }\nwindow_minutes = 0.00001\n'
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*the migration is forecast to take * min on production's rows, over the 1e-05-minute window*",
         "*mysql accounts:users-002: * min forecast (* rows measured, 900000000 in production)*"]
    )  # fmt: skip
    lines = {line["what"]: line for line in document["forecast"]["lines"]}
    backfill = lines["mysql accounts:users-002"]
    assert backfill["rows"][1] > backfill["rows"][0] > 0 and backfill["production_rows"] == 900_000_000
    assert document["forecast"]["window_minutes"] == 0.00001


def test_without_a_forecast_the_check_is_not_applicable(pytester: pytest.Pytester) -> None:
    result, document = run_forecast(pytester, "")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*no [[]forecast[]] in the spec*"])
    assert document["forecast"] == {}


def test_bulk_volume_the_database_refuses_is_one_line_naming_the_seed(pytester: pytest.Pytester) -> None:
    # A seed module's bulk() replaces the generated one; this one writes a row MariaDB's strict mode refuses.
    (pytester.path / "seed.py").write_text(
        'def bulk(engines, scale):\n    engines["mysql"].execute("INSERT INTO users (id) VALUES (\'x\')")\n'
    )
    seed = f'\n[seed]\nmodule = "{pytester.path / "seed.py"}"\n'
    result, _ = run_forecast(pytester, seed + '\n[forecast]\nrows = { "mysql.users" = 1000000 }\n')
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["*seed module *seed.py: the bulk volume (scale 1000) cannot be written: *Field 'org_id' doesn't have a*"]
    )
    assert "Traceback" not in result.stdout.str() and "pymysql/" not in result.stdout.str()
