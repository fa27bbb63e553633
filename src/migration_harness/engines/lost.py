"""Telling a lost server connection from a failed check, so it reads as one sentence, not a driver traceback."""

from __future__ import annotations

# PyMySQL client error codes: can't connect, server gone away, lost during query, lost (SSL/other).
_MYSQL_LOST = {2003: "cannot reach the server", 2006: "the server has gone away",
               2013: "lost the connection during a query", 2055: "lost the connection"}  # fmt: skip
_NETWORK_WORDS = ("connection refused", "connection reset", "connection aborted", "broken pipe", "timed out",
                  "max retries exceeded", "remotedisconnected", "name or service not known")  # fmt: skip


def lost_connection(exc: BaseException) -> str | None:
    """What happened, when ``exc`` means the connection to a database server is gone (or never answered);
    None for an ordinary SQL error, which the check reports itself."""
    import pymysql

    orig = getattr(exc, "orig", None) or exc  # SQLAlchemy may wrap the DBAPI error
    args = getattr(orig, "args", ())
    if isinstance(orig, pymysql.err.InterfaceError) and args[:1] == (0,):
        return "the MySQL connection was already lost earlier in this run (the server stopped or the network dropped)"
    if isinstance(orig, pymysql.err.OperationalError) and args and args[0] in _MYSQL_LOST:
        detail = str(args[1]) if len(args) > 1 else ""
        if "timed out" in detail:
            return f"the MySQL server sent no reply within the target's query_timeout ({detail})"
        return f"MySQL: {_MYSQL_LOST[args[0]]} ({args[0]}: {detail}); the server stopped or the network dropped"
    if type(orig).__module__.startswith(("clickhouse_connect", "urllib3", "requests")) or isinstance(orig, OSError):
        text = str(orig).lower()
        if any(word in text for word in _NETWORK_WORDS):
            first = str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__
            return f"ClickHouse: the server did not answer ({first}); it stopped or the network dropped"
    return None
