"""Where the databases come from: ``local`` (default), ``containers``, or a configured live target."""

from __future__ import annotations

from collections.abc import Iterable

from ..config import Settings
from ..errors import HarnessError
from .base import DIALECTS, Target
from .containers import ContainersTarget
from .live import LiveTarget, ServerTarget
from .local import LocalTarget

KNOWN_BUILTIN = ("local", "containers")

__all__ = [
    "DIALECTS",
    "KNOWN_BUILTIN",
    "ContainersTarget",
    "LiveTarget",
    "LocalTarget",
    "ServerTarget",
    "Target",
    "UnknownTarget",
    "known_targets",
    "resolve_target",
]


class UnknownTarget(HarnessError):
    """A --target name that is neither built in nor configured."""


def known_targets(settings: Settings) -> list[str]:
    return [*KNOWN_BUILTIN, *sorted(settings.targets)]


def resolve_target(
    name: str, settings: Settings, allow_destructive: bool = False, kinds: Iterable[str] = DIALECTS
) -> Target:
    """The (not yet started) target called ``name``; ``kinds`` are the database kinds the spec declares (the
    local target starts only those, so a ClickHouse-only migration needs no MySQL server installed)."""
    if name == "local":
        return LocalTarget(mysqld=settings.local.mysqld, scratch=settings.local.scratch, kinds=kinds)
    if name == "containers":
        return ContainersTarget(settings.containers)
    if name in settings.targets:
        return LiveTarget(settings.targets[name].expanded(), allow_destructive=allow_destructive)
    where = f" (configured in {settings.source.name})" if settings.source and settings.targets else ""
    hint = "" if settings.targets else "; add [targets.NAME] to migration-harness.toml for a live server"
    raise UnknownTarget(f"unknown target {name!r}; known targets: {', '.join(known_targets(settings))}{where}{hint}")
