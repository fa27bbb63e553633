"""The approval report as one self-contained HTML file: inline CSS, no script, no external asset; it reads
the same with JavaScript off and prints on A4/Letter (the banner and the checklist first)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..disk import human

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0 auto;
       max-width: 1100px; padding: 0 20px 40px; }
h1 { font-size: 20px; margin: 18px 0 6px; } h2 { font-size: 17px; margin: 26px 0 8px; border-bottom: 1px solid #ccd;
     padding-bottom: 3px; } h3 { font-size: 15px; margin: 16px 0 6px; }
.banner { margin: 0 -20px; padding: 18px 20px 14px; color: #fff; }
.banner .word { font-size: 34px; font-weight: 800; letter-spacing: .5px; }
.banner .summary { font-size: 16px; font-weight: 600; } .banner p { margin: 4px 0; }
.go { background: #1a7f37; } .no-go { background: #b42318; } .not-verified { background: #9a6700; }
.warning { border: 2px solid #9a6700; background: #fff8c5; padding: 8px 12px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid #d0d7de; padding: 4px 7px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.section th { background: #e6eaef; font-size: 14px; }
.status { font-weight: 700; white-space: nowrap; }
.s-passed { color: #1a7f37; } .s-failed { color: #b42318; } .s-not-verified { color: #9a6700; }
.s-not-applicable, .s-not-run { color: #57606a; }
ul.evidence { margin: 0; padding-left: 16px; font-size: 12px; } code { font-size: 12px; word-break: break-all; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px;
      font-size: 12px; margin: 4px 0 14px; }
.box { font-size: 18px; line-height: 1; margin-right: 6px; } ul.human { list-style: none; padding-left: 4px; }
.sign td { height: 34px; } .muted { color: #57606a; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  .banner { margin: 0; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status, .warning { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } tr, pre { break-inside: avoid; } .sign { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  #checks { break-before: page; }
}
"""

BANNER_CLASS = {"GO": "go", "NO-GO": "no-go", "NOT VERIFIED": "not-verified"}


def _e(value: object) -> str:
    return escape(str(value))


def _status(status: str) -> str:
    return f'<span class="status s-{status.replace(" ", "-")}">{_e(status.upper())}</span>'


def _check_line(check: dict[str, Any]) -> str:
    name = f"<code>{_e(check['check'])}</code>"
    if check["anchor"]:
        name = f'<a href="#{check["anchor"]}">{name}</a>'
    reason = f" ({_e(check['reason'])})" if check["reason"] and not check["anchor"] else ""
    return f"<li>{name}: {_e(check['outcome'])}{reason}, {check['seconds']:.2f} s</li>"


def banner(doc: dict[str, Any]) -> str:
    v, ident = doc["verdict"], doc["identity"]
    git = ident["git"]
    revision = ""
    if git:
        dirty = " (uncommitted changes)" if git["dirty"] else ""
        revision = f" · commit <code>{_e(git['commit'][:12])}</code> {_e(git['branch'])}{dirty}"
    return (
        f'<header class="banner {BANNER_CLASS[v["word"]]}" id="verdict">'
        f'<div class="word">{_e(v["word"])}</div>'
        f'<p class="summary">{_e(v["summary"])}</p><p>{_e(v["meaning"])}</p>'
        f"<p>{_e(doc['title'])} · target <code>{_e(ident['target'])}</code> · {_e(ident['date'])}{revision}</p>"
        "</header>"
    )


def warnings(doc: dict[str, Any]) -> str:
    lines = [e["warning"] for e in doc["identity"]["engines"] if e["warning"]]
    if doc["identity"]["git"] and doc["identity"]["git"]["dirty"]:
        lines.append("The repository had uncommitted changes: the commit alone does not identify what was tested.")
    return "".join(f'<div class="warning"><strong>Warning:</strong> {_e(line)}</div>' for line in lines)


