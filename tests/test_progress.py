"""Progress of long steps: logged always, shown in the terminal only when slower than the threshold."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from migration_harness import progress


class Clock:
    """A clock the test moves by hand, so a "slow" step takes no real time."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(progress, "_clock", fake)
    yield fake


def test_every_step_is_logged_with_its_duration(clock: Clock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="migration_harness")
    with progress.step("seeding mysql"):
        clock.now += 4.25
    with pytest.raises(RuntimeError), progress.step("migrating clickhouse"):
        raise RuntimeError("changeset failed")
    messages = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "migration_harness.progress"]
    assert messages == [
        ("DEBUG", "seeding mysql ..."),
        ("INFO", "seeding mysql ... 4.2 s"),
        ("DEBUG", "migrating clickhouse ..."),
        ("INFO", "migrating clickhouse ... 0.0 s (failed)"),
    ]


def test_threshold_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(progress.THRESHOLD_VARIABLE, "0.5")
    assert progress.threshold_from_environment() == 0.5
    monkeypatch.setenv(progress.THRESHOLD_VARIABLE, "soon")
    assert progress.threshold_from_environment() == progress.DEFAULT_THRESHOLD


def test_ini_threshold_is_seconds_or_a_usage_error() -> None:
    assert progress.threshold_setting("") is None
    assert progress.threshold_setting("0.5") == 0.5
    with pytest.raises(pytest.UsageError, match="not 'soon'"):
        progress.threshold_setting("soon")


STEPS = """
import time
import pytest
from migration_harness import progress

def pytest_configure(config):
    progress.attach(config, threshold=0.2)
"""

TESTS = """
import time
from migration_harness import progress

def test_slow_and_quick_steps():
    print("captured output stays captured")
    with progress.step("seeding mysql"):
        time.sleep(0.3)
    with progress.step("quick lookup"):
        pass

def test_after():
    pass
"""


def test_slow_steps_show_in_the_terminal_and_quick_ones_do_not(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(STEPS)
    pytester.makepyfile(test_steps=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")  # default verbosity, output captured
    assert result.ret == pytest.ExitCode.OK
    result.stdout.re_match_lines([r"^migration-harness: seeding mysql \.\.\. 0\.[3-9] s$"])
    output = result.stdout.str()
    assert "quick lookup" not in output
    assert "captured output stays captured" not in output
    result.assert_outcomes(passed=2)


def test_xdist_workers_only_log(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(STEPS)
    pytester.makepyfile(test_steps=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-n", "1")
    assert result.ret == pytest.ExitCode.OK
    assert "seeding mysql" not in result.stdout.str() + result.stderr.str()


def test_a_run_inside_a_run_gives_the_terminal_back(pytester: pytest.Pytester) -> None:
    before = progress._config  # this very run's, once the plugin attaches it
    outer, inner = pytester.parseconfig(), pytester.parseconfig()  # not configured: the plugin attaches nothing
    progress.attach(outer, threshold=1.0)
    progress.attach(outer)  # again, e.g. from the migration_session fixture: nothing changes
    assert (progress._config, progress._threshold) == (outer, 1.0)
    progress.attach(inner, threshold=2.0)
    assert (progress._config, progress._threshold) == (inner, 2.0)
    inner._ensure_unconfigure()
    assert (progress._config, progress._threshold) == (outer, 1.0)
    outer._ensure_unconfigure()
    assert progress._config is before
