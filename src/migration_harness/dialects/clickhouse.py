"""ClickHouse, as a server or embedded (chdb): the same SQL."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .base import Dialect
from .quoting import ident, literal, qualified

if TYPE_CHECKING:
    from ..engines import Engine


# Background merges only merge parts smaller than these; an explicit OPTIMIZE and mutations still run.
NO_BACKGROUND_MERGES = (
    "max_bytes_to_merge_at_max_space_in_pool = 1, max_bytes_to_merge_at_min_space_in_pool = 1, "
    "max_number_of_merges_with_ttl_in_pool = 0, merge_with_ttl_timeout = 2000000000"
)
# Engines whose tables can be read FINAL (not the Replicated ones: see copy_table).
_READS_FINAL = re.compile(r"(Replacing|Collapsing|VersionedCollapsing|Summing|Aggregating|Coalescing)MergeTree")
_UUID = re.compile(r"((Nullable|LowCardinality)\()*UUID\)*")
_FLOAT = re.compile(r"(Nullable\()?Float(32|64)\)?")
# Text as a column type (or a text literal, "text"): compared with another type it has no common supertype.
_TEXT = re.compile(r"((Nullable|LowCardinality)\()*(String|FixedString\(\d+\)|text)\)*")
_LOW_CARDINALITY = re.compile(r"LowCardinality\((.*)\)")
_FIXED_STRING = re.compile(r".*FixedString\(\d+\).*")


class ClickHouseDialect(Dialect):
    name = "clickhouse"
    liquibase_name = "clickhouse"
    clusters = True
    merges_later = True
    key_marker = "sorting"
    wide_key_hash = True

    def read_table(self, database: str, table: str, read: str = "", where: str = "") -> str:
        final = " FINAL" if read == "FINAL" else ""
        condition = f" WHERE {where}" if where else ""
        # ``*`` of every column a mapping may name, MATERIALIZED and ALIAS ones included.
        wide = " SETTINGS asterisk_include_materialized_columns = 1, asterisk_include_alias_columns = 1"
        return f"(SELECT * FROM {qualified(database, table)} AS {ident(table)}{final}{condition}{wide})"

    def null_safe_equal(self, left: str, right: str, types: tuple[str, str] = ("", "")) -> str:
        if self._text_and_other(types):
            read_left, read_right = self.comparable(left, right, types)
            both_null = f"(({left}) IS NULL) = (({right}) IS NULL)"  # text the other type cannot read is no NULL
            return f"(isNotDistinctFrom({read_left}, {read_right}) AND {both_null})"
        if any(_FIXED_STRING.fullmatch(t) for t in types):
            # Against a String, isNotDistinctFrom reads a Nullable FixedString without its zero padding ('\0\0'
            # is then not '\0\0') and = with it: the counts (Nullable under a LEFT JOIN) and examples differed.
            return f"((({left}) IS NULL AND ({right}) IS NULL) OR ifNull(({left}) = ({right}), 0))"
        if any(_is_state(t) for t in types):  # states compare as what they finalize to
            left, right = f"finalizeAggregation({left})", f"finalizeAggregation({right})"
        same = f"isNotDistinctFrom({left}, {right})"
        if all(_FLOAT.fullmatch(t) for t in types):  # NaN: on a non-Nullable Float column it is distinct from NaN
            return f"({same} OR ifNull(isNaN({left}) AND isNaN({right}), 0))"
        return same

    typed_comparisons = True

    def readable(self, expr: str, declared: str) -> str:
        return f"finalizeAggregation({expr})" if _is_state(declared) else expr

    def comparable(self, left: str, right: str, types: tuple[str, str]) -> tuple[str, str]:
        # ClickHouse finds no common type for String and UUID, IPv4, DateTime64, numbers... (a migration that
        # types a String column): the text side is read as the other side's type, NULL where it cannot be.
        if not self._text_and_other(types):
            return left, right
        if _TEXT.fullmatch(types[0]):
            return self._read_as(left, types[1]), right
        return left, self._read_as(right, types[0])

    @staticmethod
    def _text_and_other(types: tuple[str, str]) -> bool:
        known = all(types) and "number" not in types  # a number literal against text: left as written
        return known and (_TEXT.fullmatch(types[0]) is None) != (_TEXT.fullmatch(types[1]) is None)

    @staticmethod
    def _read_as(value: str, type: str) -> str:
        plain = _LOW_CARDINALITY.sub(r"\1", type)
        return f"accurateCastOrNull({value}, {literal(plain)})"

    def merges_rows(self, engine: str) -> bool:
        return _READS_FINAL.fullmatch(engine) is not None

    def table_engine_query(self, database: str, table: str) -> str:
        return f"SELECT engine FROM system.tables WHERE database = {literal(database)} AND name = {literal(table)}"

    def is_uuid(self, type: str) -> bool:
        return _UUID.fullmatch(type) is not None

    def folded_text(self, value: str) -> str:
        return f"lower(toString({value}))"

    def key_hash(self, columns: Sequence[str]) -> str:
        return f"cityHash64({', '.join(columns)})"

    def row_hash_sum(self, columns: Sequence[str]) -> str:
        return f"toString(sum(cityHash64(toString(tuple({', '.join(ident(c) for c in columns)})))))"

    def row_checksums(self, values: Sequence[str]) -> list[str]:
        # The tuple is hashed as stored (NULL apart from '' and 'NULL', floats bit for bit), ten times faster
        # than hashing its text; a sum of UInt64 wraps modulo 2^64, which keeps it duplicate-sensitive.
        return [f"sum(cityHash64(tuple({', '.join(values)})))"]

    def integer_type(self, type: str) -> bool:
        return re.match(r"(Nullable\()?U?Int(8|16|32|64)\b", type) is not None

    def range_bucket(self, column: str, low: int, width: int) -> str:
        return f"intDiv({column} - {low}, {width})"

    def query_settings(self, *pairs: str) -> str:
        return f" SETTINGS {', '.join(pairs)}" if pairs else ""

    def member_of(self, value: str, values: str) -> str:
        pair = "toString(assumeNotNull({0})), isNull({0})"  # never NULL: IN builds one hash set
        return f"(({pair.format(value)}) IN (SELECT {pair.format('v')} FROM ({values}) mh_i))"

    def foreign_table(self, login: tuple[str, str, int, str], database: str, table: str) -> str | None:
        """A table function reading ``table`` of another server (see ``Engine.plain_login``); None for a
        protocol ClickHouse does not speak."""
        protocol, host, port, user = login
        if protocol != "mysql":
            return None
        return f"mysql({literal(f'{host}:{port}')}, {literal(database)}, {literal(table)}, {literal(user)}, '')"

    def keys_table(self, name: str) -> str:
        return f"CREATE TEMPORARY TABLE {ident(name)} (v Nullable(String)) ENGINE = Memory"

    def drop_keys_table(self, name: str) -> str:
        return f"DROP TEMPORARY TABLE IF EXISTS {ident(name)}"

    def not_in_copy(self, table_alias: str, keys: Sequence[str], copy: str) -> str:
        cols = ", ".join(ident(k) for k in keys)
        return f"({cols}) NOT IN (SELECT {cols} FROM {copy})"

    def delete_where(self, table: str, alias: str, condition: str) -> str:
        return f"ALTER TABLE {table} DELETE WHERE {condition} SETTINGS mutations_sync = 2"

    def compact_bookkeeping(self) -> list[str]:
        # Every record and lock is a part, and a rollback's ALTER ... DELETE waits for merges of them: after 25
        # reuses a delete took 208 ms on average (median 10 ms, up to seconds) against 9 ms when merged first.
        return ["OPTIMIZE TABLE DATABASECHANGELOG FINAL", "OPTIMIZE TABLE DATABASECHANGELOGLOCK FINAL"]

    def copy_table(
        self,
        copy: str,
        source: str,
        columns: Sequence[str],
        engine: str = "",
        partitions: Sequence[str] = (),
        keys: Sequence[str] = (),
    ) -> list[str]:
        cols = ", ".join(ident(c) for c in columns)
        if not self.merges_rows(engine):
            # A plain MergeTree keeps every physical row.
            return [f"CREATE TABLE {copy} ENGINE = MergeTree ORDER BY tuple() AS SELECT {cols} FROM {source}"]
        # The same engine and the same parts (attached, not re-inserted: among versions of a row with equal
        # version, FINAL keeps the last one written, which a re-insert would reorder), so the copy reads FINAL
        # as the table did (a mapping's source_at = "before"), with merges off. Never a Replicated one: its
        # clone would join the table's replicas.
        return [
            f"CREATE TABLE {copy} AS {source}",
            f"ALTER TABLE {copy} MODIFY SETTING {NO_BACKGROUND_MERGES}",
            *(f"ALTER TABLE {copy} ATTACH PARTITION ID {literal(p)} FROM {source}" for p in partitions),
        ]

    def partitions_query(self, database: str, table: str, engine: str) -> str | None:
        if not self.merges_rows(engine):
            return None
        return (
            "SELECT DISTINCT partition_id FROM system.parts WHERE active "
            f"AND database = {literal(database)} AND table = {literal(table)} ORDER BY partition_id"
        )

    def drop_database(self, name: str) -> str:
        return f"DROP DATABASE IF EXISTS {ident(name)} SYNC"

    def databases_query(self, prefix: str) -> str:
        return f"SELECT name FROM system.databases WHERE startsWith(name, {literal(prefix)}) ORDER BY name"

    def owner_table(self, qualified_name: str) -> str:
        return (
            f"CREATE TABLE {qualified_name} (host String, pid Int64, process_started Float64, run_started String, "
            "version String) ENGINE = TinyLog"
        )

    def layout_query(self, database: str, table: str) -> str:
        return (
            "SELECT engine, sorting_key, primary_key, partition_key, create_table_query FROM system.tables "
            f"WHERE database = {literal(database)} AND name = {literal(table)}"
        )

    def layout(self, rows: Sequence[Sequence[object]]) -> list[tuple[str, ...]]:
        # Skip indexes, projections, constraints and TTL are only in the definition on every server version
        # (system.projections is new): a rollback that leaves a projection behind changed the table.
        items: list[tuple[str, ...]] = []
        for engine, sorting, primary, partition, create in rows:
            items.append((str(engine), str(sorting), str(primary), str(partition)))
            items += definition_items(str(create))
        return items

    def checks_query(self, database: str, table: str) -> str | None:
        where = f"database = {literal(database)} AND name = {literal(table)}"
        return f"SELECT create_table_query FROM system.tables WHERE {where}"

    def checks(self, rows: Sequence[Sequence[object]]) -> list[tuple[str, str]]:
        # Only in the definition: CONSTRAINT name CHECK condition (an ASSUME is not enforced).
        found = []
        for (create,) in rows:
            for kind, item in definition_items(str(create)):
                if kind == "constraint" and (check := _CHECK.match(item)):
                    found.append((check.group(1).strip("`"), check.group(2)))
        return found

    def objects_query(self, database: str) -> str:
        # What Engine.tables leaves out (a materialized view's inner table and a dictionary are tables there).
        return (
            "SELECT replaceRegexpOne(engine, '(.)(View)$', '\\\\1 \\\\2'), name, create_table_query FROM system.tables "
            f"WHERE database = {literal(database)} AND engine IN ('View', 'MaterializedView', 'LiveView', 'WindowView')"
        )

    def insert_side_effects_query(self, database: str, table: str) -> str:
        return (
            "SELECT concat('materialized view ', view) FROM system.tables "
            f"ARRAY JOIN dependencies_table AS view WHERE database = {literal(database)} AND name = {literal(table)}"
        )

    def table_exists_query(self, database: str, table: str, view: bool = False) -> str:
        return f"SELECT count() FROM system.tables WHERE database = {literal(database)} AND name = {literal(table)}"

    def column_exists_query(self, database: str, table: str, column: str) -> str:
        return (
            f"SELECT count() FROM system.columns WHERE database = {literal(database)} "
            f"AND table = {literal(table)} AND lower(name) = lower({literal(column)})"
        )

    def index_exists_query(self, database: str, table: str | None, index: str) -> str:
        of_table = f" AND table = {literal(table)}" if table else ""
        return (
            f"SELECT count() FROM system.data_skipping_indices WHERE database = {literal(database)} "
            f"AND lower(name) = lower({literal(index)}){of_table}"
        )

    def table_sizes_query(self, database: str) -> str:
        return (
            "SELECT table, sum(bytes_on_disk) FROM system.parts "
            f"WHERE database = {literal(database)} AND active GROUP BY table"
        )

    def free_bytes(self, engine: Engine) -> int | None:
        value = engine.scalar("SELECT free_space FROM system.disks WHERE name = 'default'")
        return None if value is None else int(value)


def _is_state(declared: str) -> bool:
    """An AggregateFunction column holds states, which ClickHouse neither compares nor prints as values."""
    return declared.startswith("AggregateFunction(")


_DEFINITION_ITEM = re.compile(r"(INDEX|PROJECTION|CONSTRAINT)\s", re.I)
_CHECK = re.compile(r"CONSTRAINT\s+(`(?:[^`\\]|\\.)*`|\S+)\s+CHECK\s+(.*)$", re.I | re.S)
_TTL = re.compile(r"\)\s+ENGINE\b.*?\sTTL\s(.*?)(?:\sSETTINGS\s|\sCOMMENT\s|$)", re.S)
# A column's codec, comment or TTL, which its type does not show.
_COLUMN_EXTRAS = re.compile(r"^`(?:[^`\\]|\\.)*`\s.*?\s(?:CODEC\(|COMMENT\s'|TTL\s)", re.S)
_SETTINGS = re.compile(r"\)\s+ENGINE\b.*?\sSETTINGS\s(.*?)(?:\sCOMMENT\s'(?:[^'\\]|\\.)*'\s*)?$", re.S)
# What the harness itself sets on test tables (Engine.production_like): not the migration's doing.
_HARNESS_SETTINGS = {item.split("=")[0].strip() for item in NO_BACKGROUND_MERGES.split(",")}
_TABLE_COMMENT = re.compile(r"\)\s+ENGINE\b.*\sCOMMENT\s('(?:[^'\\]|\\.)*')\s*$", re.S)


def definition_items(create: str) -> list[tuple[str, str]]:
    """The skip indexes, projections, constraints, TTL, comments, column codecs and table settings (but those
    the harness sets) of a ``CREATE TABLE`` as ClickHouse prints it (``create_table_query``), as (kind, text)."""
    items = []
    for item in _top_level_items(create):
        if match := _DEFINITION_ITEM.match(item):
            items.append((match.group(1).lower(), item))
        elif _COLUMN_EXTRAS.match(item):
            items.append(("column", item))
    if ttl := _TTL.search(create):
        items.append(("ttl", ttl.group(1).strip()))
    if comment := _TABLE_COMMENT.search(create):
        items.append(("comment", f"COMMENT {comment.group(1)}"))
    if settings := _SETTINGS.search(create):
        for setting in _top_level_items(f"({settings.group(1)})"):
            if setting.split("=")[0].strip() not in _HARNESS_SETTINGS:
                items.append(("setting", f"SETTINGS {setting}"))
    return items


def _top_level_items(create: str) -> list[str]:
    """The comma-separated items of the first parenthesised list (columns, indexes, ...), quotes respected."""
    items, depth, start, quote, escaped = [], 0, -1, "", False
    for i, c in enumerate(create):
        if quote:
            escaped, closes = c == "\\" and not escaped, c == quote and not escaped
            quote = "" if closes else quote
        elif c in "'`\"":
            quote = c
        elif c == "(":
            depth += 1
            start = i + 1 if depth == 1 else start
        elif c in ",)" and depth == 1:
            items.append(create[start:i].strip())
            start = i + 1
            if c == ")":
                return items
        elif c == ")":
            depth -= 1
    return items