def not_verified(doc: dict[str, Any]) -> str:
    if not doc["not_verified"]:
        return ""
    items = "".join(
        f"<li>{_e(nv['reason'])}<br><span class='muted'>{_e(', '.join(nv['checks']))}</span></li>"
        for nv in doc["not_verified"]
    )
    return f"<h2>Could not be verified</h2><ul>{items}</ul>"


SEE = {
    "counts": "row counts",
    "durations": "durations",
    "forecast": "forecast",
    "disk": "disk usage",
    "hypothesis": "generated shapes",
}


def checklist(doc: dict[str, Any]) -> str:
    rows = []
    for section in doc["checklist"]:
        rows.append(f'<tr class="section"><th colspan="3">{_e(section["section"])}</th></tr>')
        for item in section["items"]:
            evidence = "".join(_check_line(c) for c in item["evidence"]) or "<li>no check of this item ran</li>"
            see = f' <a href="#{item["see"]}">({SEE[item["see"]]})</a>' if item["see"] else ""
            rows.append(
                f"<tr><td>{_e(item['item'])}{see}</td><td>{_status(item['status'])}</td>"
                f'<td><ul class="evidence">{evidence}</ul></td></tr>'
            )
    return (
        '<h2 id="checklist">Checklist</h2><table class="checklist"><tr><th>Item</th><th>Status</th>'
        "<th>Evidence: the checks behind it</th></tr>" + "".join(rows) + "</table>"
    )


def human_items(doc: dict[str, Any]) -> str:
    parts = ['<h2 id="human">Left to people: tick by hand</h2>']
    for section in doc["human_checklist"]:
        items = "".join(f'<li><span class="box">&#9744;</span>{_e(i)}</li>' for i in section["items"])
        parts.append(f'<h3>{_e(section["section"])}</h3><ul class="human">{items}</ul>')
    return "".join(parts)


def sign_off(doc: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{_e(s['role'])}</td><td></td><td></td><td></td>"
        '<td><span class="box">&#9744;</span>GO <span class="box">&#9744;</span>NO-GO</td></tr>'
        for s in doc["sign_off"]
    )
    return (
        '<h2 id="sign-off">Sign-off</h2><table class="sign"><tr><th>Role</th><th>Name</th><th>Signature</th>'
        f"<th>Date</th><th>Decision</th></tr>{rows}</table>"
    )


def failures(doc: dict[str, Any]) -> str:
    if not doc["failures"]:
        return ""
    parts = ['<h2 id="failures">Failure details</h2>']
    for f in doc["failures"]:
        parts.append(
            f'<h3 id="{_e(f["anchor"])}">{_status(f["outcome"])} <code>{_e(f["check"])}</code></h3>'
            f"<pre>{_e(f['message'] or '(no message)')}</pre>"
        )
    return "".join(parts)


