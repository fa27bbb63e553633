"""The verdict, engines and changeset durations as JUnit ``<properties>``, for CI systems that read JUnit only.

They come from the approval report's document, so the two never disagree on the verdict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _pytest.junitxml import xml_key


def properties(document: dict[str, Any], report: Path | None = None) -> list[tuple[str, str]]:
    v, ident = document["verdict"], document["identity"]
    props = [
        ("migration_verdict", v["word"]),
        ("migration_verdict_counts", v["summary"]),
        ("migration_spec", ident["spec"]["path"]),
        ("migration_target", ident["target"]),
    ]
    props += [(f"migration_engine_{e['database']}", e["product"]) for e in ident["engines"]]
    props += [
        (f"migration_duration_{d['database']}_{d['changeset']}", f"{d['seconds']:.4f}") for d in document["durations"]
    ]
    if report is not None:
        props.append(("migration_report", str(report)))
    return props


def add_properties(config: pytest.Config, document: dict[str, Any], report: Path | None = None) -> None:
    """Add the properties when ``--junitxml`` is given (the controller's LogXML; workers have none)."""
    xml = config.stash.get(xml_key, None)
    if xml is None:
        return
    for name, value in properties(document, report):
        xml.add_global_property(name, value)
