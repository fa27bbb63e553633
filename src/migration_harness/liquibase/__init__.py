"""Liquibase changelogs without the JVM: parse them, checksum them, apply them with Liquibase's bookkeeping."""

from .loader import load_changelog
from .model import ChangeLog, ChangeSet
from .native import NativeRunner

__all__ = ["ChangeLog", "ChangeSet", "NativeRunner", "load_changelog"]
