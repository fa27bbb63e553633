"""What Liquibase 4.28's XSD validation refuses in an XML changelog, checked before the changelog is read.

Liquibase validates every XML changelog against the dbchangelog XSD its ``xsi:schemaLocation`` names
(resolved from its own jar; ``liquibase.secureParsing`` forbids fetching anything else), and refuses the
file on the first violation. Measured with the 4.28 CLI: a changelog without ``xsi:schemaLocation`` (or
without the namespace) is refused ("Cannot find the declaration of element 'databaseChangeLog'"), as is an
XSD it does not bundle. Each bundled XSD version allows its own attributes, so the table below says since
which version each attribute of the elements the built-in engine reads exists (read off the XSDs in
liquibase-core 4.28; none was ever removed except includeAll ``resourceFilter``, which we refuse anyway).

Only elements of the dbchangelog namespace that the engine may read are checked in depth: anything else
is refused by the reader as not implemented, whatever the XSD says of it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from ..errors import ChangelogError

NAMESPACE = "http://www.liquibase.org/xml/ns/dbchangelog"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XSD_URL = re.compile(r"https?://www\.liquibase\.org/xml/ns/dbchangelog/dbchangelog-(\d+\.\d+|latest)\.xsd")
_BUNDLED = {f"1.{n}" for n in range(10)} | {"2.0"} | {f"3.{n}" for n in range(11)} | {f"4.{n}" for n in range(29)}
_OLDEST_CHECKED = (3, 0)  # older XSDs have another structure; Liquibase refuses 1.x (another namespace)
_PROPERTY_EXPRESSION = re.compile(r"\$\{[\w.]+\}")
_ENUMS = {
    "quoting": ("LEGACY", "QUOTE_ALL_OBJECTS", "QUOTE_ONLY_RESERVED_WORDS"),
    "validationFail": ("HALT", "MARK_RAN"),
}

# element -> attribute -> (XSD type, first dbchangelog XSD version that has it)
_S, _B, _I = "string", "booleanExp", "integerExp"
_ORDER_TEXT = {
    "databaseChangeLog": "<property> elements, then one <preConditions>, then changesets and includes",
    "changeSet": "<validCheckSum> elements, then one <preConditions>, then its changes (or one <tagDatabase>)",
}
_ATTRIBUTES: dict[str, dict[str, tuple[str, tuple[int, int]]]] = {
    "databaseChangeLog": {
        "logicalFilePath": (_S, (3, 0)), "objectQuotingStrategy": ("quoting", (3, 0)), "context": (_S, (3, 5)),
        "changeLogId": (_S, (4, 0)), "contextFilter": (_S, (4, 16)),
    },
    "changeSet": {
        "id": (_S, (3, 0)), "author": (_S, (3, 0)), "context": (_S, (3, 0)), "dbms": (_S, (3, 0)),
        "runOnChange": (_B, (3, 0)), "runAlways": (_B, (3, 0)), "failOnError": (_B, (3, 0)),
        "onValidationFail": ("validationFail", (3, 0)), "runInTransaction": (_B, (3, 0)),
        "logicalFilePath": (_S, (3, 0)), "objectQuotingStrategy": ("quoting", (3, 0)), "labels": (_S, (3, 3)),
        "created": (_S, (3, 5)), "runOrder": (_S, (3, 5)), "ignore": (_B, (3, 6)), "runWith": (_S, (3, 10)),
        "contextFilter": (_S, (4, 16)), "runWithSpoolFile": (_S, (4, 21)),
    },
    "include": {
        "file": (_S, (3, 0)), "relativeToChangelogFile": (_B, (3, 0)), "context": (_S, (3, 5)),
        "id": (_S, (3, 7)), "author": (_S, (3, 7)), "labels": (_S, (3, 7)), "ignore": (_S, (3, 7)),
        "created": (_S, (3, 7)), "contextFilter": (_S, (4, 16)), "errorIfMissing": (_B, (4, 23)),
    },
    "includeAll": {
        "path": (_S, (3, 0)), "relativeToChangelogFile": (_B, (3, 0)), "errorIfMissingOrEmpty": (_B, (3, 4)),
        "resourceComparator": (_S, (3, 5)), "filter": (_S, (3, 5)), "context": (_S, (3, 5)),
        "labels": (_S, (4, 13)), "contextFilter": (_S, (4, 16)), "minDepth": (_I, (4, 21)),
        "maxDepth": (_I, (4, 21)), "endsWithFilter": (_S, (4, 24)), "ignore": (_S, (4, 27)),
    },
    "property": {
        "file": (_S, (3, 0)), "name": (_S, (3, 0)), "value": (_S, (3, 0)), "dbms": (_S, (3, 0)),
        "context": (_S, (3, 0)), "labels": (_S, (3, 3)), "global": ("boolean", (3, 4)), "target": (_S, (3, 7)),
        "contextFilter": (_S, (4, 16)), "relativeToChangelogFile": (_B, (4, 20)), "errorIfMissing": (_B, (4, 23)),
    },
    "sql": {
        "stripComments": (_B, (3, 0)), "splitStatements": (_B, (3, 0)), "endDelimiter": (_S, (3, 0)),
        "dbms": (_S, (3, 0)),
    },
    "rollback": {"changeSetPath": (_S, (3, 0)), "changeSetAuthor": (_S, (3, 0)), "changeSetId": (_S, (3, 0))},
    "comment": {},
    "validCheckSum": {},
}  # fmt: skip
_REQUIRED = {"changeSet": ("id", "author"), "include": ("file",), "includeAll": ("path",)}
# the XSD's change elements (changeSetChildren), which a changeSet and a rollback may hold
_CHANGE_NAMES = (
    "comment createTable dropTable createView renameView dropView insert addColumn sql createProcedure "
    "dropProcedure sqlFile renameTable renameColumn dropColumn mergeColumns modifyDataType createSequence "
    "alterSequence dropSequence renameSequence createIndex dropIndex addNotNullConstraint dropNotNullConstraint "
    "addForeignKeyConstraint dropForeignKeyConstraint dropAllForeignKeyConstraints addPrimaryKey dropPrimaryKey "
    "addLookupTable addAutoIncrement addDefaultValue dropDefaultValue addUniqueConstraint dropUniqueConstraint "
    "setTableRemarks setColumnRemarks customChange update delete loadData loadUpdateData executeCommand stop "
    "output empty rollback"
)
CHANGE_TYPES = frozenset(_CHANGE_NAMES.split())
# databaseChangeLog's children, in the order its xs:sequence allows them (the last group repeats mixed)
_ROOT_ORDER = (("removeChangeSetProperty",), ("property",), ("preConditions",),
               ("changeSet", "include", "includeAll", "modifyChangeSets"))  # fmt: skip
# changeSet's children: validCheckSum*, preConditions?, (tagDatabase | changes*), modifySql*
_CHANGESET_ORDER = (("validCheckSum",), ("preConditions",), ("tagDatabase",), tuple(CHANGE_TYPES), ("modifySql",))


class SchemaCheck:
    """Refuses, with file and line, what the XSD named by the changelog would make Liquibase refuse."""

    def __init__(self, path: Path, line: Callable[[ET.Element], int | None]) -> None:
        self.path = path
        self.line = line
        self.version: tuple[int, int] = (4, 28)
        self.xsd = "dbchangelog-4.28.xsd"

    def fail(self, element: ET.Element, message: str) -> ChangelogError:
        return ChangelogError(
            self.path, self.line(element), f"{message} (Liquibase 4.28 refuses it: XML schema {self.xsd})"
        )

    def check(self, root: ET.Element) -> None:
        if _local(root) != "databaseChangeLog":
            return  # the reader names the wrong root
        if _namespace(root) != NAMESPACE:
            raise ChangelogError(
                self.path,
                self.line(root),
                f"<databaseChangeLog> is not in the namespace {NAMESPACE} (xmlns): Liquibase 4.28 refuses it "
                "(\"Cannot find the declaration of element 'databaseChangeLog'\")",
            )
        self._schema_location(root)
        self._attributes(root)
        if ((root.text or "") + "".join(c.tail or "" for c in root)).strip():
            raise self.fail(root, "<databaseChangeLog> holds text outside its elements")
        self._children(root, _ROOT_ORDER)
        for element in root:
            if _namespace(element) == NAMESPACE and _local(element) in _ATTRIBUTES:
                self._element(element)

    def _schema_location(self, root: ET.Element) -> None:
        pairs = (root.get(f"{_XSI}}}schemaLocation") or "").split()
        where = dict(zip(pairs[::2], pairs[1::2], strict=False))
        url = where.get(NAMESPACE)
        if url is None:
            raise ChangelogError(
                self.path,
                self.line(root),
                f"<databaseChangeLog> has no xsi:schemaLocation for {NAMESPACE}: Liquibase 4.28 refuses it "
                "(\"Cannot find the declaration of element 'databaseChangeLog'\"); add "
                f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/dbchangelog-4.28.xsd"',
            )
        match = _XSD_URL.fullmatch(url)
        version = match.group(1) if match else None
        if version is None or (version != "latest" and version not in _BUNDLED):
            raise ChangelogError(
                self.path,
                self.line(root),
                f"xsi:schemaLocation names {url!r}, an XSD Liquibase 4.28 does not bundle (it refuses to fetch "
                f"one: liquibase.secureParsing); use {NAMESPACE}/dbchangelog-<3.0 to 4.28, or latest>.xsd",
            )
        self.xsd = url.rsplit("/", 1)[1]
        if version != "latest":
            major, minor = (int(part) for part in version.split("."))
            self.version = (major, minor)
        if self.version < _OLDEST_CHECKED:
            raise ChangelogError(
                self.path,
                self.line(root),
                f"xsi:schemaLocation names {self.xsd}: the built-in engine checks changelogs against the "
                "dbchangelog 3.0 to 4.28 XSDs only (use dbchangelog-4.28.xsd)",
            )

    def _element(self, element: ET.Element) -> None:
        tag = _local(element)
        self._attributes(element)
        text = element.text or ""
        children = [c for c in element if isinstance(c.tag, str)]
        if tag in ("include", "includeAll", "property"):  # empty content: not even whitespace
            if children:
                raise self.fail(children[0], f"<{tag}> may not hold <{_local(children[0])}>")
            if text:
                hint = " (give the value in the value attribute)" if tag == "property" else ""
                raise self.fail(element, f"<{tag}> must be empty, not even whitespace inside{hint}")
        elif tag == "changeSet" and (text + "".join(c.tail or "" for c in children)).strip():
            raise self.fail(element, "<changeSet> holds text outside its elements")
        if tag == "changeSet":
            self._children(element, _CHANGESET_ORDER)
        elif tag in ("sql", "validCheckSum"):
            comments = [c for c in children if _namespace(c) == NAMESPACE and _local(c) == "comment"]
            for child in children:
                if child not in comments:
                    raise self.fail(child, f"<{tag}> may hold only a <comment>, not <{_local(child)}>")
            if len(comments) > 1:
                raise self.fail(comments[1], f"<{tag}> may hold one <comment> only")
        elif tag == "comment" and children:
            raise self.fail(children[0], f"<comment> is text only, it may not hold <{_local(children[0])}>")
        elif tag == "rollback":
            for child in children:
                if _namespace(child) == NAMESPACE and _local(child) not in CHANGE_TYPES:
                    raise self.fail(child, f"<rollback> may not hold <{_local(child)}>")
        for child in children:
            if _namespace(child) == NAMESPACE and _local(child) in _ATTRIBUTES:
                self._element(child)

    def _children(self, element: ET.Element, order: tuple[tuple[str, ...], ...]) -> None:
        """Children in the order ``order`` allows: each group's elements before any later group's."""
        parent = _local(element)
        stage = 0
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = _local(child)
            if _namespace(child) != NAMESPACE:
                if parent == "changeSet" and stage <= 3:  # changes of other namespaces are allowed (xs:any)
                    stage = 3
                    continue
                raise self.fail(child, f"<{child.tag}> is not allowed in <{parent}>")
            groups = [i for i, group in enumerate(order) if tag in group]
            if not groups or (tag == "empty" and self.version < (3, 2)):
                raise self.fail(child, f"<{tag}> is not an element of <{parent}>")
            group = next((i for i in groups if i >= stage), None)
            if group is None:
                raise self.fail(child, f"<{tag}> is out of order in <{parent}>, which holds {_ORDER_TEXT[parent]}")
            repeats = order[group] not in (("preConditions",), ("tagDatabase",))
            if group == stage and not repeats and stage_seen(element, child, tag):
                raise self.fail(child, f"<{parent}> may hold one <{tag}> only")
            stage = 4 if group == 2 and parent == "changeSet" else group  # tagDatabase excludes changes

    def _attributes(self, element: ET.Element) -> None:
        tag = _local(element)
        allowed = _ATTRIBUTES.get(tag, {})
        for name, value in element.attrib.items():
            if "}" in name:  # the reader's expat gives "namespace}local"
                if name.startswith(f"{_XSI}}}"):
                    if tag == "databaseChangeLog":
                        continue
                    raise self.fail(element, f"<{tag} xsi:{name.rsplit('}', 1)[1]}=...> is not allowed")
                # the XSD lets other namespaces' attributes through, but Liquibase reads them by their local
                # name (e:runAlways="true" makes the changeset runAlways): refused rather than guessed
                raise ChangelogError(
                    self.path,
                    self.line(element),
                    f"<{tag} {name.rsplit('}', 1)[1]}=...> in namespace {name.rsplit('}', 1)[0]}: "
                    "Liquibase reads it as its own attribute; the built-in engine does not",
                )
            kind, since = allowed.get(name, ("", (99, 0)))
            if since > self.version:
                raise self.fail(element, f'<{tag} {name}="{value}">: the attribute is not allowed')
            if not _valid(kind, value):
                raise self.fail(element, f'<{tag} {name}="{value}">: not a valid {_KIND_NAMES.get(kind, kind)}')
        for name in _REQUIRED.get(tag, ()):
            if name not in element.attrib:
                raise self.fail(element, f"<{tag}> needs the {name} attribute")


_KIND_NAMES = {
    _B: "boolean (true, false, 1, 0 or ${property})",
    "boolean": "boolean (true, false, 1 or 0)",
    _I: "integer or ${property}",
    "quoting": "objectQuotingStrategy",
    "validationFail": "onValidationFail (HALT or MARK_RAN)",
}


def stage_seen(element: ET.Element, child: ET.Element, tag: str) -> bool:
    """Whether ``tag`` already occurred among ``element``'s children before ``child``."""
    for other in element:
        if other is child:
            return False
        if isinstance(other.tag, str) and other.tag == child.tag:
            return True
    return False


def _valid(kind: str, value: str) -> bool:
    collapsed = " ".join(value.split())  # xs:boolean and xs:integer collapse whitespace; strings do not
    if kind in (_B, "boolean") and collapsed in ("true", "false", "1", "0"):
        return True
    if kind == _I and re.fullmatch(r"[+-]?\d+", collapsed):
        return True
    if kind in (_B, _I):
        return bool(_PROPERTY_EXPRESSION.fullmatch(value))
    if kind in _ENUMS:
        return value in _ENUMS[kind]
    return kind == _S


def _namespace(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[0].lstrip("{") if "}" in element.tag else ""


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]
