"""The approval report as an approver meets it, on real engines: the banner first, the checklist rows with
their evidence and links, the counts, durations and identity; the same verdict in JSON (valid against the
shipped schema), Markdown and JUnit; workers' records under xdist; a screenshot in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import test_plugin

from migration_harness.engines.mysql import MySQLEngine
from migration_harness.reports.approval import schema
from migration_harness.reports.checklist import AUTOMATED, HUMAN, SIGN_OFF
from migration_harness.verdict import NOT_VERIFIED_EXIT

TINY = Path(__file__).parent / "specs" / "tiny"
# The live read-only target of the plugin's tests, reused: fixtures are found by their names in this module.
SECRET, mysql_only, run = test_plugin.SECRET, test_plugin.mysql_only, test_plugin.run
tiny, staging = test_plugin.tiny, test_plugin.staging
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def harness_run(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The tiny spec's suites in a fresh process (chdb allows one embedded session per process)."""
    if not (workdir / "tiny").exists():
        shutil.copytree(TINY, workdir / "tiny")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(workdir),
         "--migration", str(workdir / "tiny" / "spec.toml"), *args],
        cwd=workdir, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


class Page(HTMLParser):
    """What a browser without JavaScript shows: elements in order, ids, links, text per element."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []  # inside <body>, in document order
        self.in_body = False
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.in_body = True
        elif self.in_body:
            self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])

    def handle_data(self, data: str) -> None:
        if self.in_body and data.strip():
            self.text.append(data.strip())


def check_html(path: Path, word: str) -> Page:
    text = path.read_text(encoding="utf-8")
    page = Page(text)
    first_tag, first_attrs = page.tags[0]
    assert first_tag == "header" and "banner" in first_attrs["class"], page.tags[:3]  # the verdict first
    assert page.text[0] == word
    lowered = text.lower()
    assert "<script" not in lowered and "<link" not in lowered and " src=" not in lowered  # self-contained
    assert "@media print" in text
    for section, _ in AUTOMATED:
        assert section in page.text
    for section, items in HUMAN:
        assert section in page.text and items[0] in page.text
    assert text.count("&#9744;") >= sum(len(items) for _, items in HUMAN)  # an empty box per human item
    for role in SIGN_OFF:
        assert role in page.text
    assert set(page.links) <= page.ids, set(page.links) - page.ids  # every link lands in the document
    assert "('" not in text and "Skipped: " not in text  # skip reasons as sentences, not Python tuples
    return page


def check_json(path: Path, word: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema())
    assert doc["verdict"]["word"] == word
    return doc


def junit_properties(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {p.get("name", ""): p.get("value", "") for p in root.iter("property")}


def screenshot(html: Path, png: Path, height: int = 1600) -> None:
    """Render without JavaScript in headless Chromium; the PNG must exist and show something."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium): no screenshot")
    subprocess.run(
        [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox",
         f"--screenshot={png}", f"--window-size=1200,{height}", html.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000  # a blank page compresses to a few KB


@pytest.fixture(scope="module")
def go_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    workdir = tmp_path_factory.mktemp("go")
    args = ["--html", str(workdir / "report.html"), "--junitxml", str(workdir / "junit.xml")]
    return workdir, harness_run(workdir, *args)


def test_correct_migration_gives_a_go_report_beside_the_html_report(
    go_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    workdir, done = go_run
    assert done.returncode == 0, done.stdout + done.stderr
    check_html(workdir / "report.approval.html", "GO")
    doc = check_json(workdir / "report.approval.json", "GO")
    assert doc["verdict"]["counts"]["failed"] == 0 and doc["verdict"]["counts"]["passed"] >= 35
    statuses = {item["status"] for section in doc["checklist"] for item in section["items"]}
    assert statuses <= {"passed", "not applicable"}
    # Baseline and after-migration counts, per mapping and group, measured in the engines.
    counts = {c["mapping"]: c for c in doc["counts"]}
    users = counts["users -> profiles"]
    assert users["before"]["source_rows"] == users["after"]["source_rows"] == users["after"]["target_rows"] > 0
    assert users["after"]["groups_differing"] == 0 and users["after"]["top"][0]["source"] > 0
    assert {d["database"] for d in doc["durations"]} == {"mysql", "clickhouse"}
    assert doc["disk"] and doc["hypothesis_examples"] > 0
    ident = doc["identity"]
    assert ident["spec"]["sha256"] and ident["target"] == "local" and ident["harness_version"]
    changesets = [cs for log in ident["changelogs"] for cs in log["changesets"]]
    assert {cs["ref"] for cs in changesets} == {"tiny:mig-1", "tiny:mig-2", "tiny:ch-mig-1", "tiny:ch-mig-2"}
    assert all(cs["checksum"].startswith("9:") for cs in changesets)
    warnings = " ".join(e["warning"] for e in ident["engines"])
    assert "MariaDB stood in for MySQL" in warnings and "chdb" in warnings
    markdown = (workdir / "report.approval.md").read_text(encoding="utf-8")
    assert markdown.startswith("## ✅ GO") and "| checklist item | status | checks |" in markdown
    assert "report.approval.html" in markdown
    pytest_html = (workdir / "report.html").read_text()
    assert "report.approval.html" in pytest_html  # pytest-html's report links to it
    assert "Skipped: " not in pytest_html  # and shows skip reasons as sentences, not (path, line, text) tuples
    props = junit_properties(workdir / "junit.xml")
    assert props["migration_verdict"] == doc["verdict"]["word"] == "GO"  # JUnit and the report agree
    assert "MariaDB" in props["migration_engine_mysql"] and "chdb" in props["migration_engine_clickhouse"]
    assert float(props["migration_duration_mysql_tiny:mig-1"]) >= 0


def test_report_renders_in_headless_chromium(
    go_run: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    workdir, _ = go_run
    screenshot(workdir / "report.approval.html", tmp_path / "go.png")


def test_failing_migration_gives_a_no_go_report_linking_to_the_failure(tmp_path: Path) -> None:
    (tmp_path / "tiny").mkdir()
    shutil.copytree(TINY, tmp_path / "tiny", dirs_exist_ok=True)
    sql = tmp_path / "tiny" / "mysql.sql"
    sql.write_text(sql.read_text().replace("--rollback DROP TABLE profiles;", "--rollback SELECT 1;"))
    report = tmp_path / "out" / "approval.html"
    done = harness_run(tmp_path, "--suite", "static", "--suite", "rollback", "--migration-report", str(report),
                       "--junitxml", str(tmp_path / "junit.xml"))  # fmt: skip
    assert done.returncode == pytest.ExitCode.TESTS_FAILED, done.stdout + done.stderr
    page = check_html(report, "NO-GO")
    doc = check_json(report.with_suffix(".json"), "NO-GO")
    failed = [f for f in doc["failures"] if f["outcome"] == "failed"]
    assert failed and "table profiles is left behind" in failed[0]["message"]
    assert failed[0]["anchor"] in page.ids and failed[0]["anchor"] in page.links  # the checklist links to it
    rollback = next(s for s in doc["checklist"] if s["section"] == "Rollback testing")
    assert rollback["items"][0]["status"] == "failed"
    parity = next(s for s in doc["checklist"] if s["section"] == "Post-migration validation")
    assert {i["status"] for i in parity["items"]} == {"not run"}  # not selected: not shown as passed
    assert "table profiles is left behind" in report.with_suffix(".md").read_text(encoding="utf-8")
    assert junit_properties(tmp_path / "junit.xml")["migration_verdict"] == "NO-GO"
    screenshot(report, tmp_path / "no-go.png")


def test_read_only_live_target_gives_a_not_verified_report_without_the_password(
    pytester: pytest.Pytester, tiny: Path, staging: MySQLEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGING_PW", SECRET)
    report = pytester.path / "staging.html"
    result = run(pytester, "--migration", str(mysql_only(tiny)), "--target", "staging", "--migration-report",
                 str(report))  # fmt: skip
    assert result.ret == NOT_VERIFIED_EXIT, result.stdout.str()
    page = check_html(report, "NOT VERIFIED")
    doc = check_json(report.with_suffix(".json"), "NOT VERIFIED")
    assert any("read-only" in nv["reason"] for nv in doc["not_verified"])
    unverified = [c for c in doc["checks"] if c["outcome"] == "not verified"]
    assert unverified and all(c["anchor"] in page.ids for c in unverified)
    counts = doc["counts"][0]
    assert counts["before"] is None and counts["after"]["target_rows"] == 3  # a live target: no baseline
    for path in (report, report.with_suffix(".json"), report.with_suffix(".md")):
        assert SECRET not in path.read_text(encoding="utf-8")
    assert "***" in doc["identity"]["engines"][0]["product"]


def test_xdist_workers_records_reach_the_controller_which_starts_no_server(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "import json, pathlib\n"
        "def pytest_sessionfinish(session):\n"
        "    if not hasattr(session.config, 'workerinput'):\n"
        "        from migration_harness.session import get_harness\n"
        "        h = get_harness(session.config)\n"
        "        state = {'selected': h.selected, 'started': h.started}\n"
        "        pathlib.Path('controller.json').write_text(json.dumps(state))\n"
    )
    report = tmp_path / "approval.html"
    done = harness_run(tmp_path, "-n", "2", "--migration-report", str(report), "--junitxml", str(tmp_path / "j.xml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "controller.json").read_text()) == {"selected": False, "started": False}
    doc = check_json(report.with_suffix(".json"), "GO")
    assert {d["database"] for d in doc["durations"]} == {"mysql", "clickhouse"}
    assert doc["disk"] and doc["hypothesis_examples"] > 0 and doc["counts"]
    engines = {e["database"]: e["product"] for e in doc["identity"]["engines"]}
    assert "MariaDB" in engines["mysql"] and "chdb" in engines["clickhouse"]  # the workers' engines
    assert "mysql tiny:mig-1:" in done.stdout  # the terminal summary has the workers' durations too
    assert junit_properties(tmp_path / "j.xml")["migration_verdict"] == "GO"
