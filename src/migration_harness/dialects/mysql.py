"""MySQL 8 and MariaDB (a MySQL variant that needs join hints and answers to ``mariadb`` in Liquibase)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .base import Dialect
from .quoting import ident, literal, qualified

if TYPE_CHECKING:
    from ..engines import Engine

_THIS_MACHINE = ("127.0.0.1", "localhost", "::1")


_TEXT = re.compile(r"((var)?char|(tiny|medium|long)?text|enum|set)\b", re.I)
_PLAIN_TEXT = re.compile(r"((var)?char|(tiny|medium|long)?text)\b", re.I)  # not ENUM or SET


class MySQLDialect(Dialect):
    name = "mysql"
    liquibase_name = "mysql"
    transactions = True
    key_marker = "PRI"
    groups_each_side_first = True

    def read_table(self, database: str, table: str, read: str = "", where: str = "") -> str:
        if not where:  # the table itself: ``SELECT *`` would leave its INVISIBLE columns out
            return qualified(database, table)
        return f"(SELECT * FROM {qualified(database, table)} AS {ident(table)} WHERE {self.spec_sql(where)})"

    def null_safe_equal(self, left: str, right: str, types: tuple[str, str] = ("", "")) -> str:
        # MySQL stores no NaN. Text compares by its collation: 'a' = 'A' = 'a ' under utf8mb4_unicode_ci (most
        # production tables), so a LOWER() or TRIM() in a copy would pass; as bytes of one character set it is
        # the same value only when it is the same text.
        if self.equality_is_loose(types):
            left, right = self.exactly(left), self.exactly(right)
        return f"({left} <=> {right})"

    def exactly(self, value: str) -> str:
        # Text as utf8mb4 bytes (a latin1 'bö' is the utf8mb4 'bö'); binary strings and numbers (CHARSET
        # 'binary') as they are: converting bytes that are not UTF-8 would turn different values into one '?'.
        return f"CAST(IF(CHARSET({value}) = 'binary', {value}, CONVERT({value} USING utf8mb4)) AS BINARY)"

    def equality_is_loose(self, types: tuple[str, str]) -> bool:
        return all(_TEXT.match(t) for t in types)

    def is_uuid(self, type: str) -> bool:
        return type.lower() == "uuid"  # MariaDB 10.7+

    def folded_text(self, value: str) -> str:
        return f"LOWER(CAST({value} AS CHAR))"

    def key_hash(self, columns: Sequence[str]) -> str:
        return f"CRC32(CONCAT_WS('|', {', '.join(columns)}))"

    def row_hash_sum(self, columns: Sequence[str]) -> str:
        # MD5 of a JSON array keeps NULL distinct from 'NULL'; 60 bits of it summed as DECIMAL never overflow.
        cols = ", ".join(ident(c) for c in columns)
        return (
            f"CAST(COALESCE(SUM(CAST(CONV(SUBSTRING(MD5(JSON_ARRAY({cols})), 1, 15), 16, 10) AS UNSIGNED)), 0) AS CHAR)"
        )

    def row_checksums(self, values: Sequence[str]) -> list[str]:
        # 64 bits of MD5 per row, summed as DECIMAL (never overflows). MariaDB has a cheaper 64 bits (below).
        return [f"SUM(CAST(CONV(SUBSTRING(MD5({_row_text(values)}), 1, 16), 16, 10) AS UNSIGNED))"]

    def exact_value(self, column: str, type: str) -> str:
        # FLOAT prints 6 digits (1.0000001 and 1.0000002 both as '1'); as DOUBLE every float prints apart.
        return f"CAST({column} AS DOUBLE)" if type.lower().startswith("float") else column

    def checksums_agree(self, type: str, other: str) -> bool:
        return True  # checksums of each value's text (exact_value): equal text compares equal in any types

    def reads_alike_elsewhere(self, type: str) -> bool:
        # Not ENUM or SET (their text depends on the reader), not dates or decimals (time zones, scales).
        return self.integer_type(type) or _PLAIN_TEXT.match(type) is not None

    def integer_type(self, type: str) -> bool:
        return re.match(r"(tiny|small|medium|big)?int\b", type.lower()) is not None

    def range_bucket(self, column: str, low: int, width: int) -> str:
        return f"({column} - {low}) DIV {width}"

    def member_of(self, value: str, values: str) -> str:
        # A (bytes, is-NULL) pair is never NULL itself, so IN is plain true/false and runs as one
        # materialized, indexed lookup of the subquery.
        pair = f"COALESCE({self.exactly('{0}')}, ''), {{0}} IS NULL"
        return f"(({pair.format(value)}) IN (SELECT {pair.format('v')} FROM ({values}) mh_i))"

    def keys_table(self, name: str) -> str:
        # Binary collation: values match byte for byte, as they did when compared in Python.
        return f"CREATE TEMPORARY TABLE {ident(name)} (v VARCHAR(768) COLLATE utf8mb4_bin NULL, KEY (v))"

    def drop_keys_table(self, name: str) -> str:
        return f"DROP TEMPORARY TABLE IF EXISTS {ident(name)}"

    def not_in_copy(self, table_alias: str, keys: Sequence[str], copy: str) -> str:
        same = " AND ".join(f"mh_b.{ident(k)} <=> {table_alias}.{ident(k)}" for k in keys)
        return f"NOT EXISTS (SELECT 1 FROM {copy} mh_b WHERE {same})"

    def delete_where(self, table: str, alias: str, condition: str) -> str:
        return f"DELETE {alias} FROM {table} AS {alias} WHERE {condition}"

    def copy_table(
        self,
        copy: str,
        source: str,
        columns: Sequence[str],
        engine: str = "",
        partitions: Sequence[str] = (),
        keys: Sequence[str] = (),
    ) -> list[str]:
        # Plain (never unique) indexes: they only speed up reads of the copy.
        indexes = f"({', '.join(f'KEY ({k})' for k in keys)}) " if keys else ""
        return [f"CREATE TABLE {copy} {indexes}AS SELECT {', '.join(ident(c) for c in columns)} FROM {source}"]

    def copy_keys_query(self, database: str) -> str | None:
        # B-tree indexes of columns only (not FULLTEXT, SPATIAL, or MySQL 8's functional key parts).
        column = (
            "CONCAT('`', REPLACE(COLUMN_NAME, '`', '``'), '`', IF(SUB_PART IS NULL, '', CONCAT('(', SUB_PART, ')')))"
        )
        return (
            f"SELECT TABLE_NAME, GROUP_CONCAT({column} ORDER BY SEQ_IN_INDEX SEPARATOR ', ') "
            f"FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {literal(database)} "
            "AND INDEX_TYPE IN ('BTREE', 'HASH') GROUP BY TABLE_NAME, INDEX_NAME "
            "HAVING COUNT(COLUMN_NAME) = COUNT(*) ORDER BY TABLE_NAME, INDEX_NAME"
        )

    def empty_tables(self, tables: Sequence[str]) -> list[str]:
        # TRUNCATE refuses a table other tables' foreign keys point at unless the session stops checking them.
        return ["SET FOREIGN_KEY_CHECKS = 0", *super().empty_tables(tables), "SET FOREIGN_KEY_CHECKS = 1"]

    def create_database(self, name: str) -> str:
        # Binary collation: values compare and group byte for byte, as the row hashes see them.
        return f"CREATE DATABASE {ident(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"

    def databases_query(self, prefix: str) -> str:
        return (
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA "
            f"WHERE LEFT(SCHEMA_NAME, {len(prefix)}) = {literal(prefix)} ORDER BY SCHEMA_NAME"
        )

    # MySQL 8's CHECK_CONSTRAINTS has no TABLE_NAME (a CHECK's name is unique in its schema there); MariaDB's
    # names are per table, and it has the column.
    _same_table = ""

    def checks_query(self, database: str, table: str) -> str | None:
        return (
            "SELECT t.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS t "
            "JOIN information_schema.CHECK_CONSTRAINTS c ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA "
            f"AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME{self._same_table} WHERE t.TABLE_SCHEMA = {literal(database)} "
            f"AND t.TABLE_NAME = {literal(table)} AND t.CONSTRAINT_TYPE = 'CHECK' ORDER BY t.CONSTRAINT_NAME"
        )

    def layout_query(self, database: str, table: str) -> str:
        db, tb = literal(database), literal(table)
        where = f"TABLE_SCHEMA = {db} AND TABLE_NAME = {tb}"
        return (
            # The table's default collation and comment, and each column's collation and comment: a rollback
            # that leaves a column utf8mb4_bin where it was _ci changes how keys and comparisons behave.
            f"SELECT 'engine', ENGINE, COALESCE(TABLE_COLLATION, ''), COALESCE(TABLE_COMMENT, ''), 0 "
            f"FROM information_schema.TABLES WHERE {where} "
            "UNION ALL SELECT 'column', COLUMN_NAME, COALESCE(COLLATION_NAME, ''), COLUMN_COMMENT, 0 "
            f"FROM information_schema.COLUMNS WHERE {where} AND (COLLATION_NAME IS NOT NULL OR COLUMN_COMMENT <> '') "
            # A generated column's expression (its EXTRA only says VIRTUAL or STORED GENERATED).
            "UNION ALL SELECT 'generated', COLUMN_NAME, GENERATION_EXPRESSION, '', 0 FROM information_schema.COLUMNS "
            f"WHERE {where} AND GENERATION_EXPRESSION IS NOT NULL AND GENERATION_EXPRESSION <> '' "
            # Indexes with their type (FULLTEXT, HASH) and column prefix lengths.
            "UNION ALL SELECT 'index', INDEX_NAME, CONCAT(COLUMN_NAME, COALESCE(CONCAT('(', SUB_PART, ')'), '')), "
            f"CONCAT(NON_UNIQUE, ' ', INDEX_TYPE), SEQ_IN_INDEX FROM information_schema.STATISTICS WHERE {where} "
            # A foreign key or CHECK on columns an index already covers shows in no index: named here.
            "UNION ALL SELECT 'check', t.CONSTRAINT_NAME, COALESCE(c.CHECK_CLAUSE, ''), '', 0 "
            "FROM information_schema.TABLE_CONSTRAINTS t LEFT JOIN information_schema.CHECK_CONSTRAINTS c "
            f"ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME{self._same_table} "
            f"WHERE t.TABLE_SCHEMA = {db} AND t.TABLE_NAME = {tb} AND t.CONSTRAINT_TYPE = 'CHECK' "
            # Foreign keys with what they do ON DELETE / ON UPDATE: CASCADE where it was RESTRICT deletes rows.
            "UNION ALL SELECT 'foreign key', k.CONSTRAINT_NAME, k.COLUMN_NAME, CONCAT(k.REFERENCED_TABLE_NAME, '.', "
            "k.REFERENCED_COLUMN_NAME, ' ', r.DELETE_RULE, ' ', r.UPDATE_RULE), k.ORDINAL_POSITION "
            "FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "
            "ON r.CONSTRAINT_SCHEMA = k.TABLE_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME "
            f"AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = {db} AND k.TABLE_NAME = {tb} "
            "AND k.REFERENCED_TABLE_NAME IS NOT NULL "
            # Partitions: a rollback that leaves a partition it added (REORGANIZE PARTITION) changed no index.
            "UNION ALL SELECT 'partition', PARTITION_NAME, CONCAT_WS(' ', PARTITION_METHOD, PARTITION_EXPRESSION), "
            "COALESCE(PARTITION_DESCRIPTION, ''), PARTITION_ORDINAL_POSITION FROM information_schema.PARTITIONS "
            f"WHERE {where} AND PARTITION_NAME IS NOT NULL"
        )

    def referenced_columns_query(self, database: str) -> str | None:
        return (
            "SELECT DISTINCT REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
            f"WHERE REFERENCED_TABLE_SCHEMA = {literal(database)} AND REFERENCED_TABLE_NAME IS NOT NULL"
        )

    def layout(self, rows: Sequence[Sequence[object]]) -> list[tuple[str, ...]]:
        parts: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        for kind, name, column, extra, seq in rows:
            parts.setdefault((str(kind), str(name)), []).append((int(str(seq or 0)), str(column), str(extra)))
        items: list[tuple[str, ...]] = []
        for (kind, name), members in parts.items():
            members.sort()
            columns = ", ".join(c for _, c, _ in members)
            if kind in ("engine", "column"):
                _, collation, comment = members[0]
                text = f"ENGINE={name}" if kind == "engine" else f"COLUMN {name}"
                text += f" {'DEFAULT ' if kind == 'engine' else ''}COLLATE {collation}" if collation else ""
                text += f" COMMENT {literal(comment)}" if comment else ""
            elif kind == "generated":
                text = f"COLUMN {name} AS ({members[0][1]})"
            elif kind == "index":
                non_unique, _, using = members[0][2].partition(" ")
                unique = non_unique in ("0", "False")
                text = "PRIMARY KEY" if name == "PRIMARY" else f"{'UNIQUE ' if unique else ''}KEY {name}"
                text += f" ({columns})" + (f" {using}" if using and using != "BTREE" else "")
            elif kind == "partition":  # one row per subpartition: the partition's own values are the same
                _, method, values = members[0]
                bound = "LESS THAN" if method.upper().startswith("RANGE") else "IN"
                text = f"PARTITION {name} ({method})" + (f" VALUES {bound} ({values})" if values else "")
            elif kind == "foreign key":
                refs = [r.rsplit(" ", 2) for _, _, r in members]  # "parent.column DELETE_RULE UPDATE_RULE"
                pairs = [ref.split(".", 1) for ref, _, _ in refs]
                parent = f"{pairs[0][0]} ({', '.join(p[1] for p in pairs)})"
                text = f"CONSTRAINT {name} FOREIGN KEY ({columns}) REFERENCES {parent}"
                _, on_delete, on_update = refs[0]
                for event, rule in (("DELETE", on_delete), ("UPDATE", on_update)):
                    text += f" ON {event} {rule}" if rule not in ("RESTRICT", "NO ACTION") else ""
            else:
                text = f"CONSTRAINT {name} CHECK ({members[0][1]})" if members[0][1] else f"CONSTRAINT {name} CHECK"
            items.append((kind, text))
        return items

    def objects_query(self, database: str) -> str:
        db = literal(database)
        return (
            "SELECT 'view', TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
            f"WHERE TABLE_SCHEMA = {db} "
            "UNION ALL SELECT 'trigger', TRIGGER_NAME, CONCAT_WS(' ', ACTION_TIMING, EVENT_MANIPULATION, "
            f"EVENT_OBJECT_TABLE, ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {db} "
            "UNION ALL SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES "
            f"WHERE ROUTINE_SCHEMA = {db} "
            "UNION ALL SELECT 'event', EVENT_NAME, EVENT_DEFINITION FROM information_schema.EVENTS "
            f"WHERE EVENT_SCHEMA = {db} "
            "UNION ALL SELECT LOWER(TABLE_TYPE), TABLE_NAME, '' FROM information_schema.TABLES "
            f"WHERE TABLE_SCHEMA = {db} AND TABLE_TYPE NOT IN ('BASE TABLE', 'VIEW')"  # MariaDB's SEQUENCE
        )

    def insert_side_effects_query(self, database: str, table: str) -> str:
        return (
            "SELECT CONCAT('trigger ', TRIGGER_NAME) FROM information_schema.TRIGGERS "
            f"WHERE EVENT_OBJECT_SCHEMA = {literal(database)} AND EVENT_OBJECT_TABLE = {literal(table)} "
            "AND EVENT_MANIPULATION = 'INSERT'"
        )

    def table_exists_query(self, database: str, table: str, view: bool = False) -> str:
        kind = "VIEW" if view else "BASE TABLE"
        return (
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE "
            f"TABLE_SCHEMA = {literal(database)} AND TABLE_TYPE = '{kind}' "
            f"AND BINARY TABLE_NAME = {literal(table)}"
        )

    def column_exists_query(self, database: str, table: str, column: str) -> str:
        return (
            f"SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {literal(database)} "
            f"AND BINARY TABLE_NAME = {literal(table)} AND LOWER(COLUMN_NAME) = LOWER({literal(column)})"
        )

    def index_exists_query(self, database: str, table: str | None, index: str) -> str:
        of_table = f" AND BINARY TABLE_NAME = {literal(table)}" if table else ""
        return (
            f"SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
            f"{literal(database)} AND LOWER(INDEX_NAME) = LOWER({literal(index)}){of_table}"
        )

    def table_sizes_query(self, database: str) -> str:
        return (
            "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) FROM information_schema.TABLES "
            f"WHERE TABLE_SCHEMA = {literal(database)} AND TABLE_TYPE = 'BASE TABLE'"
        )

    def free_bytes(self, engine: Engine) -> int | None:
        """MySQL shows no free space through SQL: only a server on this machine (the throwaway one) is
        measured, by its datadir."""
        host = getattr(getattr(engine, "url", None), "host", None)
        if host not in _THIS_MACHINE:
            return None
        datadir = str(engine.scalar("SELECT @@datadir") or "")
        return shutil.disk_usage(datadir).free if datadir and os.path.isdir(datadir) else None


class MariaDBDialect(MySQLDialect):
    liquibase_name = "mariadb"
    _same_table = " AND c.TABLE_NAME = t.TABLE_NAME"

    # The default join buffer (256 KiB, 2 MiB per query) splits a hash join of 50k rows into dozens of
    # passes over the probe side, and a materialized IN subquery of 250k keys outgrows the 16 MiB in-memory
    # temporary table and goes to disk (5x slower); sized for the work instead, allocated only as needed.
    ANALYTIC_SIZES = (
        "join_buffer_size = 268435456, join_buffer_space_limit = 1073741824, "
        "tmp_table_size = 268435456, max_heap_table_size = 268435456"
    )

    def analytic(self, sql: str) -> str:
        """MariaDB joins unindexed columns with a nested loop unless hashed join buffers are on (MySQL 8 and
        ClickHouse hash by default); per statement, so the migration's own SQL runs with the defaults. Not
        where a subquery in an expression joins (a spec's "the customer kept for this one's email"): it would
        build its hash table again for every row (3,000 rows: 21 s, against 0.2 s through the indexes)."""
        level = 2 if _joins_in_expression_subquery(sql) else 4
        return f"SET STATEMENT join_cache_level = {level}, {self.ANALYTIC_SIZES} FOR {sql}"

    def stand_in(self, sql: str) -> tuple[str, list[str]]:
        # MySQL 8's default collations (what its DDL and mysqldump write) are unknown to MariaDB before 11.4.5:
        # its UCA 14.0 ones are the nearest, equally NO PAD, accent- and case-(in)sensitive.
        notes: list[str] = []

        def swap(match: re.Match[str]) -> str:
            name = _MYSQL8_COLLATIONS[match.group(0).lower()]
            notes.append(f"{match.group(0)} -> {name} (MariaDB stands in for MySQL 8)")
            return name

        sql = _MYSQL8_COLLATION.sub(swap, sql)
        sql, extracts = _json_operators(sql)
        if extracts:
            notes.append(f"{extracts} JSON operator(s) -> / ->> as JSON_EXTRACT / JSON_UNQUOTE(JSON_EXTRACT(...)), "
                         "MySQL's own definition of them (MariaDB stands in for MySQL 8)")  # fmt: skip
        return sql, list(dict.fromkeys(notes))

    def refusal_hint(self, error: str) -> str:
        missing = _MISSING_FUNCTION.search(error)
        run_there = "run the suites on MySQL itself: --target containers (a MySQL image), or a staging target"
        if missing and missing.group(1).upper() in _MYSQL8_FUNCTIONS:
            said = f"{missing.group(1)} is a MySQL 8 function MariaDB does not have: {run_there}"
        elif missing or "SQL syntax" in error:
            said = ("it refused the statement. If it runs on your MySQL server (MySQL 8 has functions and syntax "
                    "MariaDB lacks: INSERT ... AS alias ON DUPLICATE KEY UPDATE, LATERAL, VALUES ROW(...), "
                    f"UUID_TO_BIN), {run_there}")  # fmt: skip
        else:
            return ""
        return f"\n  MariaDB stands in for MySQL on this target; {said}"

    def row_checksums(self, values: Sequence[str]) -> list[str]:
        # CRC32 and CRC32C of the row text, side by side in 64 bits: two independent checks, several times
        # cheaper than MD5. Making the text costs most, so it is made once and kept in a user variable for
        # the right operand (evaluated after the left; tests/test_diffs.py holds MariaDB to that).
        return [f"SUM(CRC32(@mh_row := {_row_text(values)}) << 32 | CRC32C(@mh_row))"]


_MYSQL8_COLLATIONS = {
    "utf8mb4_0900_ai_ci": "utf8mb4_uca1400_nopad_ai_ci",
    "utf8mb4_0900_as_ci": "utf8mb4_uca1400_nopad_as_ci",
    "utf8mb4_0900_as_cs": "utf8mb4_uca1400_nopad_as_cs",
    "utf8mb4_0900_bin": "utf8mb4_nopad_bin",
}
# MySQL's column->path and column->>path (MariaDB has neither): a column name, then a string literal path.
_JSON_OPERATOR = re.compile(
    r"((?:`[^`]+`|\b[A-Za-z_]\w*)(?:\.(?:`[^`]+`|[A-Za-z_]\w*)){0,2})\s*(->>|->)\s*('(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\")"
)
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\"")


def _json_operators(sql: str) -> tuple[str, int]:
    """``sql`` with MySQL's JSON operators written as the functions they stand for, and how many there were;
    text inside string literals is left alone."""
    literals = [m.span() for m in _STRING_LITERAL.finditer(sql)]
    count = 0

    def rewrite(match: re.Match[str]) -> str:
        nonlocal count
        if any(start <= match.start() < end for start, end in literals):
            return match.group(0)
        count += 1
        extract = f"JSON_EXTRACT({match.group(1)}, {match.group(3)})"
        return f"JSON_UNQUOTE({extract})" if match.group(2) == "->>" else extract

    return _JSON_OPERATOR.sub(rewrite, sql), count


# MySQL 8 functions MariaDB 10.11 answers with "FUNCTION db.NAME does not exist" (ER_SP_DOES_NOT_EXIST).
_MYSQL8_FUNCTIONS = frozenset({
    "UUID_TO_BIN", "BIN_TO_UUID", "IS_UUID", "REGEXP_LIKE", "ANY_VALUE", "GROUPING", "JSON_SCHEMA_VALID",
    "JSON_SCHEMA_VALIDATION_REPORT", "STATEMENT_DIGEST", "STATEMENT_DIGEST_TEXT", "ICU_VERSION", "ROLES_GRAPHML",
    "PS_CURRENT_THREAD_ID", "PS_THREAD_ID", "FORMAT_BYTES", "FORMAT_PICO_TIME",
})  # fmt: skip
_MISSING_FUNCTION = re.compile(r"FUNCTION [^\s.]+\.(\w+) does not exist")
_MYSQL8_COLLATION = re.compile(r"\butf8mb4_0900_(?:ai_ci|as_ci|as_cs|bin)\b", re.I)


def _row_text(values: Sequence[str]) -> str:
    """One row as unambiguous text: QUOTE delimits every value and leaves NULL as the bare word NULL."""
    return f"CONCAT_WS(',', {', '.join(f'QUOTE({v})' for v in values)})"


_TOKENS = re.compile(r"'(?:[^'\\]|\\.)*'|`(?:[^`]|``)*`|\(|\)|\b(?:SELECT|FROM|JOIN)\b|[A-Za-z_]\w*", re.IGNORECASE)


def _joins_in_expression_subquery(sql: str) -> bool:
    """Whether a JOIN sits inside a subquery used as a value or a condition (``(SELECT MIN(c2.id) FROM c2 JOIN
    c1 ...)``, ``EXISTS (SELECT ... JOIN ...)``), not a derived table (``FROM (SELECT ...) s``)."""
    stack: list[bool] = []  # per open parenthesis: whether it is, or sits in, an expression subquery
    previous = before_parenthesis = ""
    for token in (t.upper() for t in _TOKENS.findall(sql)):
        if token == "(":
            stack.append(bool(stack) and stack[-1])
            before_parenthesis = previous
        elif token == ")" and stack:
            stack.pop()
        elif token == "SELECT" and previous == "(":
            stack[-1] = stack[-1] or before_parenthesis not in ("FROM", "JOIN")
        elif token == "JOIN" and stack and stack[-1]:
            return True
        previous = token
    return False
