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


def use_default_profile() -> str:
    """Load ``harness-default`` unless the user chose a profile of their own; returns the active name."""
    current = getattr(settings, "_current_profile", None) or "default"
    if current == "default":
        settings.load_profile(DEFAULT)
        return DEFAULT
    return current
