"""Database engines behind one interface: MySQL/MariaDB, ClickHouse server, embedded chdb."""

from .base import BOOKKEEPING, Column, Engine, Row

__all__ = ["BOOKKEEPING", "Column", "Engine", "Row"]
