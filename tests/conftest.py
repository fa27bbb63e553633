"""Shared fixtures: one throwaway MariaDB/MySQL server per test session (never the machine's own on 3306)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migration_harness.targets.local import LocalTarget
from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary


@pytest.fixture(scope="session")
def mysql_server() -> Iterator[ThrowawayMySQLServer]:
    """A bare throwaway server (no chdb session, so tests may still start a LocalTarget in-process)."""
    server = ThrowawayMySQLServer(find_server_binary())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def local_target() -> Iterator[LocalTarget]:
    """One local target per test process (xdist worker); tests isolate themselves in scratch databases."""
    target = LocalTarget()
    target.start()
    yield target
    target.stop()
