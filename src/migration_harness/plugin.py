"""The pytest plugin: options, ini keys, markers, suite collection, the verdict and the summary.

Registered through the ``pytest11`` entry point, so installing the package is all a repository needs. It
stays out of a team's own runs: no server starts, no secret is expanded and no report changes unless a
spec's suites are collected and selected to run.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from . import collection, progress
from .engines.lost import lost_connection
from .errors import HarnessError
from .session import HarnessSession, get_harness, harness_key
from .suites import SUITES
from .verdict import NOT_VERIFIED_EXIT

# Fixtures live in their own module; pytest registers it with this plugin.
pytest_plugins = [
    "migration_harness.fixtures.runs",
    "migration_harness.fixtures.forecast",
    "migration_harness.fixtures.phases",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("migration-harness", "database migration checklist suites")
    group.addoption("--target", dest="harness_target", metavar="NAME", default=None,
                    help="where the databases come from: local (default: throwaway MariaDB/MySQL + chdb), "
                         "containers (testcontainers), or a target configured in migration-harness.toml")  # fmt: skip
    group.addoption("--migration", dest="harness_migration", metavar="PATH", default=None,
                    help="migration spec (TOML) whose suites to run; also ini migration_spec or "
                         "[tool.migration-harness] migration")  # fmt: skip
    group.addoption("--allow-destructive", dest="allow_destructive", action="store_true", default=False,
                    help="let suites write to a live target configured with destructive = true")  # fmt: skip
    group.addoption("--allow-unverified", dest="allow_unverified", action="store_true", default=False,
                    help="exit 0 even when checks could not run (e.g. a read-only target); they are still "
                         "listed as NOT VERIFIED")  # fmt: skip
    group.addoption("--suite", dest="harness_suites", metavar="NAME", action="append", default=None,
                    choices=list(SUITES), help=f"run only these suites (repeatable): {', '.join(SUITES)}")  # fmt: skip
    group.addoption("--sample", dest="harness_sample", metavar="N", type=int, default=None,
                    help="integrity checks look at about N rows per mapping (for huge live tables)")  # fmt: skip
    group.addoption("--harness-config", dest="harness_config", metavar="PATH", default=None,
                    help="targets and settings file (default: migration-harness.toml or pyproject.toml "
                         "[tool.migration-harness] in the rootdir, else in the current directory)")  # fmt: skip
    group.addoption("--migration-report", dest="harness_report", metavar="PATH", default=None,
                    help="write the approval report: PATH (.html) and the same with .json and .md; also written "
                         "beside --html as NAME.approval.html/.json/.md")  # fmt: skip
    group.addoption("--phase", dest="harness_phase", metavar="PHASE", default=None, choices=["staging", "pre", "post"],
                    help="on a live target: staging (migrate the live databases in place, validate, roll back, "
                         "re-apply), pre (preflight + baseline file, read-only), post (validate against --baseline, "
                         "read-only)")  # fmt: skip
    group.addoption("--baseline", dest="harness_baseline", metavar="FILE", default=None,
                    help="baseline file: written by --phase pre/staging (default migration-baseline-TARGET.json), "
                         "read by --phase post")  # fmt: skip
    group.addoption("--real-data", dest="harness_real_data", action="store_true", default=False,
                    help="throwaway runs on a writable live target start from a copy of its live databases "
                         "(in mh_* scratch databases on the same server) instead of generated data")  # fmt: skip
    group.addoption("--no-rollback-test", dest="harness_no_rollback_test", action="store_true", default=False,
                    help="--phase staging: leave the databases migrated without the rollback and re-apply")  # fmt: skip
    parser.addini("migration_spec", "migration spec (TOML) whose suites to run", default="")
    parser.addini("migration_target", "default target name (else local)", default="")
    parser.addini("migration_progress_seconds", "show harness steps slower than this in the terminal (default 3)",
                  default="")  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{collection.MARKER}(name): a shipped migration-harness suite")
    try:
        harness = HarnessSession(config)
        if harness.explicit_spec:
            harness.load_spec()  # asked for on the command line: a bad spec is a usage error at once
    except HarnessError as exc:
        raise pytest.UsageError(f"migration-harness: {exc}") from None
    config.stash[harness_key] = harness
    progress.attach(config, progress.threshold_setting(config.getini("migration_progress_seconds")))
    config.pluginmanager.register(harness.verdict, "migration_harness.verdict")
    harness.collects_spec = harness.spec_in_args()
    # Collect the spec with the rest: --migration always, an ini spec unless the run names other paths.
    named_elsewhere = config.args_source == pytest.Config.ArgsSource.ARGS and not harness.explicit_spec
    if harness.spec_path is not None and not harness.collects_spec and not named_elsewhere:
        config.args.append(str(harness.spec_path))
        harness.collects_spec = True
    from .reports.gate import ApprovalReport  # the approval report, JUnit properties, xdist workers' records

    config.pluginmanager.register(ApprovalReport(config), "migration_harness.reports.gate")
    if config.pluginmanager.hasplugin("html"):
        from .reports.html import HtmlReport

        config.pluginmanager.register(HtmlReport(config), "migration_harness.reports.html")
        if getattr(config.option, "htmlpath", None) and harness.collects_spec:
            config.option.self_contained_html = True  # attached to a ticket: one file, no assets


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    harness = get_harness(parent.config)
    if harness.spec_path is not None and file_path.resolve() == harness.spec_path:
        return collection.MigrationSpecFile.from_parent(parent, path=file_path)
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    collection.parametrize(metafunc, get_harness(metafunc.config))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the target once harness items are selected to run (after -k/-m/deselection), so an unreachable
    target is one usage error, not an error per test; never for --collect-only."""
    harness = get_harness(session.config)
    option = session.config.option
    listing = (
        option.collectonly or getattr(option, "showfixtures", False) or getattr(option, "show_fixtures_per_test", False)
    )  # collected to be listed, not run
    harness.selected = not listing and any(collection.is_harness_item(item) for item in session.items)
    if not harness.selected:
        return
    try:
        harness.target()
    except pytest.skip.Exception:
        pass  # unavailable (no Docker): each check says "not verified" with the reason
    except HarnessError as exc:
        about = f"target {harness.target_name!r}"
        message = str(exc) if str(exc).startswith(about) else f"{about}: {exc}"
        raise pytest.UsageError(f"migration-harness: {message}") from None
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and harness.spec is not None:
        spec = harness.spec
        reporter.write_line(f"migration-harness: {spec.name} ({spec.path}) on target {harness.target_name}")
        if harness.started:
            for kind, product in harness.target().describe().items():
                reporter.write_line(f"  {kind}: {product}")
            if harness.settings.source is not None:
                reporter.write_line(f"  settings: {harness.settings.source}")
            for note in harness.target().notes:
                reporter.write_line(f"  {note}", yellow=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A slow check shows in the terminal while the run goes on (progress.py)."""
    if not collection.is_harness_item(item):
        return (yield)
    with progress.step(f"check {item.name}"):
        return (yield)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """A HarnessError (a changeset that failed, a broken seed) is one sentence naming file and line, a suite's
    assertion its own message, Hypothesis's distinct failures a numbered list of those: the Python traceback
    behind them would only bury them."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if call.excinfo is None or not collection.is_harness_item(item):
        return
    if told := told_failure(item, call.excinfo.value):
        report.longrepr = told


def told_failure(item: pytest.Item, error: BaseException) -> str | None:
    """The failure as sentences, without the Python traceback behind it; None where that traceback is what
    helps (an error of the harness itself)."""
    if isinstance(error, BaseExceptionGroup):  # Hypothesis found distinct failures: each as it would stand alone
        told = [told_failure(item, e) for e in error.exceptions]
        if not all(told):
            return None
        heads = [f"{i}. {text}" for i, text in enumerate(told, start=1)]
        return "\n\n".join([f"Hypothesis found {len(told)} distinct failures:", *heads])
    # Notes stay: Hypothesis puts the falsifying example (the shape that broke the changeset) there.
    notes = "".join(f"\n{note}" for note in getattr(error, "__notes__", []))
    if isinstance(error, HarnessError):
        return str(error) + notes
    if lost := lost_connection(error):
        harness = get_harness(item.config)
        why = harness.lost_server_note()
        return f"could not finish: {lost}. Target {harness.target_name!r}.{why and ' ' + why}{notes}"
    if isinstance(error, AssertionError):  # the suite's own message, without pytest's restatement of it
        return str(error).split("\nassert ", 1)[0] + notes
    return None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    harness = get_harness(session.config)
    verdict = harness.verdict
    if verdict.ran and verdict.word == "NOT VERIFIED" and exitstatus == 0 and not harness.allow_unverified:
        session.exitstatus = NOT_VERIFIED_EXIT


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    harness = get_harness(config)
    verdict = harness.verdict
    if not verdict.ran:
        return
    if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        verdict.stopped = True
    terminalreporter.section("migration-harness verdict")
    for reason, nodeids in verdict.reasons().items():
        terminalreporter.write_line(f"NOT VERIFIED: {reason}", yellow=True)
        for nodeid in nodeids:
            terminalreporter.write_line(f"    {nodeid}")
    colour = {"GO": "green", "NO-GO": "red"}.get(verdict.word, "yellow")
    tail = ""
    if verdict.word == "NOT VERIFIED" and verdict.stopped:
        tail = f" (exit {int(exitstatus)})"  # what stopped it decides the exit: a usage error is 4
    elif verdict.word == "NOT VERIFIED":
        tail = " (exit 0: --allow-unverified)" if harness.allow_unverified else f" (exit {NOT_VERIFIED_EXIT})"
    terminalreporter.write_line(f"{verdict.word}: {verdict.counts()}{tail}", bold=True, **{colour: True})
    records = harness.records
    if not (records.durations or records.notes or records.rewrites):
        return
    terminalreporter.section("migration-harness")
    for kind, durations in records.durations.items():
        for ref, seconds in durations.items():
            terminalreporter.write_line(f"{kind} {ref}: {seconds * 1000:.0f} ms")
    if records.rewrites:
        terminalreporter.write_line(
            "changelog statements rewritten for the throwaway engines (single-node cluster DDL, MySQL 8 collations "
            "and JSON operators):"
        )
    for line in records.rewrites:
        terminalreporter.write_line(f"  {line}")
    for line in records.notes:
        terminalreporter.write_line(line)
    if records.hypothesis_examples:
        terminalreporter.write_line(f"hypothesis examples run: {records.hypothesis_examples}")


def pytest_unconfigure(config: pytest.Config) -> None:
    harness: HarnessSession | None = config.stash.get(harness_key, None)
    if harness is not None:
        harness.stop()
