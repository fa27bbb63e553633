"""One LocalTarget (throwaway MariaDB + chdb) for all Liquibase tests."""

from __future__ import annotations

import pytest

from migration_harness.targets.local import LocalTarget


@pytest.fixture(scope="session")
def lb_target(local_target: LocalTarget) -> LocalTarget:
    return local_target
