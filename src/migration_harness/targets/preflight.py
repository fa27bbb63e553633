"""Checks on a started target before any suite runs, so a wrong server is one error and not one per test.

Each raises one :class:`HarnessError` naming the target and everything that is missing: a server the spec
needs but the target lacks, a server older than the SQL the harness sends, a live user that cannot read a
table the spec names.
"""

from __future__ import annotations

import re

from ..engines import Engine
from ..errors import HarnessError
from ..spec import MigrationSpec
from .base import Target
from .live import LiveTarget

# The oldest servers whose SQL the harness's checks use (JSON_OBJECT, SET SESSION TRANSACTION READ ONLY,
# ALTER TABLE ... MODIFY SETTING, DROP DATABASE ... SYNC, optimize_on_insert).
MINIMUM = {"MySQL": (5, 7, 8), "MariaDB": (10, 2, 3), "ClickHouse": (22, 3)}
# MySQL: SELECT/table access denied (1142), database access denied (1044); ClickHouse: ACCESS_DENIED (497).
_DENIED = re.compile(r"^\((1142|1044|1227),|Code: 497\.|ACCESS_DENIED")


def check(target: Target, spec: MigrationSpec) -> None:
    if not isinstance(target, LiveTarget):
        return  # throwaway targets are started by the harness on servers it chose
    _declared_servers(target, spec)
    for kind in spec.databases:
        engine = target.live(kind)
        _version(target, kind, engine)
        _read_privileges(target, kind, engine, _tables(spec, kind))


def _declared_servers(target: LiveTarget, spec: MigrationSpec) -> None:
    missing = [kind for kind in spec.databases if not target.has(kind)]
    if missing:
        keys = " and ".join(target.config.where(kind) for kind in missing)
        raise HarnessError(
            f"target {target.name!r} has no {' and no '.join(missing)} URL, but the spec {spec.path.name} declares "
            f"[databases.{missing[0]}]: set {keys}"
        )


def version_tuple(product: str) -> tuple[str, tuple[int, ...]]:
    """``MariaDB 10.11.19`` -> (``MariaDB``, (10, 11, 19))."""
    name, _, number = product.partition(" ")
    parts = tuple(int(p) for p in re.findall(r"\d+", number)[:3])
    return name, parts


def too_old(product: str) -> str | None:
    name, found = version_tuple(product)
    minimum = MINIMUM.get(name)
    if minimum is None or not found or found >= minimum:
        return None
    return f"{product} is older than the oldest {name} the harness supports, {'.'.join(map(str, minimum))}"


def _version(target: LiveTarget, kind: str, engine: Engine) -> None:
    reason = too_old(engine.product)
    if reason:
        raise HarnessError(f"target {target.name!r} {kind}: {reason}; upgrade the server or use another target")


def _tables(spec: MigrationSpec, kind: str) -> list[str]:
    names = [t for m in spec.mappings if m.database == kind for t in (m.source, m.target)]
    for relation in spec.relations:
        names += [ref.table for ref in (relation.source, relation.target) if ref.database == kind]
    names += [t for r in spec.rollups if r.database == kind for t in (r.source, r.target)]
    return list(dict.fromkeys(names))


def _read_privileges(target: LiveTarget, kind: str, engine: Engine, tables: list[str]) -> None:
    denied = []
    for table in tables:
        try:
            engine.query(f"SELECT 1 FROM {engine.quote_ident(table)} LIMIT 0")
        except Exception as exc:
            if _DENIED.search(str(exc)):
                denied.append(table)  # a missing table is the spec check's business, reported with its key
    if denied:
        user = target.user(kind)
        raise HarnessError(
            f"target {target.name!r} {kind}: user {user!r} may not read {', '.join(denied)} in database "
            f"{engine.database!r}; the read-only checks need SELECT on every table the spec names "
            f"(e.g. GRANT SELECT ON {engine.database}.* TO {user!r})"
        )
