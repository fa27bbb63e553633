"""Hypothesis settings profiles for migration suites: few, slow examples against real databases."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

DEFAULT, THOROUGH = "harness-default", "harness-thorough"

# Each example creates databases and runs a migration: seconds, not microseconds, hence no deadline.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture]

settings.register_profile(DEFAULT, max_examples=25, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile(THOROUGH, max_examples=200, deadline=None, suppress_health_check=_SLOW_OK)


def use_default_profile() -> str:
    """Load ``harness-default`` unless the user chose a profile of their own; returns the active name."""
    current = getattr(settings, "_current_profile", None) or "default"
    if current == "default":
        settings.load_profile(DEFAULT)
        return DEFAULT
    return current
