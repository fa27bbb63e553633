"""pytest-html hooks: a self-contained report a tech lead can read before approving the migration.

It names the target and the exact engines that stood in, the changesets under test with their
durations, single-node rewrites, irreversible declarations and the number of Hypothesis examples.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest

from ..disk import human
from ..session import get_harness
from ..suites import CHECKLIST
from ..verdict import MARKER, short_id, skip_reason
from .gate import report_paths


class HtmlReport:
    def __init__(self, config: pytest.Config) -> None:
        self.harness = get_harness(config)
        self.config = config

    # Every hook leaves a team's report alone unless the harness collected suites in this run.

    def pytest_html_report_title(self, report: object) -> None:
        if self.harness.spec is None:
            return
        name = self.harness.spec.name
        report.title = f"Migration checklist: {name} on target {self.harness.target_name}"  # type: ignore[attr-defined]

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from pytest_metadata.plugin import metadata_key

        if self.harness.spec is None:
            return
        metadata = self.config.stash[metadata_key]
        metadata["Target"] = self.harness.target_name
        for kind, product in self._engines().items():
            metadata[f"{kind} engine"] = product
        metadata["Migration spec"] = str(self.harness.spec.path)

    def _engines(self) -> dict[str, str]:
        # Under xdist the workers ran the suites: their engines, handed over in the records.
        if self.harness.records.engines:
            return self.harness.records.engines
        return self.harness.target().describe() if self.harness.started else {}

    # The header is written before collection: decide by whether the spec will be collected at all.
    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        if self.harness.collects_spec:
            cells.insert(1, "<th>Checklist</th>")

    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        if not self.harness.collects_spec:
            return
        suite = short_id(report.nodeid).split(".py::", 1)[0]
        cells.insert(1, f"<td>{escape(CHECKLIST.get(suite, ''))}</td>")

    def pytest_html_results_table_html(self, report: pytest.TestReport, data: list[str]) -> None:
        """A skip's log is pytest's (path, line, "Skipped: reason") tuple: show the reason, a sentence."""
        if not report.skipped or MARKER not in report.keywords:
            return
        sentence = escape(skip_reason(report)) + "\n"
        data[:] = [sentence if "Skipped: " in entry else entry for entry in data]

    def pytest_html_results_summary(self, prefix: list[str], summary: list[str], postfix: list[str]) -> None:
        if not self.harness.verdict.ran:
            return
        records = self.harness.records
        verdict = self.harness.verdict
        meaning = {
            "GO": "every check that applies ran and passed.",
            "NO-GO": "checks failed; each failure below names the database, table and example rows.",
            "NOT VERIFIED": "nothing failed, but the checks listed here could not run, so they prove nothing.",
        }[verdict.word]
        prefix.append(f"<p><strong>Verdict: {verdict.word}</strong> ({escape(verdict.counts())}): {meaning}</p>")
        approval = report_paths(self.config)
        if approval is not None:
            link = os.path.relpath(approval["html"], Path(self.config.option.htmlpath).resolve().parent)
            prefix.append(
                f'<p>Approval report (checklist, evidence, counts, sign-off): <a href="{escape(link)}">'
                f"{escape(approval['html'].name)}</a></p>"
            )
        if verdict.not_verified:
            prefix.append(
                "<p>Not verified:</p><ul>"
                + "".join(
                    f"<li>{escape(reason)}<br><small>{escape(', '.join(nodeids))}</small></li>"
                    for reason, nodeids in verdict.reasons().items()
                )
                + "</ul>"
            )
        engines = "".join(f"<li>{escape(k)}: {escape(v)}</li>" for k, v in self._engines().items())
        if engines:
            prefix.append(f"<p>Target <code>{escape(self.harness.target_name)}</code>:</p><ul>{engines}</ul>")
        if records.durations:
            items = "".join(
                f"<li>{escape(kind)} <code>{escape(ref)}</code>: {seconds * 1000:.0f} ms</li>"
                for kind, durations in records.durations.items()
                for ref, seconds in durations.items()
            )
            prefix.append(f"<p>Changesets under test (duration of the last measured run):</p><ul>{items}</ul>")
        if records.disk:
            rows = "".join(
                f"<li>{escape(kind)} {escape(table)}: {human(before)} -> {human(after)}</li>"
                for kind, tables in records.disk.items()
                for table, (before, after) in tables.items()
            )
            prefix.append(f"<p>Disk usage of the migrated test data (before -> after migration):</p><ul>{rows}</ul>")
        if records.rewrites:
            prefix.append(
                "<p>Changelog statements ran rewritten for the throwaway engines (cluster DDL as its single-node "
                "equivalent, MySQL 8 collations as MariaDB's nearest, its JSON operators as the functions they "
                "stand for; checksums of the original text kept):</p>" + _list(records.rewrites)
            )
        notes = list(records.notes)
        if records.hypothesis_examples:
            notes.append(f"Hypothesis generated and checked {records.hypothesis_examples} data shapes.")
        if notes:
            prefix.append(_list(notes))


def _list(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
