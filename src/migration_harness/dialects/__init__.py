"""Database dialects: one class per engine owns every SQL fragment that differs between them.

Adding an engine (PostgreSQL, say) is one module here with a :class:`Dialect` subclass, plus an engine in
``engines/`` and a target; docs/architecture.md lists what that module holds.
"""

from .base import Dialect
from .clickhouse import ClickHouseDialect
from .mysql import MariaDBDialect, MySQLDialect
from .quoting import ident, literal, qualified, reading_from

__all__ = [
    "ClickHouseDialect", "Dialect", "MariaDBDialect", "MySQLDialect",
    "ident", "liquibase_names", "literal", "qualified", "reading_from",
]  # fmt: skip


def liquibase_names(kind: str) -> str:
    """Every name Liquibase's ``dbms`` may know a database of this kind by (``mysql,mariadb``): a changelog
    parsed before the server is known must read the same on each of them."""
    return ",".join(d.liquibase_name for d in (MySQLDialect, MariaDBDialect, ClickHouseDialect) if d.name == kind)
