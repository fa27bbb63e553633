"""Hypothesis settings profiles for migration suites: few, slow examples against real databases."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase

DEFAULT, THOROUGH = "harness-default", "harness-thorough"

# Each example creates databases and runs a migration: seconds, not microseconds, hence no deadline.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

# No explain phase: it re-runs the failing example many times (a real migration each) to annotate lines.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

# Parented on Hypothesis's "default" profile, not on whatever is loaded at import time: under CI=true that is
# its "ci" profile, whose derandomize=True and database=None would turn off the replay of saved failures.
_BASE = settings.get_profile("default")
_HARNESS = {"deadline": None, "suppress_health_check": _SLOW_OK, "phases": _PHASES, "derandomize": False}
settings.register_profile(DEFAULT, _BASE, max_examples=25, **_HARNESS)
settings.register_profile(THOROUGH, _BASE, max_examples=200, **_HARNESS)

STORAGE_VARIABLE = "HYPOTHESIS_STORAGE_DIRECTORY"  # Hypothesis's own override of its .hypothesis directory


def examples_path(rootdir: Path) -> Path:
    """Where the harness keeps the failing shapes it replays first next time: ``<rootdir>/.hypothesis/examples``
    (``$HYPOTHESIS_STORAGE_DIRECTORY/examples`` when set). A fixed path, not the working directory, so a CI
    cache of it restores the failures whichever directory pytest was started from."""
    storage = os.environ.get(STORAGE_VARIABLE)
    return (Path(storage) if storage else rootdir / ".hypothesis") / "examples"


# Examples of the default profile when the user's own Liquibase command runs a changelog: each example then
# starts a few processes (JVMs, seconds each), so 25 would make the suite take minutes; a profile the user
# chooses still wins. runner = "liquibase" keeps one JVM (liquibase.cli_daemon) and runs the 25.
EXTERNAL_RUNNER_EXAMPLES = 5


def suite_settings(rootdir: Path, external_runner: bool = False) -> settings:
    """The settings of the properties suite alone (a team's own Hypothesis tests keep theirs). A profile the
    user chose wins; Hypothesis's automatic ``ci`` profile does not, since it would quadruple the examples of a
    database-backed test and turn off the replay of saved failures. The harness's profiles save failing shapes
    in :func:`examples_path`. ``external_runner``: see EXTERNAL_RUNNER_EXAMPLES."""
    chosen = settings.get_current_profile_name()
    if chosen in ("default", "ci"):
        chosen = DEFAULT
    if chosen in (DEFAULT, THOROUGH):
        saved = DirectoryBasedExampleDatabase(examples_path(rootdir))
        if chosen == DEFAULT and external_runner:
            return settings(settings.get_profile(DEFAULT), database=saved, max_examples=EXTERNAL_RUNNER_EXAMPLES)
        return settings(settings.get_profile(chosen), database=saved)
    return settings(settings.default, suppress_health_check=_SLOW_OK, deadline=None)
