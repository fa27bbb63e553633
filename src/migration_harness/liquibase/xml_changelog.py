"""XML master changelogs: ``property``, ``include``, ``includeAll`` and SQL-only ``changeSet`` elements.

Logical paths (DATABASECHANGELOG.FILENAME) are relative to the search path, which here is the directory
of the master changelog: the same values the Liquibase CLI records when run as
``--search-path=<that dir> --changelog-file=<master file name>``.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import ChangelogError
from .checksum import changeset_checksum
from .formatted_sql import normalize_path, parse_formatted_sql
from .model import ChangeSet
from .properties import Parameters
from .sqlsplit import split_statements, trim_to_none
from .text import decode_utf8

_INCLUDABLE = (".sql", ".xml")
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _true(value: str | None, default: bool = False) -> bool:
    return default if value is None else value.strip().lower() == "true"


class ChangelogLoader:
    def __init__(self, root: Path, params: Parameters) -> None:
        self.root = root  # the search path
        self.params = params
        self.changesets: list[ChangeSet] = []
        self._loading: list[tuple[Path, str]] = []  # the include chain, to name a cycle instead of recursing

    def logical(self, path: Path) -> str:
        try:
            return normalize_path(path.resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            return normalize_path(path.resolve().as_posix())

    def load(self, path: Path, logical: str | None = None) -> None:
        logical = logical or self.logical(path)
        if not path.is_file():
            raise ChangelogError(path, None, "changelog file not found")
        self._enter(path, logical)
        try:
            if path.suffix.lower() == ".sql":
                self.changesets.extend(parse_formatted_sql(path, logical, self.params))
            elif path.suffix.lower() == ".xml":
                self._load_xml(path, logical)
            else:
                raise ChangelogError(path, None, "only .xml and formatted .sql changelogs are supported")
        finally:
            self._loading.pop()

    def _enter(self, path: Path, logical: str) -> None:
        """Push ``path`` on the include chain; a file already on it is a cycle, named in full."""
        resolved = path.resolve()
        for index, (loading, _) in enumerate(self._loading):
            if loading == resolved:
                chain = [name for _, name in self._loading[index:]] + [logical]
                includer = self._loading[-1][0]
                line = _line_of(includer, path.name, suffix=True) if includer.suffix == ".xml" else None
                raise ChangelogError(includer, line, f"circular include: {' -> '.join(chain)}")
        self._loading.append((resolved, logical))

    def _resolve(self, file: str, relative: bool, parent_logical: str) -> tuple[Path, str]:
        if relative:
            logical = posixpath.normpath(posixpath.join(posixpath.dirname(parent_logical), file))
        else:
            logical = posixpath.normpath(file)
        logical = normalize_path(logical)
        return self.root / logical, logical

    def _load_xml(self, path: Path, logical: str) -> None:
        data = path.read_bytes()
        declared = _DECLARED_ENCODING.match(data)
        if declared is None or declared.group(1).lower() in (b"utf-8", b"utf8"):
            decode_utf8(path, data, "changelog")  # the XML parser would only say "not well-formed"
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            raise ChangelogError(path, exc.position[0], f"invalid XML: {exc}") from None
        if _local(root.tag) != "databaseChangeLog":
            raise ChangelogError(path, None, f"root element is <{_local(root.tag)}>, not <databaseChangeLog>")
        logical = normalize_path(root.get("logicalFilePath") or logical)
        for element in root:
            if not isinstance(element.tag, str):
                continue  # comments and processing instructions
            tag = _local(element.tag)
            if tag == "property":
                self._property(element, path, logical)
            elif tag == "include":
                self._include(element, path, logical)
            elif tag == "includeAll":
                self._include_all(element, path, logical)
            elif tag == "changeSet":
                self.changesets.append(self._changeset(element, path, logical))
            elif tag == "preConditions":
                raise ChangelogError(path, None, "changelog-level <preConditions> are not supported")

    def _property(self, element: ET.Element, path: Path, logical: str) -> None:
        name = element.get("name")
        if element.get("file"):
            target, _ = self._resolve(
                self.params.expand(element.get("file"), logical) or "",
                _true(element.get("relativeToChangelogFile")),
                logical,
            )
            self._property_file(element, target, path)
            return
        if name is None:
            raise ChangelogError(path, None, "<property> needs a name")
        value = element.get("value")
        if value is None:
            value = element.text or ""
        self.params.set(
            name,
            self.params.expand(value, logical) or "",
            dbms=element.get("dbms"),
            contexts=element.get("contextFilter") or element.get("context"),
            global_=_true(element.get("global"), default=True),
            changelog=logical,
        )

    def _property_file(self, element: ET.Element, target: Path, path: Path) -> None:
        if not target.is_file():
            if not _true(element.get("errorIfMissing"), default=True):
                return
            file = element.get("file") or ""
            raise ChangelogError(
                path, _line_of(path, file), f"<property file={file!r}>: {target} not found "
                "(add errorIfMissing=\"false\" if it is optional)"
            )  # fmt: skip
        # Java's Properties.load, which Liquibase uses, reads a properties file as ISO-8859-1.
        for raw in target.read_bytes().decode("latin-1").splitlines():
            if "=" in raw and not raw.lstrip().startswith("#"):
                key, text = raw.split("=", 1)
                self.params.set(key.strip(), text.strip(), global_=True)

    def _include(self, element: ET.Element, path: Path, logical: str) -> None:
        file = self.params.expand(element.get("file"), logical)
        if not file:
            raise ChangelogError(path, None, "<include> needs a file attribute")
        target, target_logical = self._resolve(file, _true(element.get("relativeToChangelogFile")), logical)
        if not target.is_file():
            raise ChangelogError(path, _line_of(path, file), f"included file {file!r} not found at {target}")
        self.load(target, target_logical)

    def _include_all(self, element: ET.Element, path: Path, logical: str) -> None:
        folder = self.params.expand(element.get("path"), logical)
        if not folder:
            raise ChangelogError(path, None, "<includeAll> needs a path attribute")
        directory, dir_logical = self._resolve(folder, _true(element.get("relativeToChangelogFile")), logical)
        if not directory.is_dir():
            if _true(element.get("errorIfMissingOrEmpty"), default=True):
                raise ChangelogError(path, None, f"includeAll path {folder!r} not found at {directory}")
            return
        found = [
            (normalize_path(posixpath.join(dir_logical, p.relative_to(directory).as_posix())), p)
            for p in directory.rglob("*")
            if p.is_file() and p.suffix.lower() in _INCLUDABLE
        ]
        # Liquibase orders includeAll by full path with Java string order (uppercase before lowercase).
        for child_logical, child in sorted(found, key=lambda item: item[0]):
            self.load(child, child_logical)

    def _changeset(self, element: ET.Element, path: Path, logical: str) -> ChangeSet:
        """A ``<changeSet>`` whose changes are all ``<sql>``; other change types are not supported."""
        cs_id = self.params.expand(element.get("id"), logical) or ""
        author = self.params.expand(element.get("author"), logical) or ""
        sqls: list[str] = []
        cs = ChangeSet(
            id=cs_id,
            author=author,
            filename=normalize_path(element.get("logicalFilePath") or logical),
            line=0,
            run_always=_true(element.get("runAlways")),
            run_on_change=_true(element.get("runOnChange")),
            run_in_transaction=_true(element.get("runInTransaction"), True),
            fail_on_error=_true(element.get("failOnError"), True),
            contexts=element.get("contextFilter") or element.get("context"),
            labels=element.get("labels"),
            dbms=element.get("dbms"),
            physical_path=path,
        )
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child.tag)
            if tag == "comment":
                cs.comment = trim_to_none(child.text)
            elif tag == "sql":
                sql = self.params.expand(trim_to_none(child.text or ""), logical) or ""
                sqls.append(sql)
                cs.statements.extend(
                    split_statements(
                        sql,
                        _true(child.get("stripComments")),
                        _true(child.get("splitStatements"), True),
                        child.get("endDelimiter"),
                    )
                )
            elif tag == "rollback":
                cs.rollback_declared = True
                text = self.params.expand(trim_to_none(child.text or ""), logical)
                if text:
                    cs.rollback.extend(split_statements(text))
            elif tag == "validCheckSum":
                cs.valid_checksums.append((child.text or "").strip())
            else:
                raise ChangelogError(path, None, f"changeSet {cs_id}: <{tag}> is not supported (only <sql>)")
        cs.sql = "\n".join(sqls)
        cs.checksum = changeset_checksum(sqls)
        return cs


def _line_of(path: Path, value: str, suffix: bool = False) -> int | None:
    """The first line of ``path`` quoting ``value`` (or, with ``suffix``, a value ending in it):
    ElementTree keeps no line numbers for elements."""
    if not value:
        return None
    for number, line in enumerate(path.read_bytes().decode("utf-8", "replace").splitlines(), 1):
        for quote in "\"'":
            if f"{quote}{value}{quote}" in line or (suffix and f"{value}{quote}" in line):
                return number
    return None
