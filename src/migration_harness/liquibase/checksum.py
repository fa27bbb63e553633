"""Liquibase 4.28's ``9:`` checksums for SQL changesets.

A raw SQL change hashes its SQL with every space, tab, CR and LF removed (``AbstractSQLChange``'s
normalizing stream); the changeset then hashes the change checksums joined as ``"<change>:"``.
"""

from __future__ import annotations

import hashlib

_WHITESPACE = str.maketrans("", "", " \t\r\n")


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def change_checksum(sql: str) -> str:
    return "9:" + md5_hex(sql.translate(_WHITESPACE))


def changeset_checksum(change_sqls: list[str]) -> str:
    """Checksum of a changeset made of the given SQL changes, in order."""
    joined = "".join(change_checksum(sql) + ":" for sql in change_sqls)
    return "9:" + md5_hex(joined)
