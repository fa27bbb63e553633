"""The approval report's parts that need no database: file naming, CI and git identity, stand-in warnings,
xdist record merging, skip reasons as sentences, the Markdown's size."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from migration_harness.reports import checklist, identity, render_markdown, workers
from migration_harness.reports.gate import report_paths
from migration_harness.session import Records
from migration_harness.spec import load_spec
from migration_harness.verdict import Verdict, skip_reason

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _config(tmp_path: Path, report: str | None = None, html: str | None = None) -> Any:
    return SimpleNamespace(
        getoption=lambda name, default=None: report if name == "harness_report" else default,
        option=SimpleNamespace(htmlpath=html),
        invocation_params=SimpleNamespace(dir=tmp_path),
    )


def test_report_files_are_named_after_the_option_or_beside_the_html_report(tmp_path: Path) -> None:
    paths = report_paths(_config(tmp_path, report="out/approval.html"))
    assert paths is not None
    assert [paths[k].relative_to(tmp_path).as_posix() for k in ("html", "json", "markdown")] == [
        "out/approval.html",
        "out/approval.json",
        "out/approval.md",
    ]
    bare = report_paths(_config(tmp_path, report="approval"))
    assert bare is not None and bare["html"].name == "approval.html" and bare["markdown"].name == "approval.md"
    beside = report_paths(_config(tmp_path, html="reports/run.html"))
    assert beside is not None
    assert (beside["html"].name, beside["json"].name, beside["markdown"].name) == (
        "run.approval.html",
        "run.approval.json",
        "run.approval.md",
    )
    assert report_paths(_config(tmp_path)) is None  # neither option: no file


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/app", "GITHUB_RUN_ID": "42"},
            {"system": "GitHub Actions", "url": "https://github.com/acme/app/actions/runs/42", "run_id": "42"},
        ),
        (
            {"GITLAB_CI": "true", "CI_JOB_URL": "https://gitlab.example/j/7", "CI_PIPELINE_ID": "99"},
            {"system": "GitLab CI", "url": "https://gitlab.example/j/7", "run_id": "99"},
        ),
        (
            {"BUILD_URL": "https://jenkins.example/job/m/3/", "BUILD_NUMBER": "3"},
            {"system": "Jenkins", "url": "https://jenkins.example/job/m/3/", "run_id": "3"},
        ),
        ({}, None),
    ],
)
def test_ci_job_from_the_usual_environment_variables(env: dict[str, str], expected: dict[str, str] | None) -> None:
    assert identity.ci_job(env) == expected


def test_git_state_outside_a_repository_is_none(tmp_path: Path) -> None:
    assert identity.git_state(tmp_path) is None


def test_git_state_in_this_repository_names_the_commit() -> None:
    state = identity.git_state(Path(__file__).parent)
    if state is None:
        pytest.skip("the tests do not run from a git checkout (an sdist)")
    assert len(state["commit"]) == 40 and isinstance(state["dirty"], bool)


def test_a_stand_in_engine_is_named_in_a_warning() -> None:
    assert "MariaDB stood in for MySQL" in identity.stand_in_warning("mysql", "MariaDB 10.11.19 (throwaway ...)")
    assert "chdb" in identity.stand_in_warning("clickhouse", "ClickHouse 26.9.2.1 (chdb, embedded)")
    assert identity.stand_in_warning("mysql", "MySQL 8.0.36 (mysql://app:***@db:3306/app)") == ""
    assert identity.stand_in_warning("clickhouse", "ClickHouse 24.8.1 (clickhouse://default@ch:8123/a)") == ""


def test_urls_in_texts_lose_their_passwords() -> None:
    text = identity.redact_text("could not reach mysql://app:s3cret@db:3306/app in time")
    assert "s3cret" not in text and "mysql://app:***@db:3306/app" in text


def test_worker_records_merge_into_the_controllers() -> None:
    one, two = Records(), Records()
    one.durations = {"mysql": {"a:1": 0.5}}
    one.disk = {"mysql": {"t": (1, 2)}}
    one.hypothesis_examples = 10
    one.engines = {"mysql": "MariaDB 10.11 (worker gw0)"}
    one.counts = {"m": {"database": "mysql", "before": {"source_rows": 3}}}
    two.durations = {"mysql": {"a:1": 0.7}, "clickhouse": {"c:1": 0.1}}
    two.rewrites = ["x: removed ON CLUSTER (1x)"]
    two.notes = ["note"]
    two.hypothesis_examples = 15
    two.counts = {"m": {"database": "mysql", "after": {"source_rows": 3, "target_rows": 3}}}
    controller = Records()
    for worker in (one, two):
        workers.merge(controller, workers.to_wire(worker))
    assert controller.durations == {"mysql": {"a:1": 0.7}, "clickhouse": {"c:1": 0.1}}  # the slowest run
    assert controller.disk == {"mysql": {"t": (1, 2)}}
    assert controller.hypothesis_examples == 25
    assert controller.rewrites == ["x: removed ON CLUSTER (1x)"] and controller.notes == ["note"]
    assert set(controller.counts["m"]) == {"database", "before", "after"}
    assert controller.engines == {"mysql": "MariaDB 10.11 (worker gw0)"}


def _report(**kwargs: Any) -> pytest.TestReport:
    base: dict[str, Any] = {"nodeid": "s.toml::rollback.py::test_x[mysql]", "location": ("x", 1, "x"),
                            "keywords": {"migration_suite": 1}, "outcome": "skipped", "longrepr": None,
                            "when": "setup", "duration": 0.25}  # fmt: skip
    base.update(kwargs)
    return pytest.TestReport(**base)


def test_skip_reasons_read_as_sentences_also_from_xdist_workers() -> None:
    reason = "not verified: target 'staging' is read-only"
    for longrepr in (("f.py", 3, f"Skipped: {reason}"), ["f.py", 3, f"Skipped: {reason}"], f"Skipped: {reason}"):
        assert skip_reason(_report(longrepr=longrepr)) == reason
    verdict = Verdict()
    verdict.add(_report(longrepr=("f.py", 3, f"Skipped: {reason}")))
    assert verdict.outcome("s.toml::rollback.py::test_x[mysql]") == "not verified"
    assert verdict.not_verified == {"s.toml::rollback.py::test_x[mysql]": "target 'staging' is read-only"}
    assert verdict.details["s.toml::rollback.py::test_x[mysql]"].seconds == 0.25


def test_markdown_stays_short_enough_for_a_pull_request_comment() -> None:
    failure = {"anchor": "check-1", "check": "parity.py::test_x", "outcome": "failed", "message": "row\n" * 5000}
    doc: dict[str, Any] = {
        "title": "Migration approval: x",
        "verdict": {"word": "NO-GO", "summary": "1 passed, 40 failed", "meaning": "Checks failed."},
        "identity": {"target": "local", "date": "2026-01-01T00:00:00+00:00", "git": None,
                     "engines": [{"database": "mysql", "product": "MariaDB", "warning": "MariaDB stood in."}]},
        "not_verified": [],
        "checklist": [{"section": "S", "items": [{"item": "i", "status": "failed", "evidence": [failure]}]}],
        "human_checklist": [{"section": "H", "items": ["a", "b"]}],
        "failures": [failure] * 40,
    }  # fmt: skip
    text = render_markdown.render(doc, "approval.html")
    assert text.startswith("## ❌ NO-GO")
    assert "First failures (5 of 40)" in text and "approval.html" in text
    assert len(text) < 20000  # GitHub's limit is 65536


def test_urls_inside_parentheses_keep_their_shape() -> None:
    shown = identity.redact_text("MariaDB 10.11 (mysql://migrator:pw@127.0.0.1:3306/app)")
    assert shown == "MariaDB 10.11 (mysql://migrator:***@127.0.0.1:3306/app)"


def test_a_traceback_shrinks_to_its_error_lines() -> None:
    longrepr = "    def test():\n>       assert not x\nE   AssertionError: invariants broken\nE     row 1\n\nx.py:3"
    verdict = Verdict()
    verdict.add(_report(outcome="failed", when="call", longrepr=longrepr))
    assert verdict.details["s.toml::rollback.py::test_x[mysql]"].message == "AssertionError: invariants broken\n  row 1"


def test_every_check_has_a_row_even_one_the_checklist_table_does_not_name() -> None:
    verdict = Verdict()
    for nodeid in ("s.toml::staging.py::test_something_new", "tests/test_app.py::test_mine"):
        verdict.add(_report(nodeid=nodeid, outcome="passed", when="call", longrepr=None))
    evidence = {n: {"check": n, "outcome": verdict.outcome(n)} for n in verdict.nodeids()}
    sections = {s["section"]: s["items"] for s in checklist.rows(verdict, evidence)}
    assert sections[checklist.OTHER_SECTION][0]["evidence"][0]["check"] == "s.toml::staging.py::test_something_new"
    assert sections[checklist.CUSTOM_SECTION][0]["status"] == "passed"
    assert sections["Rollback testing"][0]["status"] == "not run"  # no check ran: not a pass
    preflight = [i for s in sections.values() for i in s if i["item"].startswith("Live target preflight")]
    assert preflight == []  # the live phases' own items only show in runs with --phase


def test_checklist_items_name_what_of_this_migration_they_are_about() -> None:
    """The seed checklist's examples were about datasets; the report of another migration names its own
    mappings, relations and ID rules instead, and the first three of a long list."""
    spec = load_spec(EXAMPLES / "dataset_versioning" / "spec.toml")
    items = {
        i["item"] for s in checklist.rows(Verdict(), {}, spec) for i in s["items"]
    }  # fmt: skip
    assert "Every source row migrated exactly once (datasets -> dataset_versions, datasets -> dataset_version_tags, " \
        "dataset_items -> dataset_item_versions)" in items  # fmt: skip
    assert any(i.startswith("Declared values and relations hold ('latest' tags point at existing versions, ") and
               i.endswith(" more)") for i in items)  # fmt: skip
    assert "Generated IDs follow the declared rules (dataset_versions.id = datasets.id, dataset_versions.dataset_id " \
        "= datasets.id, dataset_version_tags.dataset_id = datasets.id and 5 more)" in items  # fmt: skip
    assert "Rollup tables hold their source's totals per group" in items  # none declared: the words alone
