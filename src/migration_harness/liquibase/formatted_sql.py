"""Liquibase "formatted SQL" changelogs (``--liquibase formatted sql``), read line by line as Liquibase does.

The line patterns and their order follow Liquibase 4.28's formatted SQL parser, so that the same file
yields the same changesets, SQL bodies (hence checksums) and rollbacks, including its quirks: a bare
``--rollback`` line is ordinary SQL, multi-line rollback blocks are joined without newlines.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ChangelogError
from .checksum import changeset_checksum
from .model import ChangeSet, Precondition, Preconditions
from .properties import Parameters
from .sqlsplit import split_statements, trim_to_none
from .text import read_utf8

_F = re.IGNORECASE | re.ASCII


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _F)


FIRST_LINE = _p(r"\s*--\s*liquibase\s*formatted.*")
PROPERTY = _p(r"\s*--[\s]*property\s+(.*:.*)\s+(.*:.*).*")
ALT_PROPERTY = _p(r"\s*?[-]+\s*property\s.*")
CHANGESET = _p(r'\s*--[\s]*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).*')
ALT_CHANGESET_ONE_DASH = _p(r"-[\s]*changeset\s.*")
ALT_CHANGESET_NO_INFO = _p(r"\s*--[\s]*changeset[\s]*.*")
ROLLBACK = _p(r"\s*--[\s]*rollback (.*)")
BARE_ROLLBACK = _p(r"\s*--[\s]*rollback\s*")
ALT_ROLLBACK = _p(r"\s*-[\s]*rollback\s.*")
PRECONDITIONS = _p(r"\s*--[\s]*preconditions(.*)")
ALT_PRECONDITIONS = _p(r"\s*-[\s]*preconditions\s.*")
PRECONDITION = _p(r"\s*--[\s]*precondition\-([a-zA-Z0-9-]+) (.*)")
EMPTY_PRECONDITION = _p(r"\s*--[\s]*precondition\-([a-zA-Z0-9-]+)")
ALT_PRECONDITION = _p(r"\s*-[\s]*precondition(.*)")
COMMENT = _p(r"--[\s]*comment:? (.*)")
ALT_COMMENT_PLURAL = _p(r"--[\s]*comments:? (.*)")
ALT_COMMENT_ONE_DASH = _p(r"-[\s]*comment:? (.*)")
VALID_CHECKSUM = _p(r"--[\s]*validCheckSum:? (.*)")
ALT_VALID_CHECKSUM = _p(r"-[\s]*validCheckSum(.*)")
IGNORE_LINES = _p(r"--[\s]*ignoreLines:(\w+)")
ALT_IGNORE_LINES = _p(r"-[\s]*?ignoreLines:(\w+).*")
ALT_IGNORE = _p(r"--[\s]*ignore:(\w+)")
ROLLBACK_BLOCK_START = _p(r"\s*/\*\s*liquibase\s*rollback\s*")
ROLLBACK_BLOCK_END = _p(r".*\s*\*/\s*")

ATTR = {
    name: _p(pattern)
    for name, pattern in {
        "stripComments": r".*stripComments:(\w+).*",
        "splitStatements": r".*splitStatements:(\w+).*",
        "rollbackSplitStatements": r".*rollbackSplitStatements:(\w+).*",
        # greedy, no word boundary, as Liquibase's: "endDelimiter:$$ rollbackEndDelimiter://" ends at "//"
        "endDelimiter": r".*endDelimiter:(\S*).*",
        "rollbackEndDelimiter": r".*rollbackEndDelimiter:(\S*).*",
        "runOnChange": r".*runOnChange:(\w+).*",
        "runAlways": r".*runAlways:(\w+).*",
        "context": r'.*context:(".*?"|\S*).*',
        "contextFilter": r'.*contextFilter:(".*?"|\S*).*',
        "logicalFilePath": r".*logicalFilePath:(\S*).*",
        "labels": r'.*labels:(".*?"|\S*).*',
        "runInTransaction": r".*runInTransaction:(\w+).*",
        "dbms": r".*dbms:([^,][\w!,]+).*",
        "ignore": r".*ignore:(\w*).*",
        "failOnError": r".*failOnError:(\w+).*",
        "runWith": r".*runWith:(\S+).*",
        "onFail": r".*onFail:(\w+).*",
        "onError": r".*onError:(\w+).*",
        "name": r".*name:\s*(\S+).*",
        "value": r".*value:\s*(\S+).*",
        "global": r".*global:(\S+).*",
        "table": r".*table:(\w+).*",
        "schema": r".*schema:(\w+).*",
    }.items()
}
EXPECTED_RESULT = [
    _p(r"(?:expectedResult:)?(\w+) (.*)"),
    _p(r"(?:expectedResult:)?'([^']+)' (.*)"),
    _p(r'(?:expectedResult:)?"([^"]+)" (.*)'),
]


def read_lines(text: str) -> list[str]:
    """Java ``BufferedReader.readLine`` semantics: CRLF, CR and LF all end a line; no trailing empty line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def is_formatted_sql(text: str) -> bool:
    for line in read_lines(text):
        if line.strip():
            return FIRST_LINE.fullmatch(line) is not None
    return False