def _num(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def counts(doc: dict[str, Any]) -> str:
    parts = ['<h2 id="counts">Row counts before and after the migration</h2>']
    if not doc["counts"]:
        parts.append("<p class='muted'>No counts were recorded (the migrate and parity suites did not run).</p>")
    for c in doc["counts"]:
        before, after = c["before"] or {}, c["after"] or {}
        parts.append(
            f"<h3>{_e(c['mapping'])} <span class='muted'>({_e(c['database'])}: {_e(c['source'])} -&gt; "
            f"{_e(c['target'])})</span></h3><table><tr><th></th><th>before: {_e(c['source'])}</th>"
            f"<th>after: {_e(c['source'])}</th><th>after: {_e(c['target'])}</th></tr>"
            f"<tr><td>rows</td><td class='num'>{_num(before.get('source_rows'))}</td>"
            f"<td class='num'>{_num(after.get('source_rows'))}</td><td class='num'>{_num(after.get('target_rows'))}"
            "</td></tr>"
        )
        if c["group_by"]:
            parts.append(
                f"<tr><td>groups by {_e(', '.join(c['group_by']))}</td><td class='num'>{_num(before.get('groups'))}"
                f"</td><td class='num'>{_num(after.get('groups_source'))}</td><td class='num'>"
                f"{_num(after.get('groups_target'))}</td></tr>"
            )
            baseline = {t["group"]: t["source"] for t in before.get("top", [])}
            top = after.get("top") or [{"group": g, "source": None, "target": None} for g in baseline]
            for t in top:
                parts.append(
                    f"<tr><td><code>{_e(t['group'])}</code></td><td class='num'>{_num(baseline.get(t['group']))}</td>"
                    f"<td class='num'>{_num(t['source'])}</td><td class='num'>{_num(t['target'])}</td></tr>"
                )
        parts.append("</table>")
        if after.get("groups_differing"):
            differ = after["groups_differing"]
            parts.append(f"<p class='s-failed'>{differ} group(s) differ between source and target.</p>")
        if not c["before"]:
            parts.append("<p class='muted'>No baseline: the databases were already migrated (live target).</p>")
    return "".join(parts)


def durations(doc: dict[str, Any]) -> str:
    if not doc["durations"]:
        return '<h2 id="durations">Changeset durations</h2><p class="muted">No changeset was timed in this run.</p>'
    rows = "".join(
        f"<tr><td>{_e(d['database'])}</td><td><code>{_e(d['changeset'])}</code></td>"
        f"<td class='num'>{d['seconds'] * 1000:.0f} ms</td></tr>"
        for d in doc["durations"]
    )
    total = sum(d["seconds"] for d in doc["durations"])
    return (
        '<h2 id="durations">Changeset durations</h2><p class="muted">On the test data (the slowest measured run), '
        f"not production volume.</p><table><tr><th>Database</th><th>Changeset</th><th>Duration</th></tr>{rows}"
        f"<tr><th colspan='2'>total</th><th class='num'>{total * 1000:.0f} ms</th></tr></table>"
    )


def forecast(doc: dict[str, Any]) -> str:
    lines = doc.get("forecast", {}).get("lines", [])
    if not lines:
        return (
            '<h2 id="forecast">Duration forecast</h2><p class="muted">Not forecast: the spec declares no '
            "<code>[forecast] rows</code> (production's row counts).</p>"
        )
    rows = "".join(
        f"<tr><td>{_e(f['what'])}</td><td class='num'>{f['rows'][0]:,} / {f['rows'][1]:,}</td>"
        f"<td class='num'>{f['seconds'][0]:.2f} s / {f['seconds'][1]:.2f} s</td>"
        f"<td class='num'>{f['production_rows']:,}</td><td class='num'>{_minutes(f['forecast_seconds'])}"
        f"{'' if f['grows'] else ' (flat)'}</td></tr>"
        for f in lines
    )
    total = sum(f["forecast_seconds"] for f in lines if f["database"])
    window = doc["forecast"].get("window_minutes")
    fits = "" if window is None else f" (window: {window:g} min)"
    return (
        '<h2 id="forecast">Duration forecast on production\'s rows</h2><p class="muted">Each changeset timed on two '
        "volumes of generated data and extrapolated along the line through both, in rows of the tables the spec "
        "names: this machine's engines, not production's hardware; it shows what grows with the data. "
        "<em>flat</em>: no growth beyond timing noise (50 ms or a quarter), forecast as measured.</p>"
        "<table><tr><th>Step</th><th>Rows measured</th><th>Seconds measured</th><th>Rows in production</th>"
        f"<th>Forecast</th></tr>{rows}<tr><th colspan='4'>migration total{fits}</th>"
        f"<th class='num'>{_minutes(total)}</th></tr></table>"
    )


def _minutes(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def disk(doc: dict[str, Any]) -> str:
    if not doc["disk"]:
        return '<h2 id="disk">Disk usage</h2><p class="muted">Not measured in this run.</p>'
    rows = "".join(
        f"<tr><td>{_e(d['database'])}</td><td>{_e(d['table'])}</td><td class='num'>{human(d['before_bytes'])}</td>"
        f"<td class='num'>{human(d['after_bytes'])}</td></tr>"
        for d in doc["disk"]
    )
    return (
        '<h2 id="disk">Disk usage of the test data</h2><table><tr><th>Database</th><th>Table</th>'
        f"<th>Before migration</th><th>After migration</th></tr>{rows}</table>"
    )


def extras(doc: dict[str, Any]) -> str:
    shapes = doc["hypothesis_examples"]
    parts = [
        f'<h2 id="hypothesis">Generated data shapes</h2><p>Hypothesis generated and checked {shapes} data '
        "shape(s) through migrate, every invariant and rollback.</p>"
    ]
    if doc["rewrites"]:
        items = "".join(f"<li><code>{_e(r)}</code></li>" for r in doc["rewrites"])
        parts.append(
            "<h2 id='rewrites'>Rewritten statements</h2><p>Changelog statements the throwaway engines ran rewritten "
            "(cluster DDL as its single-node equivalent, MySQL 8 collations as MariaDB's nearest, its JSON operators "
            "as the functions they stand for; checksums of "
            f"the original text kept):</p><ul>{items}</ul>"
        )
    if doc["notes"]:
        parts.append("<h2 id='notes'>Notes</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in doc["notes"]) + "</ul>")
    return "".join(parts)


def identity(doc: dict[str, Any]) -> str:
    ident = doc["identity"]
    spec = ident["spec"]
    rows = [
        ("Spec", f"<code>{_e(spec['path'])}</code><br>sha256 <code>{_e(spec['sha256'])}</code>"),
        ("Target", f"<code>{_e(ident['target'])}</code>"),
    ]
    for e in ident["engines"]:
        warn = f"<br><strong>{_e(e['warning'])}</strong>" if e["warning"] else ""
        rows.append((f"Engine: {e['database']}", f"{_e(e['product'])}{warn}"))
    git = ident["git"]
    rows.append(("Git", "not a git repository" if git is None else
                 f"commit <code>{_e(git['commit'])}</code>, branch {_e(git['branch'] or '(detached)')}, "
                 + ("uncommitted changes" if git["dirty"] else "clean")))  # fmt: skip
    ci = ident["ci"]
    if ci:
        link = f'<a href="{_e(ci["url"])}">{_e(ci["url"])}</a>' if ci["url"] else ""
        rows.append(("CI", f"{_e(ci['system'])} run {_e(ci['run_id'])} {link}"))
    rows += [("Date", _e(ident["date"])), ("Harness", f"pytest-migration-harness {_e(ident['harness_version'])}")]
    table = "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
    logs = []
    for log in ident["changelogs"]:
        files = "".join(f"<li><code>{_e(f['path'])}</code> sha256 <code>{_e(f['sha256'])}</code></li>"
                        for f in log["files"])  # fmt: skip
        sets = "".join(
            f"<tr><td><code>{_e(cs['ref'])}</code></td><td><code>{_e(cs['file'])}:{cs['line']}</code></td>"
            f"<td><code>{_e(cs['checksum'])}</code></td></tr>"
            for cs in log["changesets"]
        )
        logs.append(
            f"<h3>{_e(log['database'])} changelog</h3><ul>{files}</ul><table><tr><th>Changeset under test</th>"
            f"<th>File</th><th>Liquibase checksum</th></tr>{sets}</table>"
        )
    return f'<h2 id="identity">What was tested</h2><table>{table}</table>' + "".join(logs)


def all_checks(doc: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(c['check'])}</code></td><td>{_status(c['outcome'])}</td>"
        f"<td class='num'>{c['seconds']:.2f} s</td><td>{_e(c['reason'])}</td></tr>"
        for c in doc["checks"]
    )
    return (
        '<h2 id="checks">Every check</h2><table><tr><th>Check</th><th>Outcome</th><th>Duration</th>'
        f"<th>Reason it did not run</th></tr>{rows}</table>"
    )


def render(doc: dict[str, Any]) -> str:
    body = "".join(
        [banner(doc), warnings(doc), not_verified(doc), checklist(doc), human_items(doc), sign_off(doc),
         failures(doc), counts(doc), durations(doc), forecast(doc), disk(doc), extras(doc), identity(doc),
         all_checks(doc)]
    )  # fmt: skip
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(doc['verdict']['word'])}: {_e(doc['title'])}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
