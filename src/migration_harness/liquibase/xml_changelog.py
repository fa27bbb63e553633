"""XML master changelogs: ``property``, ``include``, ``includeAll`` and SQL-only ``changeSet`` elements (YAML
and JSON changelogs are read into the same elements, see ``yaml_changelog``).

Logical paths (DATABASECHANGELOG.FILENAME) are relative to the search path, which here is the directory
of the master changelog: the same values the Liquibase CLI records when run as
``--search-path=<that dir> --changelog-file=<master file name>``.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from ..errors import ChangelogError
from .checksum import changeset_checksum
from .formatted_sql import normalize_path, parse_formatted_sql
from .model import ChangeSet, Precondition, Preconditions
from .properties import Parameters, dbms_matches
from .sqlsplit import split_statements, trim_to_none
from .text import decode_utf8
from .xml_schema import CHANGE_TYPES, SchemaCheck
from .yaml_changelog import YAML_SUFFIXES, read_yaml_changelog

_INCLUDABLE = (".sql", ".xml", *YAML_SUFFIXES)
_FILTERS = ("context", "contextFilter", "labels", "ignore")
_ATTRIBUTES = {
    "include": {"file", "relativeToChangelogFile", "errorIfMissing", *_FILTERS},
    "includeAll": {
        "path", "relativeToChangelogFile", "errorIfMissingOrEmpty", "maxDepth", "minDepth", "endsWithFilter",
        *_FILTERS,
    },
    "changeSet": {
        "id", "author", "context", "contextFilter", "labels", "dbms", "runAlways", "runOnChange", "failOnError",
        "runInTransaction", "logicalFilePath", "ignore", "created", "objectQuotingStrategy",
    },
    "sql": {"splitStatements", "stripComments", "endDelimiter", "dbms"},
    "property": {"name", "value", "file", "relativeToChangelogFile", "errorIfMissing", "dbms", "context",
                 "contextFilter", "global"},
    "rollback": set(),
}  # fmt: skip
_PRECONDITION_OPTIONS = {"onFail", "onError", "onFailMessage", "onErrorMessage", "onSqlOutput", "onUpdate"}
_PRECONDITION_OUTCOMES = ("HALT", "CONTINUE", "MARK_RAN", "WARN")
_PRECONDITIONS = (
    "sqlCheck", "tableExists", "viewExists", "columnExists", "indexExists", "rowCount", "tableIsEmpty", "dbms", "and",
    "or", "not",
)  # fmt: skip
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _true(value: str | None, default: bool = False) -> bool:
    return default if value is None else value.strip().lower() == "true"


class ChangelogLoader:
    def __init__(self, root: Path, params: Parameters, foreign_changes: bool = False) -> None:
        self.root = root  # the search path
        self.params = params
        self.foreign_changes = foreign_changes  # accept change types only Liquibase runs (see ChangeSet.foreign)
        self.changesets: list[ChangeSet] = []
        self._loading: list[tuple[Path, str]] = []  # the include chain, to name a cycle instead of recursing
        self._lines: dict[ET.Element, int] = {}  # elements of the file being read -> their line
        self._inherited: list[tuple[str | None, str | None, bool]] = []  # enclosing includes' filters
        self._logical = ""  # the logical path of the XML file being read, for its local properties

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
                for cs in parse_formatted_sql(path, logical, self.params):
                    self.changesets.append(self._inherit(cs))
            elif path.suffix.lower() == ".xml":
                self._load_xml(path, logical)
            elif path.suffix.lower() in YAML_SUFFIXES:
                root, self._lines = read_yaml_changelog(path)
                self._load_root(root, path, logical)
            else:
                raise ChangelogError(
                    path, None, "only .xml, .yaml, .yml, .json and formatted .sql changelogs are supported"
                )
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
            root = self._parse(data)
        except expat.ExpatError as exc:
            reason = f"{expat.errors.messages[exc.code]}, column {exc.offset + 1}"
            raise ChangelogError(path, exc.lineno, f"invalid XML: {reason}") from None
        if _local(root.tag) != "databaseChangeLog":
            raise ChangelogError(path, None, f"root element is <{_local(root.tag)}>, not <databaseChangeLog>")
        SchemaCheck(path, self._line).check(root)  # what Liquibase's XSD validation refuses, we refuse
        self._load_root(root, path, logical)

    def _load_root(self, root: ET.Element, path: Path, logical: str) -> None:
        """The elements of a ``<databaseChangeLog>`` (of an XML, YAML or JSON file), in order."""
        for name in ("context", "contextFilter"):
            if root.get(name) is not None:
                raise ChangelogError(
                    path, self._line(root), f"<databaseChangeLog {name}=...> is not supported by the built-in engine"
                )
        # Includes resolve against where the file is, not against its logicalFilePath (as Liquibase does)
        location = logical
        logical = self._logical = normalize_path(root.get("logicalFilePath") or logical)
        for element in root:
            if not isinstance(element.tag, str):
                continue  # comments and processing instructions
            tag = _local(element.tag)
            if tag == "property":
                self._property(element, path, logical)
            elif tag == "include":
                self._include(element, path, logical, location)
            elif tag == "includeAll":
                self._include_all(element, path, logical, location)
            elif tag == "changeSet":
                self.changesets.append(self._changeset(element, path, logical))
            elif tag == "preConditions":
                raise ChangelogError(path, self._line(element), "changelog-level <preConditions> are not supported")
            else:  # e.g. <modifyChangeSets>, <removeChangeSetProperty>: they change what runs
                raise ChangelogError(
                    path, self._line(element), f"{_shown(path, tag)} is not supported by the built-in engine"
                )

    def _parse(self, data: bytes) -> ET.Element:
        """ElementTree built through expat directly, to know each element's line for messages."""
        builder = ET.TreeBuilder()
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        lines = self._lines = {}

        def start(name: str, attrs: dict[str, str]) -> None:
            lines[builder.start(name, attrs)] = parser.CurrentLineNumber

        parser.StartElementHandler = start
        parser.EndElementHandler = builder.end
        parser.CharacterDataHandler = builder.data
        parser.Parse(data, True)
        return builder.close()

    def _line(self, element: ET.Element) -> int | None:
        return self._lines.get(element)

    def _check_attributes(self, element: ET.Element, path: Path) -> None:
        """Refuse attributes we would otherwise ignore: each changes what Liquibase runs."""
        tag = _local(element.tag)
        allowed = _ATTRIBUTES.get(tag)
        if allowed is None:
            return
        for name in element.attrib:
            if "}" not in name and name not in allowed:
                raise ChangelogError(
                    path, self._line(element), f"{_shown(path, tag, name)} is not supported by the built-in engine"
                )

    def _flag(self, element: ET.Element, name: str, default: bool = False) -> bool:
        """A boolean attribute as Liquibase reads it: properties expanded, then Java's Boolean.parseBoolean
        of the trimmed value, so "1" and an undefined ${p} are false (the XSD check ran before)."""
        return _true(self.params.expand(element.get(name), self._logical), default)

    def _inherit(self, cs: ChangeSet) -> ChangeSet:
        """Give ``cs`` the filters of the includes it came through."""
        # Liquibase stores the innermost include's filter first (``b AND a AND own`` for a inside b)
        cs.inherited_contexts = [c for c, _, _ in reversed(self._inherited) if c and c.strip()]
        cs.inherited_labels = [la for _, la, _ in reversed(self._inherited) if la and la.strip()]
        cs.ignore = cs.ignore or any(ignore for _, _, ignore in self._inherited)
        return cs

    def _load_filtered(self, element: ET.Element, target: Path, logical: str) -> None:
        """Load ``target`` with the include element's context, labels and ignore pushed for its changesets."""
        contexts = element.get("contextFilter") or element.get("context")
        self._inherited.append((contexts, element.get("labels"), self._flag(element, "ignore")))
        lines, including = self._lines, self._logical
        try:
            self.load(target, logical)
        finally:
            self._inherited.pop()
            self._lines, self._logical = lines, including

    def _property(self, element: ET.Element, path: Path, logical: str) -> None:
        self._check_attributes(element, path)
        name = element.get("name")
        if element.get("file"):
            target, _ = self._resolve(
                self.params.expand(element.get("file"), logical) or "",
                self._flag(element, "relativeToChangelogFile"),
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
            global_=self._flag(element, "global", True),
            changelog=logical,
            where=f"{path}:{self._line(element)}",
        )

    def _property_file(self, element: ET.Element, target: Path, path: Path) -> None:
        if not target.is_file():
            if not self._flag(element, "errorIfMissing", True):
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

    def _include(self, element: ET.Element, path: Path, logical: str, location: str) -> None:
        self._check_attributes(element, path)
        file = self.params.expand(element.get("file"), logical)
        if not file:
            raise ChangelogError(path, self._line(element), "<include> needs a file attribute")
        target, target_logical = self._resolve(file, self._flag(element, "relativeToChangelogFile"), location)
        if not target.is_file():
            if not self._flag(element, "errorIfMissing", True):
                return
            raise ChangelogError(path, self._line(element), f"included file {file!r} not found at {target}")
        self._load_filtered(element, target, target_logical)

    def _include_all(self, element: ET.Element, path: Path, logical: str, location: str) -> None:
        self._check_attributes(element, path)
        line = self._line(element)
        folder = self.params.expand(element.get("path"), logical)
        if not folder:
            raise ChangelogError(path, line, "<includeAll> needs a path attribute")
        directory, dir_logical = self._resolve(folder, self._flag(element, "relativeToChangelogFile"), location)
        found = self._include_all_files(element, directory, path, line) if directory.is_dir() else []
        if not found:
            if self._flag(element, "errorIfMissingOrEmpty", True):
                what = "is empty" if directory.is_dir() else "not found"
                raise ChangelogError(path, line, f"includeAll path {folder!r} {what} at {directory}")
            return
        files = [(normalize_path(posixpath.join(dir_logical, rel)), p) for rel, p in found]
        # Liquibase sorts by full path with Java's String order: UTF-16 code units, not code points.
        for child_logical, child in sorted(files, key=lambda item: item[0].encode("utf-16-be")):
            self._load_filtered(element, child, child_logical)

    def _include_all_files(
        self, element: ET.Element, directory: Path, path: Path, line: int | None
    ) -> list[tuple[str, Path]]:
        """The changelog files an includeAll picks: depth (1 = directly in the folder) and name filters."""
        min_depth = self._int_attribute(element, "minDepth", 0, path, line)
        max_depth = self._int_attribute(element, "maxDepth", 2**31 - 1, path, line)
        ends_with = element.get("endsWithFilter") or ""
        found: list[tuple[str, Path]] = []
        for p in directory.rglob("*"):
            rel = p.relative_to(directory).as_posix()
            depth = rel.count("/") + 1
            if not p.is_file() or not min_depth <= depth <= max_depth or not rel.endswith(ends_with):
                continue
            if p.suffix.lower() in _INCLUDABLE:
                found.append((rel, p))
        return found

    def _int_attribute(self, element: ET.Element, name: str, default: int, path: Path, line: int | None) -> int:
        value = self.params.expand(element.get(name), self._logical)
        if value is None:
            return default
        try:
            return int(value.strip())
        except ValueError:
            raise ChangelogError(path, line, f"<{_local(element.tag)} {name}={value!r}> is not an integer") from None

    def _changeset(self, element: ET.Element, path: Path, logical: str) -> ChangeSet:
        """A ``<changeSet>`` whose changes are all ``<sql>``; other change types are not supported."""
        self._check_attributes(element, path)
        cs_id = self.params.expand(element.get("id"), logical) or ""
        author = self.params.expand(element.get("author"), logical) or ""
        if not cs_id:
            raise ChangelogError(
                path, self._line(element), '<changeSet id="">: Liquibase\'s validation refuses an empty id'
            )
        sqls: list[str] = []
        changes = 0
        cs = ChangeSet(
            id=cs_id,
            author=author,
            filename=normalize_path(element.get("logicalFilePath") or logical),
            line=self._line(element) or 0,
            run_always=self._flag(element, "runAlways"),
            run_on_change=self._flag(element, "runOnChange"),
            run_in_transaction=self._flag(element, "runInTransaction", True),
            fail_on_error=self._flag(element, "failOnError", True),
            contexts=element.get("contextFilter") or element.get("context"),
            labels=element.get("labels"),
            dbms=element.get("dbms"),
            ignore=self._flag(element, "ignore"),
            physical_path=path,
        )
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child.tag)
            if tag == "comment":
                cs.comment = trim_to_none(child.text)
            elif tag == "sql":
                sql, statements = self._sql_change(child, path, logical, cs_id)
                changes += 1
                if statements is not None:  # a change for another database counts in neither
                    sqls.append(sql)  # the checksum nor the statements, but still in the DESCRIPTION
                    cs.statements.extend(statements)
            elif tag == "rollback":
                self._rollback(child, cs, path, logical)
            elif tag == "validCheckSum":
                cs.valid_checksums.append((child.text or "").strip())
            elif self.foreign_changes and (tag in CHANGE_TYPES or tag == "tagDatabase"):
                cs.foreign.append(tag)
            elif self.foreign_changes and tag == "preConditions":
                cs.foreign_preconditions = True
            elif tag == "preConditions":
                cs.preconditions = self._preconditions(child, path, cs_id)
            else:
                raise ChangelogError(
                    path,
                    self._line(child),
                    f"changeSet {cs_id}: {_shown(path, tag)} is not supported by the built-in engine (only "
                    f"{_shown(path, 'sql')}); "
                    'runner = "liquibase" in the spec has the real Liquibase run it',
                )
        cs.sql = "\n".join(sqls)
        cs.checksum = changeset_checksum(sqls)
        cs.description = "; ".join("sql" for _ in range(changes)) or "empty"
        cs.rollback_not_required = cs.rollback_not_required or not changes  # nothing to undo
        return self._inherit(cs)

    def _preconditions(self, element: ET.Element, path: Path, cs_id: str) -> Preconditions:
        """A changeset's ``<preConditions>``: its options, and its preconditions (all must hold)."""
        options = dict(element.attrib)
        found = []
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child.tag)
            if tag in _PRECONDITION_OPTIONS and not len(child):  # YAML's `- onFail: MARK_RAN`, an item of the list
                options[tag] = (child.text or "").strip()
            else:
                found.append(self._precondition(child, path, cs_id))
        pre = Preconditions(items=found)
        for option, attribute in (("on_fail", "onFail"), ("on_error", "onError")):
            value = (self.params.expand(options.get(attribute), self._logical) or "HALT").strip().upper()
            if value not in _PRECONDITION_OUTCOMES:
                raise ChangelogError(
                    path, self._line(element), f"changeSet {cs_id}: {attribute}={value!r}: expected one of "
                    + ", ".join(_PRECONDITION_OUTCOMES)
                )  # fmt: skip
            setattr(pre, option, value)
        return pre

    def _precondition(self, element: ET.Element, path: Path, cs_id: str) -> Precondition:
        """One precondition element (``<not>``, ``<and>`` and ``<or>`` with theirs nested)."""
        tag = _local(element.tag)

        def given(attribute: str) -> str:
            value = self.params.expand(element.get(attribute), self._logical)
            if not value:
                raise ChangelogError(
                    path, self._line(element), f"changeSet {cs_id}: precondition <{tag}> needs {attribute}"
                )
            return value

        if tag in ("and", "or", "not"):
            nested = [self._precondition(c, path, cs_id) for c in element if isinstance(c.tag, str)]
            return Precondition(tag, nested=nested)
        schema = self.params.expand(element.get("schemaName"), self._logical)
        if tag == "sqlCheck":
            sql = self.params.expand(element.get("sql") or trim_to_none(element.text), self._logical)
            if not sql:
                raise ChangelogError(path, self._line(element), f"changeSet {cs_id}: <sqlCheck> needs its SQL")
            return Precondition("sql-check", sql=sql, expected=given("expectedResult"))
        if tag in ("tableExists", "viewExists", "tableIsEmpty"):
            name = given("viewName" if tag == "viewExists" else "tableName")
            kind = {"tableExists": "table-exists", "viewExists": "view-exists"}.get(tag, "table-is-empty")
            return Precondition(kind, table=name, schema=schema)
        if tag == "rowCount":
            return Precondition("row-count", table=given("tableName"), schema=schema, expected=given("expectedRows"))
        if tag == "columnExists":
            return Precondition("column-exists", table=given("tableName"), column=given("columnName"), schema=schema)
        if tag == "indexExists":
            table = self.params.expand(element.get("tableName"), self._logical)
            return Precondition("index-exists", name=given("indexName"), table=table, schema=schema)
        if tag == "dbms":
            return Precondition("dbms", expected=given("type"))
        raise ChangelogError(
            path, self._line(element),
            f"changeSet {cs_id}: precondition <{tag}> is not supported by the built-in engine (only "
            f"{', '.join(_PRECONDITIONS)}); runner = \"liquibase\" in the spec has the real Liquibase run it",
        )  # fmt: skip

    def _sql_change(self, element: ET.Element, path: Path, logical: str, cs_id: str) -> tuple[str, list[str] | None]:
        """An ``<sql>`` change: its SQL and the statements it runs here (None: its dbms is another one)."""
        self._check_attributes(element, path)
        text = element.text or ""
        for child in element:
            if isinstance(child.tag, str) and _local(child.tag) != "comment":
                raise ChangelogError(
                    path,
                    self._line(child),
                    f"changeSet {cs_id}: <sql> may hold only <comment>, not <{_local(child.tag)}>",
                )
            text += child.tail or ""  # Liquibase's SQL is the text around the <comment>, not before it
        sql = self.params.expand(trim_to_none(text), logical) or ""
        if not sql.strip():
            raise ChangelogError(
                path,
                self._line(element),
                f"changeSet {cs_id}: an empty <sql> (Liquibase refuses one in a changeSet: sql is required)",
            )
        if not self._runs_here(element.get("dbms"), path, element, cs_id):
            return sql, None
        statements = split_statements(
            sql,
            self._flag(element, "stripComments"),
            self._flag(element, "splitStatements", True),
            element.get("endDelimiter"),
        )
        return sql, statements

    def _runs_here(self, dbms: str | None, path: Path, element: ET.Element, cs_id: str) -> bool:
        """Whether a change with ``dbms`` runs on the database the changelog is parsed for; refused when the
        parse serves several databases and they disagree."""
        verdicts = {db: dbms_matches(dbms, db) for db in self.params.candidates}
        if len(set(verdicts.values())) > 1:
            raise ChangelogError(
                path,
                self._line(element),
                f"changeSet {cs_id}: <{_local(element.tag)} dbms={dbms!r}> runs on "
                f"{', '.join(db for db, ok in verdicts.items() if ok)} but not on "
                f"{', '.join(db for db, ok in verdicts.items() if not ok)}, and the changelog was parsed without "
                "knowing which database it runs on (load_changelog(..., dbms='mariadb'))",
            )
        return all(verdicts.values())

    def _rollback(self, element: ET.Element, cs: ChangeSet, path: Path, logical: str) -> None:
        """``<rollback>``: SQL text, nested ``<sql>`` changes, or empty (rolling back does nothing)."""
        self._check_attributes(element, path)
        cs.rollback_declared = True
        children = [c for c in element if isinstance(c.tag, str)]
        text = trim_to_none((element.text or "") + "".join(c.tail or "" for c in children))
        if children and text:
            raise ChangelogError(
                path, self._line(element), f"changeSet {cs.id}: <rollback> mixes SQL text with nested elements"
            )
        for child in children:
            if self.foreign_changes and _local(child.tag) in CHANGE_TYPES and _local(child.tag) != "sql":
                cs.foreign_rollback.append(_local(child.tag))
                continue
            if _local(child.tag) != "sql":
                raise ChangelogError(
                    path,
                    self._line(child),
                    f"changeSet {cs.id}: {_shown(path, 'rollback', _local(child.tag), nested=True)} is not supported",
                )
            cs.rollback.extend(self._sql_change(child, path, logical, cs.id)[1] or [])
        if text:
            cs.rollback.extend(split_statements(self.params.expand(text, logical) or ""))
        if not children and not text:
            cs.rollback_not_required = True


def _shown(path: Path, tag: str, key: str | None = None, nested: bool = False) -> str:
    """An element, its attribute or (``nested``) its child as ``path``'s format writes it:
    ``<changeSet runOrder=...>``, ``<rollback><insert>`` in XML; ``changeSet: runOrder``, ``rollback: insert``
    in YAML and JSON."""
    if path.suffix.lower() in YAML_SUFFIXES:
        return f"{tag}: {key}" if key else tag
    if key:
        return f"<{tag}><{key}>" if nested else f"<{tag} {key}=...>"
    return f"<{tag}>"


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