def _attr(name: str, line: str) -> str | None:
    match = ATTR[name].fullmatch(line)
    return match.group(1) if match else None


def _bool(name: str, line: str, default: bool) -> bool:
    value = _attr(name, line)
    return default if value is None else value.lower() == "true"


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def normalize_path(path: str) -> str:
    """``DatabaseChangeLog.normalizePath``: forward slashes, no leading ``/``, no ``classpath:``."""
    path = path.replace("\\", "/")
    path = re.sub(r"^classpath:", "", path)
    path = re.sub(r"/+", "/", path)
    path = re.sub(r"^\./", "", path)
    return path.lstrip("/")


class _Builder:
    """The changeset being read, with the text collected so far for its body and rollback."""

    def __init__(self, cs: ChangeSet, line: str, previous_sql: str | None) -> None:
        self.cs = cs
        self.sql: str | None = previous_sql  # Liquibase seeds a new change with the previous body
        self.body: list[str] = []
        self.rollback: list[str] = []
        self.rollback_split = _bool("rollbackSplitStatements", line, True)
        self.rollback_delimiter = _attr("rollbackEndDelimiter", line)


class FormattedSqlParser:
    def __init__(self, path: Path, logical_path: str, params: Parameters) -> None:
        self.path = path
        self.logical = logical_path
        self.params = params
        self.changesets: list[ChangeSet] = []

    def _error(self, line: int, message: str) -> ChangelogError:
        return ChangelogError(self.path, line, message)

    def _expand(self, text: str | None) -> str | None:
        return self.params.expand(text, self.logical)

    def parse(self, text: str) -> list[ChangeSet]:
        lines = read_lines(text)
        current: _Builder | None = None
        changelog_logical: str | None = None
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            number = i
            if PROPERTY.fullmatch(line):
                self._property(line, number)
                continue
            if ALT_PROPERTY.fullmatch(line):
                raise self._error(number, "malformed property; expected '--property name:<name> value:<value>'")
            if FIRST_LINE.fullmatch(line):
                changelog_logical = _attr("logicalFilePath", line) or None
            ignore = IGNORE_LINES.fullmatch(line)
            if ignore:
                i = self._skip_ignored(lines, i, ignore.group(1), number)
                continue
            if ALT_IGNORE_LINES.fullmatch(line) or ALT_IGNORE.fullmatch(line):
                raise self._error(number, "malformed ignore directive; expected '--ignoreLines:<count|start>'")
            match = CHANGESET.fullmatch(line)
            if match:
                previous_sql = self._expand(trim_to_none("".join(current.body))) if current else None
                if current is not None:
                    if previous_sql is None:
                        raise self._error(number, f"no SQL for changeset {current.cs.key}")
                    current.sql = previous_sql
                    self._finish(current)
                current = self._start(line, number, match, changelog_logical, previous_sql)
                continue
            if ALT_CHANGESET_ONE_DASH.fullmatch(line) or ALT_CHANGESET_NO_INFO.fullmatch(line):
                raise self._error(number, "malformed changeset line; expected '--changeset <author>:<id>'")
            if current is None:
                if COMMENT.fullmatch(line):
                    raise self._error(number, "'--comment' outside of a changeset")
                continue
            i = self._changeset_line(current, lines, i, line, number)
        if current is not None:
            if current.body:
                current.sql = self._expand(trim_to_none("".join(current.body)))
                if current.cs.end_delimiter is None and (current.sql or "").endswith("\n/"):
                    current.cs.end_delimiter = "\n/$"
            self._finish(current, with_rollback=bool(current.body))
        return self.changesets

    def _skip_ignored(self, lines: list[str], i: int, arg: str, number: int) -> int:
        if arg == "start":
            while i < len(lines):
                line = lines[i]
                i += 1
                end = IGNORE_LINES.fullmatch(line)
                if end and end.group(1) == "end":
                    return i
                if not end and ALT_IGNORE_LINES.fullmatch(line):
                    raise self._error(i, "malformed ignore directive; expected '--ignoreLines:end'")
            return i
        if not arg.isdigit():
            raise self._error(number, f'unknown ignoreLines syntax: "{arg}"')
        return min(len(lines), i + int(arg))

    def _property(self, line: str, number: int) -> None:
        name = self._expand(_attr("name", line))
        value = self._expand(_attr("value", line))
        if name is None or value is None:
            return
        dbms = _attr("dbms", line)
        context = _attr("contextFilter", line) or _attr("context", line)
        global_ = (_attr("global", line) or "true").lower() == "true"
        self.params.set(
            name,
            value,
            dbms=self._expand(dbms.strip()) if dbms else None,
            contexts=_unquote(context) if context else None,
            global_=global_,
            changelog=self.logical,
            where=f"{self.path}:{number}",
        )

    def _start(
        self, line: str, number: int, match: re.Match[str], logical: str | None, previous_sql: str | None
    ) -> _Builder:
        author_raw, id_raw = match.group(1), match.group(2)
        # Liquibase rejects "author: id" (a space before the id): the pair must be written together.
        together = re.compile(r"\s*--[\s]*changeset\s+" + re.escape(author_raw + ":" + id_raw) + ".*", _F)
        if not together.fullmatch(line):
            raise self._error(number, "malformed changeset line; expected '--changeset <author>:<id>'")
        run_with = _attr("runWith", line)
        if run_with and run_with.lower() != "jdbc":
            raise self._error(number, f"runWith:{run_with} is not supported (the built-in engine runs SQL as JDBC)")
        cs_id = self._expand(_unquote(id_raw)) or ""
        if not cs_id.replace(":", "").replace(" ", ""):
            raise self._error(number, "the changeset id cannot be empty")
        author = self._expand(_unquote(author_raw)) or ""
        context = _attr("contextFilter", line) or _attr("context", line)
        labels = _attr("labels", line)
        dbms = _attr("dbms", line)
        filename = _attr("logicalFilePath", line) or logical or self.logical
        cs = ChangeSet(
            id=cs_id,
            author=author,
            filename=normalize_path(self._expand(filename) or self.logical),
            line=number,
            run_always=_bool("runAlways", line, False),
            run_on_change=_bool("runOnChange", line, False),
            run_in_transaction=_bool("runInTransaction", line, True),
            fail_on_error=_bool("failOnError", line, True),
            split_statements=_bool("splitStatements", line, True),
            strip_comments=_bool("stripComments", line, True),
            end_delimiter=_attr("endDelimiter", line),
            contexts=self._expand(_unquote(context)) if context else None,
            labels=self._expand(_unquote(labels)) if labels else None,
            dbms=self._expand(dbms) if dbms else None,
            ignore=(_attr("ignore", line) or "").lower() == "true",
            physical_path=self.path,
        )
        return _Builder(cs, line, previous_sql)

    def _changeset_line(self, cur: _Builder, lines: list[str], i: int, line: str, number: int) -> int:
        cs = cur.cs
        if m := COMMENT.fullmatch(line):
            cs.comment = m.group(1)
        elif ALT_COMMENT_ONE_DASH.fullmatch(line) or ALT_COMMENT_PLURAL.fullmatch(line):
            raise self._error(number, "malformed comment; expected '--comment <comment>'")
        elif m := VALID_CHECKSUM.fullmatch(line):
            cs.valid_checksums.append(m.group(1).strip())
        elif ALT_VALID_CHECKSUM.fullmatch(line):
            raise self._error(number, "malformed validCheckSum; expected '--validCheckSum <checksum>'")
        elif m := ROLLBACK.fullmatch(line):
            cs.rollback_declared = True
            cur.rollback.append(m.group(1) + "\n")
        elif ALT_ROLLBACK.fullmatch(line):
            raise self._error(number, "malformed rollback; expected '--rollback <SQL>'")
        elif ROLLBACK_BLOCK_START.fullmatch(line):
            cs.rollback_declared = True
            block: list[str] = []
            while True:
                if i >= len(lines):
                    raise self._error(number, "rollback comment block is not closed")
                inner = lines[i]
                i += 1
                if ROLLBACK_BLOCK_END.fullmatch(inner):
                    head = re.split(r"\*/\s*$", inner)[0]
                    if head.strip():
                        block.append(head)
                    break
                block.append(inner)
            cur.rollback.append("".join(block))  # Liquibase joins the block's lines with no separator
        elif m := PRECONDITIONS.fullmatch(line):
            body = m.group(1)
            cs.preconditions = cs.preconditions or Preconditions()
            cs.preconditions.on_fail = (_attr("onFail", body) or "HALT").upper()
            cs.preconditions.on_error = (_attr("onError", body) or "HALT").upper()
        elif ALT_PRECONDITIONS.fullmatch(line):
            raise self._error(number, "malformed preconditions; expected '--preconditions onFail:<..>'")
        elif m := PRECONDITION.fullmatch(line):
            cs.preconditions = cs.preconditions or Preconditions()
            cs.preconditions.items.append(self._precondition(m.group(1), m.group(2).strip(), number))
        elif ALT_PRECONDITION.fullmatch(line):
            raise self._error(number, "malformed precondition; expected '--precondition-sql-check ...'")
        elif m := EMPTY_PRECONDITION.fullmatch(line):
            raise self._error(number, f"precondition '{m.group(1)}' is missing its parameters")
        else:
            if BARE_ROLLBACK.fullmatch(line):
                cs.rollback_declared = True  # Liquibase keeps the line as SQL; it still says "no rollback"
            cur.body.append(line + "\n")
        return i

    def _precondition(self, kind: str, body: str, number: int) -> Precondition:
        body = self._expand(trim_to_none(body)) or ""
        if kind == "sql-check":
            for pattern in EXPECTED_RESULT:
                m = pattern.fullmatch(body)
                if m:
                    return Precondition("sql-check", sql=m.group(2), expected=m.group(1))
            raise self._error(number, f"could not parse a sql-check precondition from '{body}'")
        if kind in ("table-exists", "view-exists"):
            key = "table" if kind == "table-exists" else "view"
            m = re.fullmatch(rf".*{key}:(\w+).*", body, _F)
            if not m:
                raise self._error(number, f"{kind} precondition needs '{key}:<name>'")
            return Precondition(kind, table=m.group(1), schema=_attr("schema", body))
        raise self._error(number, f"the '{kind}' precondition type is not supported")

    def _finish(self, cur: _Builder, with_rollback: bool = True) -> None:
        cs = cur.cs
        cs.sql = cur.sql or ""
        cs.checksum = changeset_checksum([cs.sql])
        cs.statements = split_statements(cs.sql, cs.strip_comments, cs.split_statements, cs.end_delimiter)
        rollback_text = "".join(cur.rollback)
        if with_rollback and trim_to_none(rollback_text) is not None:
            lowered = rollback_text.strip().lower()
            if lowered.startswith("not required") or lowered.startswith("empty"):
                cs.rollback_not_required = True
            else:
                expanded = self._expand(rollback_text) or ""
                cs.rollback = split_statements(expanded, False, cur.rollback_split, cur.rollback_delimiter)
        self.changesets.append(cs)


def parse_formatted_sql(path: Path, logical_path: str, params: Parameters) -> list[ChangeSet]:
    text = read_utf8(path, "changelog")
    if not is_formatted_sql(text):
        return [raw_sql_changeset(path, logical_path, text, params)]
    return FormattedSqlParser(path, logical_path, params).parse(text)


def raw_sql_changeset(path: Path, logical_path: str, text: str, params: Parameters) -> ChangeSet:
    """A plain ``.sql`` file pulled in by include/includeAll: Liquibase runs it as one ``raw`` changeset."""
    sql = params.expand(trim_to_none(text.replace("\r\n", "\n")), logical_path) or ""
    cs = ChangeSet(id="raw", author="includeAll", filename=logical_path, line=1, sql=sql, physical_path=path)
    cs.checksum = changeset_checksum([sql])
    cs.statements = [sql] if sql else []  # Liquibase sends a plain SQL file as one unsplit statement
    return cs
