"""One LocalTarget (throwaway MariaDB + chdb) for all Liquibase tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from migration_harness.targets.local import LocalTarget


@pytest.fixture(scope="session")
def lb_target() -> Iterator[LocalTarget]:
    target = LocalTarget()
    target.start()
    yield target
    target.stop()
