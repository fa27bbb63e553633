"""``load_changelog``: one entry point for a master XML or a formatted SQL changelog."""

from __future__ import annotations

from pathlib import Path

from ..errors import ChangelogError
from .model import ChangeLog
from .properties import Parameters
from .xml_changelog import ChangelogLoader


def load_changelog(
    path: Path | str,
    properties: dict[str, str] | None = None,
    dbms: str | None = None,
    contexts: str | None = None,
    foreign_changes: bool = False,
) -> ChangeLog:
    """Parse ``path`` and everything it includes, in execution order.

    Caller properties are set first: like the CLI's ``-D`` values they win over ``<property>`` elements.
    ``dbms`` names the database the changelog will run on (Liquibase's short name: ``mariadb``, ``mysql``,
    ``clickhouse``); without it every dbms-dependent choice must agree for all of them, or the parse is
    refused. ``contexts`` are the run's ``--contexts``, which context-filtered properties depend on.
    ``foreign_changes``: accept XML change types only Liquibase runs (the spec's runner is Liquibase).
    """
    path = Path(path)
    if not path.is_file():
        raise ChangelogError(path, None, "changelog file not found")
    params = Parameters(contexts=contexts)
    if dbms:
        params.dialect = dbms
    for name, value in (properties or {}).items():
        params.set(name, value)
    loader = ChangelogLoader(path.parent, params, foreign_changes)
    loader.load(path, path.name)
    seen: dict[str, int] = {}
    for cs in loader.changesets:
        if cs.key in seen:
            raise ChangelogError(cs.physical_path or path, cs.line, f"duplicate changeset {cs.key}")
        seen[cs.key] = cs.line
    return ChangeLog(
        path=path,
        changesets=loader.changesets,
        properties=dict(properties or {}),
        dbms=params.dialect,
        contexts=contexts,
        context_properties=params.context_properties,
    )
