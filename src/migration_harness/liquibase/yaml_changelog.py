"""YAML and JSON changelogs, read into the element tree an XML changelog gives.

Liquibase reads all three formats into the same node tree (its ``ParsedNode``) before it builds changesets:
a key with a scalar value is what XML writes as an attribute, a list or mapping is what XML writes as child
elements. So a YAML changelog becomes the ``<databaseChangeLog>`` element its XML equivalent would be, and
the XML reader does the rest (properties, includes, changesets, checksums). Differences of the format:

- a changeset's changes sit under ``changes:``; in XML they are the changeset's own children;
- ``rollback:`` is SQL text, one change (a mapping) or a list of changes;
- ``comment:`` and ``validCheckSum:`` are values; in XML they are elements with text;
- a change given as a string (``- sql: DROP TABLE t``) is its text, as ``<sql>DROP TABLE t</sql>``;
- JSON is read by the same parser (Liquibase's JSON parser is its YAML parser).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from ..errors import ChangelogError
from .text import decode_utf8

YAML_SUFFIXES = (".yaml", ".yml", ".json")
_TEXT_ELEMENTS = {"comment", "validCheckSum"}  # a value that XML writes as the element's text


class _Tree:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[ET.Element, int] = {}

    def element(self, tag: str, node: yaml.Node, line_of: yaml.Node) -> ET.Element:
        """``tag`` with ``node``'s value: scalars of a mapping as attributes, the rest as children."""
        element = ET.Element(tag)
        self.lines[element] = line_of.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag != "tag:yaml.org,2002:null":
                element.text = _text(node)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.children(element, item)
        elif tag == "rollback":  # one change, as a list of one
            self.children(element, node)
        else:
            for key, value in node.value:
                name = _text(key)
                if tag == "changeSet" and name == "changes":
                    self.changes(element, value)
                elif tag == "changeSet" and name == "rollback":  # SQL text too: an element, never an attribute
                    element.append(self.element(name, value, key))
                elif name in _TEXT_ELEMENTS:
                    for one in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                        element.append(self.element(name, one, key))
                elif name == tag and isinstance(value, yaml.ScalarNode):
                    element.text = _text(value)  # `sql: {sql: "..."}`: the change's own text
                elif isinstance(value, yaml.ScalarNode):
                    if value.tag != "tag:yaml.org,2002:null":
                        element.set(name, _text(value))
                else:
                    element.append(self.element(name, value, key))
        return element

    def children(self, parent: ET.Element, item: yaml.Node) -> None:
        """A list item: ``{tag: value}`` mappings become elements named by their keys."""
        if not isinstance(item, yaml.MappingNode):
            raise ChangelogError(
                self.path, item.start_mark.line + 1, f"expected `name: value` items in a list, got {_shown(item)}"
            )
        for key, value in item.value:
            parent.append(self.element(_text(key), value, key))

    def changes(self, changeset: ET.Element, node: yaml.Node) -> None:
        if not isinstance(node, yaml.SequenceNode):
            raise ChangelogError(self.path, node.start_mark.line + 1, "changes: must be a list of changes")
        for item in node.value:
            self.children(changeset, item)


def _text(node: yaml.Node) -> str:
    """A scalar as Liquibase's parser hands it on: YAML booleans as Java prints them (``true``)."""
    value = str(node.value)
    if node.tag == "tag:yaml.org,2002:bool":
        return "true" if yaml.safe_load(value) else "false"
    return value


def _shown(node: yaml.Node) -> str:
    return repr(str(node.value))[:60] if isinstance(node, yaml.ScalarNode) else type(node).__name__[:-4].lower()


def read_yaml_changelog(path: Path) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The ``<databaseChangeLog>`` element of a YAML or JSON changelog, and each element's line."""
    text = decode_utf8(path, path.read_bytes(), "changelog")
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not a YAML document"
        raise ChangelogError(path, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ChangelogError(path, None, f"invalid YAML: {exc}") from None
    if not isinstance(document, yaml.MappingNode) or [_text(k) for k, _ in document.value] != ["databaseChangeLog"]:
        line = document.start_mark.line + 1 if document is not None else None
        raise ChangelogError(path, line, "the document must be one mapping, databaseChangeLog: [ ... ]")
    key, items = document.value[0]
    if not isinstance(items, yaml.SequenceNode):
        raise ChangelogError(path, key.start_mark.line + 1, "databaseChangeLog: must be a list")
    tree = _Tree(path)
    root = tree.element("databaseChangeLog", items, key)
    return root, tree.lines
