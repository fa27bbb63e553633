"""What the checks and comparisons find, as data, and the one place it becomes a sentence.

A :class:`Finding` carries its kind, where it is (database, table, column), how many rows and a few
rendered example rows; suites decide on kinds, the terminal and report print ``str(finding)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    # declared invariants (checks.py)
    ROW_COUNT = "row count"
    MERGE_WILL_COLLAPSE = "merge will collapse"
    GROUP_COUNTS = "group counts"
    NOT_MIGRATED = "not migrated"
    MIGRATED_TWICE = "migrated twice"
    COLUMN_DIFFERS = "column differs"
    CONSTANT_DIFFERS = "constant differs"
    ORPHAN_TARGET = "orphan target"
    ID_RULE = "id rule"
    DANGLING = "dangling values"
    ROLLUP_TOTALS = "rollup totals"
    # schema comparisons (fingerprints.py)
    TABLE_MISSING = "table missing"
    TABLE_LEFT_BEHIND = "table left behind"
    COLUMN_MISSING = "column missing"
    COLUMN_LEFT_BEHIND = "column left behind"
    COLUMN_CHANGED = "column changed"
    COLUMN_ORDER = "column order"
    LAYOUT_CHANGED = "layout changed"
    OBJECT_MISSING = "object missing"
    OBJECT_LEFT_BEHIND = "object left behind"
    OBJECT_CHANGED = "object changed"
    # row comparisons (diffs.py)
    ROWS_DIFFER = "rows differ"
    ROWS_LOST = "rows lost"
    BYTES_DIFFER = "bytes differ"


_TEMPLATES: dict[Kind, str] = {
    Kind.ROW_COUNT: "{label}: {source_rows} row(s) in source {source}{read}, but {target_rows} migrated row(s) in "
    "{target} ({delta:+d}){why}",
    Kind.MERGE_WILL_COLLAPSE: "{label}: {source_rows} row(s) in source and in {target} now, but the next merge "
    "will lose some{why}",
    Kind.GROUP_COUNTS: "{label}: {count} group(s) by {groups} have different counts, e.g. {examples}",
    Kind.NOT_MIGRATED: "{label}: {count} source row(s) of {source} have no migrated row in {target}: {examples}{why}",
    Kind.MIGRATED_TWICE: "{label}: {count} key(s) appear more than once in {target}: {examples}",
    Kind.COLUMN_DIFFERS: "{label}: column {target}.{column} differs from {origin} in {count} row(s): {examples}",
    Kind.CONSTANT_DIFFERS: "{label}: {target}.{column} must be {value!r} on every migrated row, found {examples}",
    Kind.ORPHAN_TARGET: "{label}: {count} migrated row(s) match no {source} row by key, so their IDs break the "
    "rule {rules}: {examples}",
    Kind.ID_RULE: "{label}: {count} row(s) break the ID rule {rule}: {examples}",
    Kind.ROLLUP_TOTALS: "{label}: {count} group(s) by {groups} differ, e.g. {examples}{why}",
    Kind.DANGLING: "{relation}: {count} value(s) of {database} {table}.{column} have no match in {to}: {examples}",
    Kind.TABLE_MISSING: "{what} {table} is missing (it existed before)",
    Kind.TABLE_LEFT_BEHIND: "{what} {table} is left behind (it did not exist before)",
    Kind.COLUMN_MISSING: "table {table}: column {column} is missing",
    Kind.COLUMN_LEFT_BEHIND: "table {table}: column {column} is left behind",
    Kind.COLUMN_CHANGED: "table {table}: column {column} changed from {old} to {new}",
    Kind.COLUMN_ORDER: "table {table}: column order changed",
    Kind.LAYOUT_CHANGED: "table {table}: definition changed: {old} before, {new} now",
    Kind.OBJECT_MISSING: "{table} is missing (it existed before)",
    Kind.OBJECT_LEFT_BEHIND: "{table} is left behind (it did not exist before)",
    Kind.OBJECT_CHANGED: "{table}: its definition changed",
    Kind.ROWS_DIFFER: "table {table}: {lost} row(s) only {before}, {gained} row(s) only {after}{examples}",
    Kind.ROWS_LOST: "table {table}: {lost} row(s) of {before} are gone or changed {after}{examples}",
    Kind.BYTES_DIFFER: "table {table}: data changed (values the engine compares as equal differ byte for byte)",
}
# How example rows are joined inside the sentence.
_JOINERS: dict[Kind, str] = {
    Kind.CONSTANT_DIFFERS: ", ",
    Kind.DANGLING: ", ",
    Kind.ROWS_DIFFER: "",
    Kind.ROWS_LOST: "",
}


@dataclass(frozen=True)
class Finding:
    """One thing found wrong: what kind, where, how many rows, a few examples already shown as text."""

    kind: Kind
    database: str = ""
    table: str = ""
    column: str = ""
    count: int = 0
    examples: tuple[str, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)  # the rest of what the sentence names

    def __str__(self) -> str:
        examples = _JOINERS.get(self.kind, "; ").join(self.examples)
        values = {"database": self.database, "table": self.table, "column": self.column, "count": self.count}
        return _TEMPLATES[self.kind].format(**values, **self.facts, examples=examples)


def render(findings: list[Finding] | list[str]) -> list[str]:
    return [str(f) for f in findings]
