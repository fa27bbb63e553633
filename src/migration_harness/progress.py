"""Progress of the long steps (server start, baseline, seed, migrate, checks, Hypothesis examples).

Every step is logged through :mod:`logging` (``migration_harness.progress``: start at DEBUG, end at INFO with
its duration). A step slower than the threshold also writes one line to the terminal at the default verbosity,
``migration-harness: seeding mysql ... 4.2 s``, so a quiet run of several minutes shows what it is doing. The
terminal is attached once per pytest run (:func:`attach`); xdist workers have none that anyone reads, so there
the steps are only logged.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

import pytest

log = logging.getLogger("migration_harness.progress")

THRESHOLD_VARIABLE = "MIGRATION_HARNESS_PROGRESS_SECONDS"
DEFAULT_THRESHOLD = 3.0

_clock: Callable[[], float] = time.monotonic
_config: pytest.Config | None = None
_threshold = DEFAULT_THRESHOLD


def threshold_from_environment(default: float = DEFAULT_THRESHOLD) -> float:
    """``MIGRATION_HARNESS_PROGRESS_SECONDS`` when set to a number, else ``default``."""
    try:
        return float(os.environ[THRESHOLD_VARIABLE])
    except (KeyError, ValueError):
        return default


def threshold_setting(text: str) -> float | None:
    """An ini value in seconds: empty means the default (:func:`attach`); anything but a number >= 0 is a usage
    error, not a crash."""
    if not text.strip():
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise pytest.UsageError(f"migration-harness: migration_progress_seconds is a number of seconds, not {text!r}")
    return seconds


def attach(config: pytest.Config, threshold: float | None = None) -> None:
    """Show slow steps of this pytest run in its terminal, the threshold in seconds from the argument, else
    ``$MIGRATION_HARNESS_PROGRESS_SECONDS``, else 3. Calling it again for the same run changes nothing unless a
    threshold is given; when the run's config is cleaned up, the terminal attached before it (if any) is back."""
    global _config, _threshold
    if _config is config:
        if threshold is not None:
            _threshold = threshold
        return
    outer = (_config, _threshold)  # an in-process pytester run inside another run gives the terminal back
    _config = config
    _threshold = threshold_from_environment() if threshold is None else threshold
    config.add_cleanup(lambda: _restore(*outer))


def _restore(config: pytest.Config | None, threshold: float) -> None:
    global _config, _threshold
    _config, _threshold = config, threshold


def _terminal_line(text: str) -> None:
    config = _config
    if config is None or hasattr(config, "workerinput"):  # an xdist worker: its terminal is not shown
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    # Inside a test the output is captured; the line is for the person watching, as pytest's live logs are.
    capture = config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture is not None else nullcontext():
        reporter.write_line(f"migration-harness: {text}")


@contextmanager
def step(description: str) -> Iterator[None]:
    """Time one step; log it, and show it in the terminal when it took at least the threshold."""
    log.debug("%s ...", description)
    started = _clock()
    outcome = ""
    try:
        yield
    except Exception:
        outcome = " (failed)"  # not for pytest's skip, which is no Exception: a NOT VERIFIED step did not fail
        raise
    finally:
        seconds = _clock() - started
        log.info("%s ... %.1f s%s", description, seconds, outcome)
        if seconds >= _threshold:
            _terminal_line(f"{description} ... {seconds:.1f} s{outcome}")
