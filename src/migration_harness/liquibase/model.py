"""What a parsed changelog is: changesets in execution order, each with the SQL Liquibase would run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# change types whose rollback Liquibase 4.28 generates when a changeset declares none (their inverse needs
# nothing the change does not say); <sql>, insert, update, delete, drop* and loadData have none
AUTO_ROLLBACK = frozenset({
    "addColumn", "addForeignKeyConstraint", "addPrimaryKey", "addUniqueConstraint", "createIndex", "createSequence",
    "createTable", "createView", "renameColumn", "renameTable", "renameView", "tagDatabase",
})  # fmt: skip


@dataclass
class Precondition:
    """One precondition: a ``--precondition-*`` line of formatted SQL, or an element of an XML (YAML, JSON)
    ``<preConditions>``. ``kind``: ``sql-check`` (sql, expected), ``table-exists`` and ``view-exists`` (table,
    schema), ``column-exists`` (table, column), ``index-exists`` (name, table), ``row-count`` (table, expected),
    ``table-is-empty`` (table), ``dbms`` (expected: the type list), or ``and``/``or``/``not`` of ``nested``."""

    kind: str
    sql: str | None = None
    expected: str | None = None
    table: str | None = None
    schema: str | None = None
    column: str | None = None
    name: str | None = None
    nested: list[Precondition] = field(default_factory=list)


@dataclass
class Preconditions:
    on_fail: str = "HALT"
    on_error: str = "HALT"
    items: list[Precondition] = field(default_factory=list)


@dataclass
class ChangeSet:
    id: str
    author: str
    filename: str  # the logical path Liquibase records in DATABASECHANGELOG.FILENAME
    line: int
    sql: str = ""  # the property-expanded, trimmed body the checksum is computed from
    statements: list[str] = field(default_factory=list)
    rollback: list[str] = field(default_factory=list)
    rollback_declared: bool = False
    rollback_not_required: bool = False  # '--rollback not required' / 'empty': rolling back is a no-op
    tag: str | None = None  # set by an XML <tagDatabase>
    checksum: str = ""
    run_always: bool = False
    run_on_change: bool = False
    fail_on_error: bool = True
    run_in_transaction: bool = True
    split_statements: bool = True
    strip_comments: bool = True
    end_delimiter: str | None = None
    contexts: str | None = None
    labels: str | None = None
    # context/label filters of the <include>/<includeAll> elements that pulled the changeset in, innermost
    # first: Liquibase requires each to match on its own and stores them joined with the changeset's own
    inherited_contexts: list[str] = field(default_factory=list)
    inherited_labels: list[str] = field(default_factory=list)
    dbms: str | None = None
    comment: str | None = None
    description: str = "sql"  # DATABASECHANGELOG.DESCRIPTION: the change type names joined by "; "
    valid_checksums: list[str] = field(default_factory=list)
    preconditions: Preconditions | None = None
    ignore: bool = False
    physical_path: Path | None = None
    # change types only Liquibase itself runs (createTable, insert, ...), accepted when the spec's runner is
    # Liquibase: the built-in engine knows neither their SQL nor their checksum
    foreign: list[str] = field(default_factory=list)
    foreign_rollback: list[str] = field(default_factory=list)  # the same, inside <rollback>
    foreign_preconditions: bool = False  # an XML <preConditions>, which only Liquibase evaluates

    @property
    def key(self) -> str:
        return f"{self.filename}::{self.id}::{self.author}"

    @property
    def rolls_back_itself(self) -> bool:
        """No <rollback>, and every change is one Liquibase writes the inverse of (createTable -> dropTable)."""
        return (
            not self.rollback_declared
            and not self.statements
            and bool(self.foreign)
            and all(change in AUTO_ROLLBACK for change in self.foreign)
        )

    def __repr__(self) -> str:
        return f"<ChangeSet {self.key} line {self.line}>"


@dataclass
class ChangeLog:
    path: Path
    changesets: list[ChangeSet] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    # The databases (Liquibase short names) the parse is valid for: every dbms-dependent choice (a
    # ``<property dbms>``, an ``<sql dbms>``) came out the same for each of them.
    dbms: str = "mysql,mariadb,clickhouse"
    contexts: str | None = None  # the run contexts context-filtered properties were resolved for
    context_properties: list[str] = field(default_factory=list)  # "file:line name" of each such property

    def find(self, key: str) -> ChangeSet | None:
        for cs in self.changesets:
            if cs.key == key:
                return cs
        return None
