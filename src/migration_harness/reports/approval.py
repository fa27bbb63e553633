"""The approval report as one document (plain data): what the HTML, Markdown and JSON forms all show.

Its shape is the JSON schema in ``approval.schema.json`` (``SCHEMA_VERSION``); docs/report.md explains each
part. Built at session end from the verdict (every check's outcome, also from xdist workers) and the records.
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources
from typing import Any

from ..session import HarnessSession
from ..verdict import Verdict, short_id
from . import checklist
from .identity import identity, redact_text

SCHEMA_VERSION = 1

MEANING = {
    "GO": "Every check that applies ran and passed.",
    "NO-GO": "Checks failed: each failure below names the database, table and example rows.",
    "NOT VERIFIED": "Nothing failed, but some checks could not run, so they prove nothing. The reasons are below.",
}


def schema() -> dict[str, Any]:
    """The JSON schema of the document, shipped inside the package."""
    text = resources.files(__package__).joinpath("approval.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


def _checks(verdict: Verdict) -> dict[str, dict[str, Any]]:
    """Every check with its outcome, duration and, for the ones that did not pass, where its details are."""
    out: dict[str, dict[str, Any]] = {}
    for n, nodeid in enumerate(verdict.nodeids(), 1):
        outcome = verdict.outcome(nodeid)
        detail = verdict.details.get(nodeid)
        reason = verdict.not_verified.get(nodeid) or verdict.not_applicable_reasons.get(nodeid, "")
        out[nodeid] = {
            "check": short_id(nodeid),
            "nodeid": nodeid,
            "suite": checklist.check_key(nodeid)[0] or "custom",
            "outcome": outcome,
            "seconds": round(detail.seconds, 3) if detail else 0.0,
            "reason": redact_text(reason),
            "anchor": f"check-{n}" if outcome in ("failed", "not verified") else "",
        }
    return out


def _failures(verdict: Verdict, checks: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The details of what failed, then what could not run, each once, for the links from the checklist."""
    out = []
    for nodeid, check in checks.items():
        if check["outcome"] == "failed":
            detail = verdict.details.get(nodeid)
            message = detail.message if detail else ""
            out.append({"anchor": check["anchor"], "check": check["check"], "outcome": "failed",
                        "message": redact_text(message)})  # fmt: skip
    for check in checks.values():
        if check["outcome"] == "not verified":
            out.append({"anchor": check["anchor"], "check": check["check"], "outcome": "not verified",
                        "message": check["reason"]})  # fmt: skip
    return out


def build(harness: HarnessSession, now: datetime | None = None) -> dict[str, Any]:
    verdict, records = harness.verdict, harness.records
    checks = _checks(verdict)
    word = verdict.word
    return {
        "schema_version": SCHEMA_VERSION,
        "title": f"Migration approval: {harness.spec.name if harness.spec else 'no spec'}",
        "verdict": {
            "word": word,
            "meaning": MEANING[word] + (" The run stopped early." if verdict.stopped else ""),
            "summary": verdict.counts(),
            "counts": {
                "passed": len(verdict.passed),
                "failed": len(verdict.failed),
                "not_verified": len(verdict.not_verified),
                "not_applicable": len(verdict.not_applicable),
            },
            "stopped": verdict.stopped,
        },
        "not_verified": [{"reason": redact_text(reason), "checks": ids} for reason, ids in verdict.reasons().items()],
        "checklist": checklist.rows(verdict, checks, harness.spec),
        "human_checklist": [{"section": s, "items": list(items)} for s, items in checklist.HUMAN],
        "failures": _failures(verdict, checks),
        "counts": [
            {
                "mapping": name,
                "database": e.get("database", ""),
                "source": e.get("source", ""),
                "target": e.get("target", ""),
                "group_by": e.get("group_by", []),
                "before": e.get("before"),
                "after": e.get("after"),
            }
            for name, e in records.counts.items()
        ],
        "durations": [
            {"database": kind, "changeset": ref, "seconds": round(seconds, 4)}
            for kind, refs in records.durations.items()
            for ref, seconds in refs.items()
        ],
        "forecast": {key: records.forecast[key] for key in ("window_minutes", "lines") if key in records.forecast},
        "disk": [
            {"database": kind, "table": table, "before_bytes": before, "after_bytes": after}
            for kind, tables in records.disk.items()
            for table, (before, after) in tables.items()
        ],
        "rewrites": list(records.rewrites),
        "notes": [redact_text(n) for n in records.notes],
        "hypothesis_examples": records.hypothesis_examples,
        "identity": identity(harness, now),
        "checks": list(checks.values()),
        "sign_off": [{"role": role, "name": "", "date": "", "decision": ""} for role in checklist.SIGN_OFF],
    }
