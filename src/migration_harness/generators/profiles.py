"""Hypothesis settings profiles for migration suites: few, slow examples against real databases."""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

DEFAULT, THOROUGH = "harness-default", "harness-thorough"

# Each example creates databases and runs a migration: seconds, not microseconds, hence no deadline.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

# No explain phase: it re-runs the failing example many times (a real migration each) to annotate lines.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]

settings.register_profile(DEFAULT, max_examples=25, deadline=None, suppress_health_check=_SLOW_OK, phases=_PHASES)
settings.register_profile(THOROUGH, max_examples=200, deadline=None, suppress_health_check=_SLOW_OK, phases=_PHASES)


def suite_settings() -> settings:
    """The harness profile for the properties suite alone (a team's own Hypothesis tests keep theirs). A
    profile the user chose wins; Hypothesis's automatic ``ci`` profile does not, since it would quadruple the
    examples of a database-backed test and turn off the replay of saved failures."""
    chosen = settings.get_current_profile_name()
    parent = settings.get_profile(DEFAULT) if chosen in ("default", "ci") else settings.default
    return settings(parent, suppress_health_check=_SLOW_OK, deadline=None)
