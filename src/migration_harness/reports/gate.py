"""The hooks behind the approval report: workers hand their records to the controller, and at session end the
report is written (HTML, JSON, Markdown) and the verdict goes into JUnit's properties, from the same data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ..session import get_harness
from . import approval, junit, render_html, render_markdown, workers


def report_paths(config: pytest.Config) -> dict[str, Path] | None:
    """Where the report goes: ``--migration-report PATH`` (``x.html`` -> ``x.html``, ``x.json``, ``x.md``), else
    beside ``--html report.html`` as ``report.approval.html``/``.json``/``.md``; None when neither is given."""
    explicit = config.getoption("harness_report", None)
    html_option = getattr(config.option, "htmlpath", None)
    if explicit:
        html = Path(explicit)
        if html.suffix.lower() not in (".html", ".htm"):
            html = html.with_name(html.name + ".html")
    elif html_option:
        beside = Path(html_option)
        html = beside.with_name(f"{beside.name.removesuffix(beside.suffix)}.approval.html")
    else:
        return None
    html = config.invocation_params.dir / html
    stem = html.name.removesuffix(html.suffix)
    return {"html": html, "json": html.with_name(stem + ".json"), "markdown": html.with_name(stem + ".md")}


class ApprovalReport:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.harness = get_harness(config)
        self.paths = report_paths(config)
        self.written: dict[str, Path] = {}
        self.document: dict[str, Any] | None = None

    @property
    def is_worker(self) -> bool:
        return hasattr(self.config, "workerinput")

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """Controller: a worker finished; its records join ours (a crashed worker may bring none)."""
        wire = getattr(node, "workeroutput", {}).get(workers.WIRE_KEY)
        if wire:
            workers.merge(self.harness.records, wire)

    @pytest.hookimpl(tryfirst=True)  # before junitxml writes its file and pytest-html its report
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        harness = self.harness
        if harness.started and not harness.records.engines:
            harness.records.engines = dict(harness.target().describe())
        if self.is_worker:
            self.config.workeroutput[workers.WIRE_KEY] = workers.to_wire(harness.records)  # type: ignore[attr-defined]
            return
        harness.verdict.finish(exitstatus)
        if not harness.verdict.ran:
            return
        self.document = approval.build(harness)
        junit.add_properties(self.config, self.document, self.paths["html"] if self.paths else None)
        if self.paths is not None:
            self.write(self.document, self.paths)

    def write(self, document: dict[str, Any], paths: dict[str, Path]) -> None:
        paths["html"].parent.mkdir(parents=True, exist_ok=True)
        paths["html"].write_text(render_html.render(document), encoding="utf-8")
        paths["json"].write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        markdown = render_markdown.render(document, paths["html"].name)
        paths["markdown"].write_text(markdown, encoding="utf-8")
        self.written = paths

    @pytest.hookimpl(trylast=True)  # after the verdict
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.written:
            terminalreporter.write_line(f"migration-harness approval report: {self.written['html']} (+ .json, .md)")
