"""What exactly was tested, so a signature on the report can be tied to code: spec and changelog hashes, the
changesets' Liquibase checksums, the git revision, the CI job, the engines and the harness version."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from ..config import redact
from ..runs import changeset_ref
from ..session import HarnessSession

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s()<>'\"]+")
# The engines a spec names, and the product that really is that engine: anything else stood in for it.
GENUINE = {"mysql": "MySQL", "clickhouse": "ClickHouse"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def harness_version() -> str:
    try:
        return metadata.version("pytest-migration-harness")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):  # no git on this machine
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def git_state(where: Path) -> dict[str, Any] | None:
    """Commit, branch and whether the working tree differs from it; None outside a repository."""
    commit = _git(where, "rev-parse", "HEAD")
    if commit is None:
        return None
    branch = _git(where, "rev-parse", "--abbrev-ref", "HEAD") or ""
    status = _git(where, "status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "branch": "" if branch == "HEAD" else branch, "dirty": bool(status)}


def ci_job(env: dict[str, str] | os._Environ[str] = os.environ) -> dict[str, str] | None:
    """The CI job that ran the suites, from the variables GitHub Actions, GitLab CI and Jenkins set."""
    if env.get("GITHUB_RUN_ID"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        url = f"{server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{env['GITHUB_RUN_ID']}"
        return {"system": "GitHub Actions", "url": url, "run_id": env["GITHUB_RUN_ID"]}
    if env.get("GITLAB_CI") or env.get("CI_JOB_URL"):
        return {"system": "GitLab CI", "url": env.get("CI_JOB_URL", ""), "run_id": env.get("CI_PIPELINE_ID", "")}
    if env.get("BUILD_URL"):
        return {"system": "Jenkins", "url": env["BUILD_URL"], "run_id": env.get("BUILD_NUMBER", "")}
    if env.get("CI"):
        return {"system": "CI", "url": "", "run_id": ""}
    return None


def stand_in_warning(kind: str, product: str) -> str:
    """A sentence when the engine that ran is not the one production runs, else ''."""
    genuine = GENUINE.get(kind, kind)
    if kind == "mysql" and "mariadb" in product.lower():
        return "MariaDB stood in for MySQL: MySQL-only behaviour (some MySQL 8 DDL, collations) was not exercised."
    if kind == "clickhouse" and "chdb" in product.lower():
        return (
            "chdb (embedded ClickHouse) stood in for a ClickHouse server: server settings, clusters and "
            "replication were not exercised."
        )
    if genuine.lower() not in product.lower() and "not connected" not in product and "not started" not in product:
        return f"{product} stood in for {genuine}."
    return ""


def engines(harness: HarnessSession) -> list[dict[str, str]]:
    """The engines the suites ran on: the workers' under xdist, else this process's started target."""
    described = dict(harness.records.engines)
    if not described and harness.started:
        described = harness.target().describe()
    kinds = list(harness.spec.databases) if harness.spec else list(described)
    return [
        {"database": kind, "product": redact_text(described.get(kind, "not started (no check needed it)")),
         "warning": stand_in_warning(kind, described.get(kind, "not started"))}
        for kind in kinds
    ]  # fmt: skip


def redact_text(text: str) -> str:
    """Passwords in any URL inside ``text`` hidden (describe() already does it; this is a second lock)."""
    return _URL.sub(lambda m: redact(m.group(0)) if "@" in m.group(0) else m.group(0), text)


def changelogs(harness: HarnessSession) -> list[dict[str, Any]]:
    """Each changelog file's sha256, and the changesets under test with their ``9:`` checksums."""
    out = []
    for kind, plan in harness.plans.items():
        files = {plan.log.path.resolve()}
        files |= {cs.physical_path.resolve() for cs in plan.log.changesets if cs.physical_path}
        out.append(
            {
                "database": kind,
                "changelog": str(plan.log.path),
                "files": [{"path": str(p), "sha256": sha256(p)} for p in sorted(files) if p.is_file()],
                "changesets": [
                    {"ref": changeset_ref(cs), "file": cs.filename, "line": cs.line, "checksum": cs.checksum}
                    for cs in plan.migration
                ],
            }
        )
    return out


def identity(harness: HarnessSession, now: datetime | None = None) -> dict[str, Any]:
    spec_path = harness.spec.path if harness.spec else harness.spec_path
    return {
        "spec": {"name": harness.spec.name if harness.spec else "", "path": str(spec_path),
                 "sha256": sha256(spec_path) if spec_path and spec_path.is_file() else ""},
        "changelogs": changelogs(harness),
        "git": git_state(spec_path.parent if spec_path else Path.cwd()),
        "ci": ci_job(),
        "target": harness.target_name,
        "engines": engines(harness),
        "date": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "harness_version": harness_version(),
    }  # fmt: skip
