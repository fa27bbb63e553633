"""The harness's Hypothesis profile: its own suites only, also under CI=true, with a database CI can cache."""

from __future__ import annotations

import contextlib
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from migration_harness.generators import profiles
from migration_harness.suites.properties import _ctrl_c_never_lost

TINY = Path(__file__).parent / "specs" / "tiny"


@pytest.fixture
def profile() -> Iterator[None]:
    """Whatever profile a test loads is put back afterwards (the outer run may itself be under CI=true)."""
    before = settings.get_current_profile_name()
    yield
    settings.load_profile(before)


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("automatic", ["default", "ci"])
def test_automatic_profiles_give_the_harness_default_with_a_directory_database(
    automatic: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(profiles.STORAGE_VARIABLE, raising=False)
    settings.load_profile(automatic)
    chosen = profiles.suite_settings(tmp_path)
    assert chosen.max_examples == settings.get_profile(profiles.DEFAULT).max_examples == 25
    assert not chosen.derandomize  # the ci profile's derandomize=True would imply database=None
    assert chosen.deadline is None
    assert isinstance(chosen.database, DirectoryBasedExampleDatabase)
    assert Path(chosen.database.path) == tmp_path / ".hypothesis" / "examples"


@pytest.mark.usefixtures("profile")
def test_storage_directory_variable_moves_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(profiles.STORAGE_VARIABLE, str(tmp_path / "cache"))
    settings.load_profile(profiles.THOROUGH)
    chosen = profiles.suite_settings(tmp_path / "elsewhere")
    assert chosen.max_examples == 200
    assert isinstance(chosen.database, DirectoryBasedExampleDatabase)
    assert Path(chosen.database.path) == tmp_path / "cache" / "examples"


@pytest.mark.usefixtures("profile")
def test_a_profile_the_user_chose_wins(tmp_path: Path) -> None:
    settings.register_profile("mine", max_examples=4, database=None)
    settings.load_profile("mine")
    chosen = profiles.suite_settings(tmp_path)
    assert chosen.max_examples == 4
    assert chosen.database is None
    assert chosen.deadline is None  # a real migration per example: never a deadline


USER_TESTS = """
from hypothesis import given, settings, strategies as st

calls = {"plain": 0, "own": 0}

@given(st.integers())
def test_plain(x):
    calls["plain"] += 1
    current = settings()
    assert settings.get_current_profile_name() == "ci"
    assert current.derandomize and current.database is None  # Hypothesis's own ci profile, untouched

@settings(max_examples=7)
@given(st.integers())
def test_own(x):
    calls["own"] += 1

def test_counts():
    print(f"user examples: plain={calls['plain']} own={calls['own']}")
"""


def test_under_ci_the_suite_runs_the_harness_default_and_user_tests_keep_their_settings(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.delenv(profiles.STORAGE_VARIABLE, raising=False)
    shutil.copytree(TINY, pytester.path / "tiny")
    pytester.makepyfile(test_mine=USER_TESTS)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-s", "--log-cli-level=INFO", "test_mine.py",
        "--migration", "tiny/spec.toml", "--suite", "properties",
    )  # fmt: skip
    output = result.stdout.str()
    assert result.ret == pytest.ExitCode.OK, output
    assert "hypothesis examples run: 25" in output  # not the ci profile's 100, nor derandomized
    # The user's tests: Hypothesis's ci profile (100 examples at most) and their own max_examples.
    counts = re.search(r"user examples: plain=(\d+) own=(\d+)", output)
    assert counts is not None, output
    assert 1 <= int(counts[1]) <= 100 and int(counts[2]) <= 7
    # Failing shapes are saved where a CI cache restores them, and replayed first (derandomize is off).
    database = pytester.path / ".hypothesis" / "examples"
    result.stdout.fnmatch_lines([f"*hypothesis: 25 examples at most, failing shapes saved in *{database}*"])
    # Each example is logged as a progress step (INFO, with its duration).
    result.stdout.fnmatch_lines(["*hypothesis example 25 (of about 25) ... *s"])


def test_a_ctrl_c_swallowed_by_a_callback_is_raised_at_the_next_example() -> None:
    """Python swallows an exception raised inside a garbage-collection callback, which Hypothesis installs; a
    Ctrl-C landing there let the properties suite run to its end. The suite remembers it for the next example."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a pytest run of one's own
    try:
        with _ctrl_c_never_lost() as raise_if_interrupted:
            raise_if_interrupted()  # nothing pending
            with contextlib.suppress(KeyboardInterrupt):  # swallowed, as a gc callback swallows it
                signal.raise_signal(signal.SIGINT)
            with pytest.raises(KeyboardInterrupt):
                raise_if_interrupted()
            raise_if_interrupted()  # raised once
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)
