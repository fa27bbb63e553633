"""The pytest plugin: options, ini keys, markers, the session header, suite collection and fixtures.

Registered through the ``pytest11`` entry point, so installing the package is all a repository needs.
"""

from __future__ import annotations

import pytest

from . import collection
from .errors import HarnessError
from .session import HarnessSession, get_harness, harness_key
from .suites import SUITES
from .verdict import NOT_VERIFIED_EXIT, is_harness

# Fixtures live in their own module; pytest registers it with this plugin.
pytest_plugins = ["migration_harness.fixtures.runs"]


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
    parser.addini("migration_spec", "migration spec (TOML) whose suites to run", default="")
    parser.addini("migration_target", "default target name (else local)", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "migration_suite(name): a shipped migration-harness suite")
    try:
        config.stash[harness_key] = HarnessSession(config)
    except HarnessError as exc:
        raise pytest.UsageError(f"migration-harness: {exc}") from None
    config.pluginmanager.register(config.stash[harness_key].verdict, "migration_harness.verdict")
    if config.stash[harness_key].spec is not None:
        _load_hypothesis_profile(config)
    if config.pluginmanager.hasplugin("html"):
        from .reports.html import HtmlReport

        config.pluginmanager.register(HtmlReport(config), "migration_harness.reports.html")
        if getattr(config.option, "htmlpath", None):
            config.option.self_contained_html = True  # attached to a ticket: one file, no assets


def _load_hypothesis_profile(config: pytest.Config) -> None:
    """Slow, database-backed examples want few examples and no deadline; a profile the user chose (on the
    command line or loaded in a conftest) wins. Only when suites run: other tests keep their defaults."""
    if config.getoption("hypothesis_profile", default=None):
        return
    from .generators.profiles import use_default_profile

    use_default_profile()


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    harness = get_harness(session.config)
    wanted = harness.spec is not None or session.config.getoption("harness_target") is not None
    if not wanted:
        return
    try:
        harness.target()
    except pytest.skip.Exception:
        pass  # unavailable (no Docker): the suites say "not verified" with the reason
    except HarnessError as exc:
        raise pytest.UsageError(f"migration-harness: target {harness.target_name!r}: {exc}") from None


def pytest_report_header(config: pytest.Config) -> list[str]:
    harness = get_harness(config)
    lines = [f"migration-harness: target {harness.target_name}"]
    if harness.started:
        for kind, product in harness.target().describe().items():
            lines.append(f"  {kind}: {product}")
    if harness.spec is not None:
        spec = harness.spec
        under_test = sum(len(p.migration) for p in harness.plans.values())
        lines.append(f"  migration: {spec.name} ({spec.path}), {under_test} changeset(s) under test")
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if get_harness(config).spec is not None:
        items.extend(collection.collect_suites(session, config.getoption("harness_suites") or SUITES))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    collection.parametrize(metafunc, get_harness(metafunc.config))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A HarnessError (a changeset that failed, a broken seed) is one sentence naming file and line: the
    Python traceback behind it would only bury it."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance(HarnessError) and is_harness(item.nodeid):
        report.longrepr = str(call.excinfo.value)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    harness = get_harness(session.config)
    verdict = harness.verdict
    if verdict.ran and verdict.word == "NOT VERIFIED" and exitstatus == 0 and not harness.allow_unverified:
        session.exitstatus = NOT_VERIFIED_EXIT


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    harness = get_harness(config)
    verdict = harness.verdict
    if exitstatus in (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        verdict.stopped = True
    if verdict.ran:
        terminalreporter.section("migration-harness verdict")
        for reason, nodeids in verdict.reasons().items():
            terminalreporter.write_line(f"NOT VERIFIED: {reason}", yellow=True)
            for nodeid in nodeids:
                terminalreporter.write_line(f"    {nodeid}")
        colour = {"GO": "green", "NO-GO": "red"}.get(verdict.word, "yellow")
        tail = ""
        if verdict.word == "NOT VERIFIED":
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
        terminalreporter.write_line("cluster changelogs ran as single-node equivalents:")
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
