"""Liquibase's statement splitter: its SimpleSqlGrammar tokens, then StringUtil.processMultiLineSQL.

Splitting must match Liquibase token for token, or a string holding ``;`` or a ``BEGIN ... END`` body
would be cut differently and the database would see other statements than real Liquibase sends.
"""

from __future__ import annotations

import re

_WS_CHARS = set(" \t\n\r\u0085\u00a0\u1680\u180e\u2028\u2029\u202f\u205f\u2060\u3000\ufeff") | {
    chr(c) for c in range(0x2000, 0x200E)
}
_ESCAPABLE = set("ntbrf\\0")
# Tokens that stop a BEGIN from opening a block (BEGIN TRANSACTION and friends).
_BEGIN_NOT_BLOCK = {"transaction", "trans", "tran", "dialog", "conversation", "distributed"}
_END_NOT_BLOCK = {"transaction", "trans", "tran"}

WHITESPACE, COMMENT, WORD, STRING, SYMBOL = range(5)


def java_trim(text: str) -> str:
    """``String.trim()``: strips code points <= U+0020 only, not Unicode spaces."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def trim_to_none(text: str | None) -> str | None:
    if text is None:
        return None
    trimmed = java_trim(text)
    return trimmed or None


def _is_letter(ch: str) -> bool:
    return (ch.isascii() and (ch.isalpha() or ch in "_$")) or (not ch.isascii() and ch.isalpha())


def _is_ident_part(ch: str) -> bool:
    return _is_letter(ch) or ch.isdigit() or ch in "#@"


def _scan_quoted(sql: str, i: int, quote: str) -> int | None:
    """End index of a quoted literal starting at ``i`` (backslash and doubled-quote escapes), or None."""
    n = len(sql)
    j = i + 1
    while j < n:
        ch = sql[j]
        if ch == "\\":
            if j + 1 < n and (sql[j + 1] in ("'", '"') or sql[j + 1] in _ESCAPABLE):
                j += 2
                continue
            return None  # the grammar has no token for a lone backslash inside a literal
        if ch == quote:
            if j + 1 < n and sql[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return None


def tokenize(sql: str) -> list[tuple[int, str]]:
    tokens: list[tuple[int, str]] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in _WS_CHARS:
            j = i
            while j < n and sql[j] in _WS_CHARS:
                j += 1
            tokens.append((WHITESPACE, sql[i:j]))
        elif sql.startswith("--", i):
            j = i
            while j < n and sql[j] not in "\r\n":
                j += 1
            tokens.append((COMMENT, sql[i:j]))
        elif sql.startswith("/*", i) and (close := sql.find("*/", i + 2)) >= 0:
            j = close + 2
            tokens.append((COMMENT, sql[i:j]))
        elif ch in "'\"" and (end := _scan_quoted(sql, i, ch)) is not None:
            j = end
            tokens.append((STRING, sql[i:j]))
        elif ch == "`" and (close := sql.find("`", i + 1)) > i + 1 and "\n" not in sql[i:close]:
            j = close + 1
            tokens.append((STRING, sql[i:j]))
        elif ch.isdigit():
            j = i
            while j < n and sql[j].isdigit():
                j += 1
            tokens.append((WORD, sql[i:j]))
        elif _is_letter(ch):
            j = i
            while j < n and _is_ident_part(sql[j]):
                j += 1
            # a string prefix such as N'..' or _utf8'..' is one literal token
            if j < n and sql[j] in "'\"" and sql[i:j].upper() in ("U", "E", "N", "R", "B", "RB", "_UTF8"):
                end = _scan_quoted(sql, j, sql[j])
                if end is not None:
                    j = end
            tokens.append((WORD, sql[i:j]))
        else:
            j = i + 1
            tokens.append((SYMBOL, ch))
        i = j
    return tokens


def _merge(pieces: list[str], delimiter: str | None) -> list[str]:
    """Join consecutive tokens that together spell a multi-character delimiter such as ``//``."""
    if delimiter is None:
        return pieces
    out: list[str] = []
    pending: list[str] = []
    for piece in pieces:
        if not pending:
            if delimiter.startswith(piece):
                pending.append(piece)
            else:
                out.append(piece)
            continue
        joined = "".join(pending) + piece
        if joined == delimiter:
            out.append(joined)
            pending = []
        elif delimiter.startswith(joined):
            pending.append(piece)
        else:
            out.extend(pending)
            out.append(piece)
            pending = []
    return out  # like Liquibase, a half-matched delimiter at the very end is dropped


def _is_delimiter(piece: str, previous: str | None, delimiter: str | None) -> bool:
    if delimiter is None:
        if piece == ";":
            return True
        return (piece.lower() == "go" or piece == "/") and (previous is None or previous.endswith("\n"))
    if len(delimiter) == 1:
        if delimiter == "/" and previous is not None and not previous.endswith("\n"):
            return False
        return piece.lower() == delimiter.lower()
    if piece.lower() == delimiter.lower():
        return True
    try:
        return re.fullmatch(r"[\s\n\r]*" + delimiter.lower(), (str(previous) + piece).lower()) is not None
    except re.error:
        return False


def split_statements(
    sql: str, strip_comments: bool = True, split: bool = True, delimiter: str | None = None
) -> list[str]:
    """The statements Liquibase sends for one SQL change, in order."""
    sql = java_trim(sql.replace("\r", ""))
    if not sql:
        return []
    pieces = [text for kind, text in tokenize(sql) if not (strip_comments and kind == COMMENT)]
    pieces = _merge(pieces, delimiter)
    statements: list[str] = []
    current: list[str] = []
    previous: str | None = None
    after_delimiter = False
    depth = 0
    for i, piece in enumerate(pieces):
        following = next((p for p in pieces[i + 1 :] if trim_to_none(p) is not None), None)
        following = java_trim(following).lower() if following is not None else None
        upper = piece.upper()
        if upper == "BEGIN" and following not in _BEGIN_NOT_BLOCK:
            depth += 1
        if upper == "END" and depth > 0 and following not in _END_NOT_BLOCK:
            depth -= 1
        if depth == 0 and split and _is_delimiter(piece, previous, delimiter):
            statement = trim_to_none("".join(current))
            if statement is not None:
                statements.append(statement)
            current = []
            after_delimiter = True
        else:
            has_text = trim_to_none(piece) is not None
            if (not after_delimiter or has_text) and (current or has_text):
                current.append(piece)
            after_delimiter = False
        previous = piece
    statement = trim_to_none("".join(current))
    if statement is not None:
        statements.append(statement)
    return statements
