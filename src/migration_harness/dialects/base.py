"""What a database dialect owns: every SQL fragment the harness issues that differs between engines.

One subclass per engine (``mysql.py``, ``clickhouse.py``), as alembic keeps one implementation class per
dialect. Methods build SQL text from names the caller already quoted where it says so; the few that must
ask the server (sizes, free disk) take the engine.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .quoting import ident, literal, qualified

if TYPE_CHECKING:
    from ..engines import Engine


class Dialect(abc.ABC):
    name: str  # what changelogs and specs call the database: "mysql" or "clickhouse"
    liquibase_name: str  # what Liquibase's dbms attribute calls it: "mysql", "mariadb", "clickhouse"
    transactions = False  # statements of a changeset can run in one transaction
    clusters = False  # ON CLUSTER / Replicated* exist and may need a single-node rewrite
    merges_later = False  # rows sharing a dedup key are stored apart until a background merge collapses them
    key_marker = ""  # how Engine.columns marks a column of the identifying key ("PRI", "sorting")
    wide_key_hash = False  # key_hash has 64 bits: collisions rare enough to group on it as a first look
    # Group parity counts each side per group before combining (MariaDB: 4x faster than grouping the union of
    # both sides' rows, which fills a temporary table with every row); ClickHouse aggregates the union faster.
    groups_each_side_first = False

    # ---- reading as declared ----------------------------------------------------------------------------

    @abc.abstractmethod
    def read_table(self, database: str, table: str, read: str = "", where: str = "") -> str:
        """A FROM-clause source reading ``table`` as declared (``read = "FINAL"``), rows filtered by ``where``
        (a spec filter that may name the table itself, which is its alias)."""

    @abc.abstractmethod
    def null_safe_equal(self, left: str, right: str, types: tuple[str, str] = ("", "")) -> str:
        """Condition: the two expressions hold the same value, NULL matching NULL. ``types`` are their declared
        column types where known (a literal's: ``"text"`` or ``"number"``): SQL equality alone is not the same
        value for every pair of types (NaN never equals NaN; a case-insensitive collation takes 'A' for 'a')."""

    def equality_is_loose(self, types: tuple[str, str]) -> bool:
        """Whether ``=`` can pair two different values of these declared types (a join on such a key matches
        'A' with 'a'), so :meth:`null_safe_equal` must look again at a pair the join matched."""
        return False

    # Whether :meth:`comparable` needs the declared types (the checks read them only where it does).
    typed_comparisons = False

    def comparable(self, left: str, right: str, types: tuple[str, str]) -> tuple[str, str]:
        """The two expressions, of declared ``types``, as they can be compared, joined or grouped together."""
        return left, right

    def exactly(self, value: str) -> str:
        """``value`` (of a type whose equality :meth:`equality_is_loose`) as an expression that equals, groups and
        joins only the same value."""
        return value

    def merges_rows(self, engine: str) -> bool:
        """Whether a table of storage ``engine`` merges rows of one key (ClickHouse's Replacing and kin), so
        that what it holds is what it reads FINAL: superseded rows a merge may drop at any moment are no data."""
        return False

    def table_engine_query(self, database: str, table: str) -> str:
        """A query of ``database.table``'s storage engine (one row, one value; none where not known)."""
        return "SELECT NULL"

    def is_uuid(self, type: str) -> bool:
        """Whether a column of declared ``type`` holds UUIDs as a type of their own (case-free hex text)."""
        return False

    def folded_text(self, value: str) -> str:
        """``value`` as lower-case text: how a UUID compares with a UUID held as text in any case (RFC 9562:
        hex digits are case-insensitive on input)."""
        return f"LOWER({value})"

    @abc.abstractmethod
    def key_hash(self, columns: Sequence[str]) -> str:
        """An unsigned integer hash of already-quoted column expressions, for sampling and halving."""

    @abc.abstractmethod
    def row_hash_sum(self, columns: Sequence[str]) -> str:
        """An order-independent, duplicate-sensitive hash of a multiset of rows over ``columns`` (names)."""

    @abc.abstractmethod
    def row_checksums(self, values: Sequence[str]) -> list[str]:
        """Aggregates that together checksum a group of rows over ``values`` (exact-text SQL expressions, see
        :meth:`exact_value`): order-independent, duplicate-sensitive, at least 60 bits per row, so that two
        groups of equal count and equal checksums hold the same rows (diffs.py compares buckets by them)."""

    def exact_value(self, column: str, type: str) -> str:
        """The quoted ``column`` of declared ``type`` as an expression whose text tells any two stored values apart."""
        return column

    def checksums_agree(self, type: str, other: str) -> bool:
        """Whether equal :meth:`row_checksums` of a column of declared ``type`` and one of ``other`` mean equal
        values as SQL compares them. By default only for equal types: hashes of stored bytes take Int32 -1
        for UInt32 4294967295."""
        return type == other

    def reads_alike_elsewhere(self, type: str) -> bool:
        """Whether another engine reading a column of declared ``type`` through a table function gets the
        same text for each value as this engine's driver gives Python (whole numbers, text)."""
        return False

    def integer_type(self, type: str) -> bool:
        """Whether a column of declared ``type`` holds whole numbers: a key that can be cut into ranges."""
        return False

    def range_bucket(self, column: str, low: int, width: int) -> str:
        """Which ``width``-wide range of whole numbers, counted from ``low``, the quoted ``column`` is in."""
        return f"FLOOR(({column} - {low}) / {width})"

    def query_settings(self, *pairs: str) -> str:
        """A trailing per-query settings clause, where the engine has one."""
        return ""

    def analytic(self, sql: str) -> str:
        """``sql`` as the checks run it (join strategy hints); the migration's own SQL runs as written."""
        return sql

    # ---- values brought over from another server (cross-database relations) ---------------------------

    @abc.abstractmethod
    def member_of(self, value: str, values: str) -> str:
        """Condition: ``value`` is among the ``v`` column of the query ``values``, compared as text byte for
        byte (the form values take when brought over from another server), NULL matching NULL."""

    @abc.abstractmethod
    def keys_table(self, name: str) -> str:
        """CREATE a session-only table ``name`` with one nullable text column ``v`` (allowed read-only too)."""

    @abc.abstractmethod
    def drop_keys_table(self, name: str) -> str: ...

    # ---- writing ------------------------------------------------------------------------------------------

    @abc.abstractmethod
    def not_in_copy(self, table_alias: str, keys: Sequence[str], copy: str) -> str:
        """Condition: the row's ``keys`` are not in the qualified table ``copy`` (NULL keys compare equal)."""

    @abc.abstractmethod
    def delete_where(self, table: str, alias: str, condition: str) -> str:
        """A statement deleting, synchronously, the rows of qualified ``table`` (aliased) matching ``condition``."""

    @abc.abstractmethod
    def copy_table(
        self,
        copy: str,
        source: str,
        columns: Sequence[str],
        engine: str = "",
        partitions: Sequence[str] = (),
        keys: Sequence[str] = (),
    ) -> list[str]:
        """Statements making ``copy`` hold every row of ``source`` over ``columns``, duplicates kept
        (``engine``: the source's table engine, where the dialect has them; ``partitions``: the ids of the
        partitions it holds, where :meth:`partitions_query` gives them; ``keys``: its indexes' column lists,
        where :meth:`copy_keys_query` gives them)."""

    def copy_keys_query(self, database: str) -> str | None:
        """(table, column list) of each index of ``database``'s tables that a copy should have too, so a
        spec's subquery on the copy (the customer kept for this one's email) finds its rows by index; None:
        copies need none."""
        return None

    def stand_in(self, sql: str) -> tuple[str, list[str]]:
        """A changelog statement as this server runs what the changelog's own server means (MariaDB standing
        in for MySQL 8), and notes of what changed for the report; unchanged by default."""
        return sql, []

    def readable(self, expr: str, declared: str) -> str:
        """A value as a failure shows it (a ClickHouse aggregate state as what it finalizes to)."""
        return expr

    def checks_query(self, database: str, table: str) -> str | None:
        """What :meth:`checks` reads the table's CHECK constraints from; None where there are none."""
        return None

    def checks(self, rows: Sequence[Sequence[object]]) -> list[tuple[str, str]]:
        """(name, condition) of each CHECK constraint, from the rows of :meth:`checks_query`."""
        return [(str(name), str(condition)) for name, condition in rows]

    def spec_sql(self, text: str) -> str:
        """SQL the spec wrote (a filter, an expression) as this server runs it (see :meth:`stand_in`)."""
        return self.stand_in(text)[0]

    def refusal_hint(self, error: str) -> str:
        """What to do when this server refused a changelog statement its own server may run (MariaDB standing
        in for MySQL 8); "" by default."""
        return ""

    def referenced_columns_query(self, database: str) -> str | None:
        """(table, column) rows of the columns foreign keys of ``database`` point at; None: no foreign keys."""
        return None

    def partitions_query(self, database: str, table: str, engine: str) -> str | None:
        """The ids of the partitions ``copy_table`` needs for a table of ``engine``; None: it needs none."""
        return None

    def empty_tables(self, tables: Sequence[str]) -> list[str]:
        """Statements that delete every row of the (unquoted) ``tables`` of the bound database, as new."""
        return [f"TRUNCATE TABLE {ident(t)}" for t in tables]

    def compact_bookkeeping(self) -> list[str]:
        """Statements that leave Liquibase's bookkeeping tables as cheap to change as new ones (a database
        reused for run after run); none where nothing builds up."""
        return []

    def create_database(self, name: str) -> str:
        return f"CREATE DATABASE {ident(name)}"

    def drop_database(self, name: str) -> str:
        return f"DROP DATABASE IF EXISTS {ident(name)}"

    def owner_table(self, qualified_name: str) -> str:
        """CREATE TABLE for the row naming who made a run's scratch databases (see targets/owners.py)."""
        return (
            f"CREATE TABLE {qualified_name} (host VARCHAR(255), pid BIGINT, process_started DOUBLE, "
            "run_started VARCHAR(40), version VARCHAR(40))"
        )

    @abc.abstractmethod
    def databases_query(self, prefix: str) -> str:
        """Names of the databases whose name starts with ``prefix``."""

    # ---- catalogue ----------------------------------------------------------------------------------------

    @abc.abstractmethod
    def layout_query(self, database: str, table: str) -> str:
        """Rows describing engine, keys and indexes of a table: part of its schema fingerprint."""

    def layout(self, rows: Sequence[Sequence[object]]) -> list[tuple[str, ...]]:
        """The fingerprint's layout items from what ``layout_query`` returned."""
        return [tuple(str(v) for v in r) for r in rows]

    @abc.abstractmethod
    def objects_query(self, database: str) -> str:
        """(kind, name, definition) rows for the schema objects of ``database`` that are not base tables
        (views, triggers, routines, ...): part of its schema fingerprint."""

    @abc.abstractmethod
    def insert_side_effects_query(self, database: str, table: str) -> str:
        """Names (one column) of what an INSERT into ``table`` also writes to: materialized views reading it,
        triggers on insert."""

    @abc.abstractmethod
    def table_exists_query(self, database: str, table: str, view: bool = False) -> str:
        """COUNT of tables (or views) named ``table`` in ``database``, letter case as written (Liquibase finds
        ``PRE_X`` no table ``pre_x`` on a server that tells them apart)."""

    @abc.abstractmethod
    def column_exists_query(self, database: str, table: str, column: str) -> str:
        """COUNT of columns named ``column`` (letter case ignored, as MySQL does) of ``table`` in ``database``."""

    @abc.abstractmethod
    def index_exists_query(self, database: str, table: str | None, index: str) -> str:
        """COUNT of indexes (ClickHouse: skip indexes) named ``index`` in ``database`` (of ``table`` if given)."""

    @abc.abstractmethod
    def table_sizes_query(self, database: str) -> str:
        """(table, bytes on disk) rows for every table of ``database``."""

    @abc.abstractmethod
    def free_bytes(self, engine: Engine) -> int | None:
        """Free space where the server keeps its data, or None where it cannot be seen from here."""


__all__ = ["Dialect", "ident", "literal", "qualified"]
