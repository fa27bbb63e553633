"""Changelog parameters the way Liquibase resolves ``${name}``.

Liquibase treats parameters as write-once: the first definition of a name wins, so values given by the
caller (CLI ``-D``) beat ``<property>`` elements, and an earlier changelog beats a later one. Names are
matched case-insensitively. Non-global properties are visible only inside the changelog defining them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class _Param:
    name: str
    value: str
    dbms: list[str] | None = None
    contexts: str | None = None


@dataclass
class Parameters:
    # The database names ``dbms`` filters compare with. Changelogs are parsed before a database is
    # chosen, so by default a property counts when it is meant for any database this harness drives.
    dialect: str = "mysql,mariadb,clickhouse"
    _global: list[_Param] = field(default_factory=list)
    _local: dict[str, list[_Param]] = field(default_factory=dict)

    def set(
        self,
        name: str,
        value: str,
        *,
        dbms: str | None = None,
        contexts: str | None = None,
        global_: bool = True,
        changelog: str | None = None,
    ) -> None:
        dbms_list = [d.strip() for d in dbms.split(",") if d.strip()] if dbms else None
        param = _Param(name, value, dbms_list, contexts)
        if global_ or changelog is None:
            self._global.append(param)
        else:
            self._local.setdefault(changelog, []).append(param)

    def _matches(self, param: _Param) -> bool:
        if not param.dbms:
            return True
        return dbms_matches(",".join(param.dbms), self.dialect)

    def get(self, name: str, changelog: str | None = None) -> str | None:
        lowered = name.lower()
        for param in self._global:
            if param.name.lower() == lowered and self._matches(param):
                return param.value
        for param in reversed(self._local.get(changelog or "", [])):
            if param.name.lower() == lowered and self._matches(param):
                return param.value
        return None

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
