"""Database engines behind one interface: MySQL/MariaDB, ClickHouse server, embedded chdb."""

from .base import Column, Engine, Row

__all__ = ["Column", "Engine", "Row"]
