"""Rewrite cluster changelogs so they run on one ClickHouse node (chdb or a single server).

``ON CLUSTER`` needs a configured cluster and ``Replicated*MergeTree`` needs Keeper; on one node the
plain engines behave the same for a migration test. Only the executed SQL changes: checksums stay
those of the original text, so the bookkeeping matches a real cluster deployment.
"""

from __future__ import annotations

import re

_ON_CLUSTER = re.compile(r"\s+ON\s+CLUSTER\s+(?:'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}|[\w.-]+)", re.I)
_REPLICATED = re.compile(r"\bReplicated(\w*MergeTree)\s*\(", re.I)
_STRING = r"\s*(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*"


def _closing_paren(sql: str, start: int) -> int:
    """Index of the ``)`` matching the ``(`` just before ``start``, skipping quoted text."""
    depth = 1
    i = start
    while i < len(sql):
        ch = sql[i]
        if ch in "'\"":
            i += 1
            while i < len(sql) and sql[i] != ch:
                i += 2 if sql[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def single_node(sql: str) -> tuple[str, list[str]]:
    """The statement for one node and human notes of what changed."""
    notes: list[str] = []
    rewritten, count = _ON_CLUSTER.subn("", sql)
    if count:
        notes.append(f"removed ON CLUSTER ({count}x)")
    out: list[str] = []
    pos = 0
    for match in _REPLICATED.finditer(rewritten):
        if match.start() < pos:
            continue
        end = _closing_paren(rewritten, match.end())
        if end < 0:
            continue
        args = rewritten[match.end() : end]
        # The first two arguments (Keeper path and replica name) go when both are string literals.
        stripped = re.sub(rf"^{_STRING},{_STRING}(?:,|$)", "", args, count=1)
        if stripped == args and not args.strip():
            stripped = ""
        engine = match.group(1)
        out.append(rewritten[pos : match.start()])
        out.append(f"{engine}({stripped.strip()})")
        notes.append(f"Replicated{engine}({args.strip()}) -> {engine}({stripped.strip()})")
        pos = end + 1
    out.append(rewritten[pos:])
    return "".join(out), notes
