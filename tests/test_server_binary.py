"""Which server binary the local target starts: a real MySQL when there is one, else MariaDB."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from migration_harness.errors import HarnessError
from migration_harness.targets import processes


def fake_server(directory: Path, name: str, version: str) -> Path:
    """An executable that answers ``--version`` like a server binary (only the selection logic is tested here;
    real servers are started by the local-target tests)."""
    path = directory / name
    path.write_text(f"#!/bin/sh\necho '{version}'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MIGRATION_HARNESS_MYSQLD", raising=False)
    monkeypatch.setattr(processes, "_SEARCH_DIRS", ())
    return tmp_path


def test_real_mysql_wins_over_mariadb(bin_dir: Path) -> None:
    fake_server(bin_dir, "mariadbd", "mariadbd  Ver 10.11.19-MariaDB for debian-linux-gnu")
    mysqld = fake_server(
        bin_dir, "mysqld", "/usr/sbin/mysqld  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)"
    )
    chosen = processes.find_server_binary()
    assert chosen.path == str(mysqld) and not chosen.is_mariadb


def test_mysqld_that_is_mariadb_falls_back_to_mariadb(bin_dir: Path) -> None:
    fake_server(bin_dir, "mysqld", "mysqld  Ver 10.11.19-MariaDB for debian-linux-gnu")
    chosen = processes.find_server_binary()
    assert chosen.is_mariadb


def test_configured_binary_is_used(bin_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_server(bin_dir, "mariadbd", "mariadbd  Ver 10.11.19-MariaDB")
    other = fake_server(bin_dir, "mysqld-8.4", "mysqld  Ver 8.4.0 (MySQL Community Server - GPL)")
    monkeypatch.setenv("MIGRATION_HARNESS_MYSQLD", str(other))
    assert processes.find_server_binary().path == str(other)


def test_no_server_binary_says_how_to_get_one(bin_dir: Path) -> None:
    with pytest.raises(HarnessError) as excinfo:
        processes.find_server_binary()
    message = str(excinfo.value)
    assert "apt-get install mariadb-server" in message and "--target containers" in message


def test_configured_binary_that_is_not_executable_is_named(bin_dir: Path) -> None:
    missing = bin_dir / "nope"
    with pytest.raises(HarnessError, match="nope"):
        processes.find_server_binary(str(missing))
    assert not os.path.exists(missing)
