"""Shared fixtures: one throwaway MariaDB/MySQL server per test session (never the machine's own on 3306)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migration_harness.engines.lost import lost_connection
from migration_harness.targets.local import LocalTarget
from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary

_SESSION_SERVERS: list[ThrowawayMySQLServer] = []  # this process's session-wide servers, for the hook below


@pytest.fixture(scope="session")
def mysql_server() -> Iterator[ThrowawayMySQLServer]:
    """A bare throwaway server (no chdb session, so tests may still start a LocalTarget in-process)."""
    server = ThrowawayMySQLServer(find_server_binary())
    server.start()
    _SESSION_SERVERS.append(server)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def local_target() -> Iterator[LocalTarget]:
    """One local target per test process (xdist worker); tests isolate themselves in scratch databases."""
    target = LocalTarget()
    target.start()
    assert target._server is not None
    _SESSION_SERVERS.append(target._server)
    yield target
    target.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A test that lost its connection says whether a session-wide server died, how, and what its error log
    said last: the server's temp dir, log included, is gone by the end of the run."""
    report = yield
    if call.excinfo is not None and lost_connection(call.excinfo.value):
        notes = [note for server in _SESSION_SERVERS if (note := server.exit_note())]
        if notes:
            report.sections.append(("session servers", "\n".join(notes)))
    return report


# Tests that take minutes (each starts the real Liquibase CLI, a JVM, dozens of times). Collected late, one of
# them left an xdist worker running alone at the end of the run; first, they share the run with the rest.
_LONG_RUNNING = (
    "test_correct_migration_passes_every_suite[liquibase_change_types]",
    "test_mutant_is_caught_by_its_suite[liquibase_change_types/",
    "tests/liquibase/test_differential_sequences.py::",
    "test_command_runner_gets_the_cli_arguments_and_never_the_password",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not any(part in item.nodeid for part in _LONG_RUNNING))  # stable: order kept
