"""Changelog parameters the way Liquibase resolves ``${name}``.

Liquibase treats parameters as write-once: the first definition of a name wins, so values given by the
caller (CLI ``-D``) beat ``<property>`` elements, and an earlier changelog beats a later one. Names are
matched case-insensitively. Non-global properties are visible only inside the changelog defining them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import HarnessError
from .filters import contexts_match

ALL_DATABASES = "mysql,mariadb,clickhouse"


class DatabaseDependent(HarnessError):
    """A choice Liquibase makes per database came out differently for databases the parse may serve."""


@dataclass
class _Param:
    name: str
    value: str
    dbms: list[str] | None = None
    contexts: str | None = None
    where: str = ""  # "file:line" of the definition, for messages


@dataclass
class Parameters:
    # The databases (Liquibase short names, e.g. ``mariadb``) the changelog is parsed for. When the caller
    # does not know which one it will run on, every dbms-dependent choice must agree for all of them.
    dialect: str = ALL_DATABASES
    contexts: str | None = None  # the run's --contexts, which context-filtered properties depend on
    context_properties: list[str] = field(default_factory=list)
    _global: list[_Param] = field(default_factory=list)
    _local: dict[str, list[_Param]] = field(default_factory=dict)

    @property
    def candidates(self) -> list[str]:
        return [d.strip().lower() for d in self.dialect.split(",") if d.strip()]

    def set(
        self,
        name: str,
        value: str,
        *,
        dbms: str | None = None,
        contexts: str | None = None,
        global_: bool = True,
        changelog: str | None = None,
        where: str = "",
    ) -> None:
        dbms_list = [d.strip() for d in dbms.split(",") if d.strip()] if dbms else None
        param = _Param(name, value, dbms_list, contexts, where)
        if contexts and contexts.strip():
            self.context_properties.append(f"{where} {name}".strip())
        if global_ or changelog is None:
            self._global.append(param)
        else:
            self._local.setdefault(changelog, []).append(param)

    def _matches(self, param: _Param, database: str) -> bool:
        # Liquibase skips a property whose dbms or context does not fit the run, so a later one can win.
        if param.dbms and not dbms_matches(",".join(param.dbms), database):
            return False
        return contexts_match(param.contexts, self.contexts)

    def _find(self, name: str, changelog: str | None, database: str) -> _Param | None:
        lowered = name.lower()
        for param in self._global:
            if param.name.lower() == lowered and self._matches(param, database):
                return param
        for param in reversed(self._local.get(changelog or "", [])):
            if param.name.lower() == lowered and self._matches(param, database):
                return param
        return None

    def get(self, name: str, changelog: str | None = None) -> str | None:
        found = {db: self._find(name, changelog, db) for db in self.candidates}
        values = {db: (p.value if p else None) for db, p in found.items()}
        if len(set(values.values())) > 1:
            raise self._ambiguous(name, changelog, values)
        return next(iter(values.values()), None)

    def _ambiguous(self, name: str, changelog: str | None, values: dict[str, str | None]) -> DatabaseDependent:
        lowered = name.lower()
        defs = [p for p in [*self._global, *self._local.get(changelog or "", [])] if p.name.lower() == lowered]
        specific = [p for p in defs if p.dbms]
        where = specific[0].where if specific else "changelog"
        dbms = "; ".join(f"dbms={','.join(p.dbms or [])!r} at {p.where}" for p in specific)
        per_db = ", ".join(f"{db}: {v!r}" for db, v in values.items())
        return DatabaseDependent(
            f"{where}: property ${{{name}}} has a dbms-specific value ({per_db}; {dbms}) and the changelog was parsed "
            "without knowing which database it runs on; parse it for one database "
            "(load_changelog(..., dbms='mariadb')) or give the property one value for all of them"
        )

    def expand(self, text: str | None, changelog: str | None = None) -> str | None:
        """Replace ``${name}`` with its value; unknown names stay as written; ``${:x}`` escapes to ``${x}``."""
        if text is None:
            return None
        out, _ = self._expand(text, 0, changelog, nested=False)
        return out

    def _expand(self, text: str, i: int, changelog: str | None, nested: bool) -> tuple[str, int]:
        parts: list[str] = []
        n = len(text)
        while i < n:
            ch = text[i]
            if ch == "}" and nested:
                return "".join(parts), i + 1
            if ch == "$" and text.startswith("${", i):
                if text.startswith("${:", i):
                    inner, i = self._expand(text, i + 3, changelog, nested=True)
                    parts.append("${" + inner + "}")
                    continue
                if text.find("}", i + 2) < 0:
                    parts.append(text[i:])
                    break
                inner, i = self._expand(text, i + 2, changelog, nested=True)
                value = self.get(inner, changelog)
                parts.append(value if value is not None else "${" + inner + "}")
                continue
            parts.append(ch)
            i += 1
        return "".join(parts), i


def dbms_matches(definition: str | None, dialect: str) -> bool:
    """Liquibase's ``DatabaseList.definitionMatches`` for a database known by the names in ``dialect``.

    ``dialect`` may list several comma-separated short names (``mariadb,mysql``) when the target could
    be either.
    """
    if not definition or not definition.strip():
        return True
    names = {d.strip().lower() for d in dialect.split(",")}
    items = [d.strip().lower() for d in definition.split(",") if d.strip()]
    if "none" in items:
        return False
    if "all" in items:
        return True
    positives = [d for d in items if not d.startswith("!")]
    negatives = [d[1:] for d in items if d.startswith("!")]
    if any(d in names for d in negatives):
        return False
    if not positives:
        return True
    return any(d in names for d in positives)
