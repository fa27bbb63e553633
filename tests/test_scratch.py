"""Where the local target keeps its throwaway files: a chosen directory, TMPDIR, else memory when it has room."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from migration_harness import scratch
from migration_harness.errors import HarnessError
from migration_harness.targets import LocalTarget


@pytest.fixture
def no_choice(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(scratch.ENV, raising=False)
    monkeypatch.delenv("TMPDIR", raising=False)
    return monkeypatch


def test_a_chosen_directory_wins(no_choice: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_choice.setenv("TMPDIR", "/nonexistent-tmp")
    assert scratch.scratch_root(str(tmp_path)) == tmp_path
    no_choice.setenv(scratch.ENV, str(tmp_path / "env"))  # [local] scratch is more specific than the env
    assert scratch.scratch_root(str(tmp_path)) == tmp_path
    (tmp_path / "env").mkdir()
    assert scratch.scratch_root() == tmp_path / "env"


def test_an_unusable_choice_is_one_clear_error(no_choice: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match=r"\[local\] scratch = '.*missing': not a writable directory"):
        scratch.scratch_root(str(tmp_path / "missing"))
    no_choice.setenv(scratch.ENV, str(tmp_path / "file"))
    (tmp_path / "file").write_text("")
    with pytest.raises(HarnessError, match=r"MIGRATION_HARNESS_SCRATCH = '.*file': not a writable directory"):
        scratch.scratch_root()


def test_tmpdir_set_by_the_user_is_honoured(no_choice: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_choice.setenv("TMPDIR", str(tmp_path))
    no_choice.setattr(tempfile, "tempdir", None)  # tempfile reads TMPDIR once per process
    assert scratch.scratch_root() == tmp_path


def test_memory_only_with_room(no_choice: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_choice.setattr(scratch, "MEMORY", tmp_path)
    no_choice.setattr(scratch, "MEMORY_MIN_FREE", 1)
    assert scratch.scratch_root() == tmp_path
    no_choice.setattr(scratch, "MEMORY_MIN_FREE", 2**60)  # more than any disk: the temp dir instead
    assert scratch.scratch_root() != tmp_path
    no_choice.setattr(scratch, "MEMORY", tmp_path / "absent")
    no_choice.setattr(scratch, "MEMORY_MIN_FREE", 1)
    assert scratch.scratch_root() != tmp_path / "absent"


def test_the_local_target_puts_its_files_there(no_choice: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = LocalTarget(scratch=str(tmp_path))
    target.start()
    try:
        assert target._server is not None and target._server.tmpdir.parent == tmp_path
        server_dir = target._server.tmpdir
        assert os.listdir(server_dir / "data")
        assert f"files in {tmp_path})" in target.describe()["mysql"]
    finally:
        target.stop()
    assert not server_dir.exists()
