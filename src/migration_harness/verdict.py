"""The run's verdict from the suites' outcomes: GO, NO-GO or NOT VERIFIED.

A skip is not a pass. Checks that could not run (``suites.not_verified``: no throwaway databases on a
read-only target, an empty source, no seed) make the verdict NOT VERIFIED; plain skips say a check does not
apply (nothing declared for it) and do not count. Built from test reports, so under xdist the controller
sees every worker's outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from .suites import NOT_VERIFIED

MARKER = "migration_suite"
NOT_VERIFIED_EXIT = 6  # pytest's own codes end at 5; CI can tell "could not check" from "checked and broken"


def short_id(nodeid: str) -> str:
    """``migrations/spec.toml::rollback.py::test_x[mysql]`` -> ``rollback.py::test_x[mysql]``."""
    return nodeid.split("::", 1)[-1]


def skip_reason(report: pytest.TestReport) -> str:
    """The skip's sentence: pytest keeps (path, line, "Skipped: reason"); a report from an xdist worker may
    bring the same triple back as a list."""
    longrepr = report.longrepr
    if isinstance(longrepr, tuple | list) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "").removeprefix("Skipped: ")


def failure_text(report: pytest.TestReport) -> str:
    """A failure as a reviewer reads it: the error lines of a traceback (the assertion's message, Hypothesis's
    falsifying example), or the whole text when it has none (harness failures are sentences already)."""
    text = report.longreprtext
    errors = [line[1:].removeprefix("   ") for line in text.splitlines() if line.startswith("E ")]
    return "\n".join(errors) if errors else text


MESSAGE_LIMIT = 6000  # characters of a failure kept for the report: the sentences, not a whole log


@dataclass
class Detail:
    """What the approval report shows for one check beside its outcome."""

    seconds: float = 0.0  # setup, call and teardown together
    message: str = ""  # the failure as pytest printed it (harness failures are sentences, no traceback)


@dataclass(eq=False)  # registered as a plugin: pluggy needs it hashable
class Verdict:
    passed: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    not_verified: dict[str, str] = field(default_factory=dict)  # nodeid -> reason
    not_applicable: set[str] = field(default_factory=set)
    stopped: bool = False  # the run ended early (Ctrl-C, a usage error): what did not run proves nothing
    not_applicable_reasons: dict[str, str] = field(default_factory=dict)  # nodeid -> why it does not apply
    details: dict[str, Detail] = field(default_factory=dict)  # nodeid -> duration and failure text

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if MARKER in report.keywords:  # reports carry their item's markers, also from xdist workers
            self.add(report)

    def add(self, report: pytest.TestReport) -> None:
        nodeid = report.nodeid
        detail = self.details.setdefault(nodeid, Detail())
        detail.seconds += report.duration
        if report.failed:
            self.failed.add(nodeid)
            self.passed.discard(nodeid)
            text = failure_text(report)
            if report.when != "call":
                text = f"(in {report.when}) {text}"
            detail.message = (detail.message + "\n" + text).strip()[:MESSAGE_LIMIT]
        elif report.skipped:
            reason = skip_reason(report)
            if reason.startswith(NOT_VERIFIED):
                self.not_verified[nodeid] = reason.removeprefix(NOT_VERIFIED)
            else:
                self.not_applicable.add(nodeid)
                self.not_applicable_reasons[nodeid] = reason
        elif report.when == "call" and nodeid not in self.failed:
            self.passed.add(nodeid)

    def finish(self, exitstatus: int) -> None:
        """At session end: a run that was interrupted or stopped by a usage error proves nothing more."""
        stops = (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR)
        if exitstatus in stops:
            self.stopped = True

    def outcome(self, nodeid: str) -> str:
        """One check's outcome in the report's words."""
        if nodeid in self.failed:
            return "failed"
        if nodeid in self.not_verified:
            return "not verified"
        if nodeid in self.not_applicable:
            return "not applicable"
        return "passed" if nodeid in self.passed else "not run"

    def nodeids(self) -> list[str]:
        """Every check with an outcome, in the order their reports arrived."""
        known = self.passed | self.failed | self.not_applicable | set(self.not_verified)
        return [nodeid for nodeid in self.details if nodeid in known]

    @property
    def ran(self) -> bool:
        return bool(self.passed or self.failed or self.not_verified or self.not_applicable)

    @property
    def word(self) -> str:
        if self.failed:
            return "NO-GO"
        if self.not_verified or not self.passed or self.stopped:
            return "NOT VERIFIED"
        return "GO"

    def counts(self) -> str:
        stopped = ", the run stopped early" if self.stopped else ""
        return (
            f"{len(self.passed)} passed, {len(self.failed)} failed, {len(self.not_verified)} not verified, "
            f"{len(self.not_applicable)} not applicable{stopped}"
        )

    def reasons(self) -> dict[str, list[str]]:
        """Not-verified reasons with the checks each one stopped, the same reason said once."""
        grouped: dict[str, list[str]] = {}
        for nodeid, reason in sorted(self.not_verified.items()):
            grouped.setdefault(reason, []).append(short_id(nodeid))
        return grouped
