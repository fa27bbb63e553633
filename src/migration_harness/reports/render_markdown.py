"""The approval report shortened to a pull-request comment: the verdict, the checklist, the first failures and
where the full report is. GitHub cuts comments at 65536 characters; this stays far below."""

from __future__ import annotations

from typing import Any

TOP_FAILURES = 5
MESSAGE_LINES = 12
MESSAGE_CHARS = 1500
ICON = {"passed": "✅", "failed": "❌", "not verified": "⚠️", "not applicable": "⚪", "not run": "⏭️"}
BANNER_ICON = {"GO": "✅", "NO-GO": "❌", "NOT VERIFIED": "⚠️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _message(text: str) -> str:
    lines = text.splitlines()
    short = "\n".join(lines[:MESSAGE_LINES])[:MESSAGE_CHARS]
    more = "\n…" if len(lines) > MESSAGE_LINES or len(short) < len("\n".join(lines[:MESSAGE_LINES])) else ""
    return (short + more).replace("```", "'''")


def render(doc: dict[str, Any], full_report: str = "") -> str:
    v, ident = doc["verdict"], doc["identity"]
    out = [f"## {BANNER_ICON[v['word']]} {v['word']}: {doc['title']}", "", f"**{v['summary']}.** {v['meaning']}", ""]
    facts = [f"target `{ident['target']}`", ident["date"]]
    if ident["git"]:
        dirty = " (uncommitted changes)" if ident["git"]["dirty"] else ""
        facts.append(f"commit `{ident['git']['commit'][:12]}`{dirty}")
    out += [" · ".join(facts), ""]
    for engine in ident["engines"]:
        if engine["warning"]:
            out += [f"> **Warning:** {engine['warning']}", ""]
    for nv in doc["not_verified"]:
        out.append(f"- **Not verified:** {nv['reason']} ({len(nv['checks'])} check(s))")
    if doc["not_verified"]:
        out.append("")
    out += ["| checklist item | status | checks |", "| --- | --- | ---: |"]
    for section in doc["checklist"]:
        out.append(f"| **{_cell(section['section'])}** | | |")
        for item in section["items"]:
            status = f"{ICON[item['status']]} {item['status']}"
            out.append(f"| {_cell(item['item'])} | {status} | {len(item['evidence'])} |")
    human = sum(len(s["items"]) for s in doc["human_checklist"])
    out += ["", f"{human} item(s) are left to people (backups, application testing, monitoring) and the sign-off "
            "(tech lead, DBA, product owner): see the full report."]  # fmt: skip
    failed = [f for f in doc["failures"] if f["outcome"] == "failed"]
    if failed:
        out += ["", f"### First failures ({min(len(failed), TOP_FAILURES)} of {len(failed)})"]
        for f in failed[:TOP_FAILURES]:
            out += ["", f"**`{f['check']}`**", "```", _message(f["message"]), "```"]
    if full_report:
        out += ["", f"Full report: `{full_report}` (HTML, with the evidence, counts, durations and identity)."]
    return "\n".join(out) + "\n"
