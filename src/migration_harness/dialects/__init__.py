"""Database dialects: one class per engine owns every SQL fragment that differs between them.

Adding an engine (PostgreSQL, say) is one module here with a :class:`Dialect` subclass, plus an engine in
``engines/`` and a target; docs/architecture.md lists what that module holds.
"""

from .base import Dialect
from .clickhouse import ClickHouseDialect
from .mysql import MariaDBDialect, MySQLDialect
from .quoting import ident, literal, qualified

__all__ = ["ClickHouseDialect", "Dialect", "MariaDBDialect", "MySQLDialect", "ident", "literal", "qualified"]
