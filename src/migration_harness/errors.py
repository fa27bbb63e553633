"""The exception type the harness raises for bad input (the plugin turns it into a usage error), and how an
error of the engines becomes part of a message of the harness's own."""

from __future__ import annotations

from collections.abc import Callable


class HarnessError(Exception):
    """A user-facing problem (bad config, malformed changelog, unreachable target).

    The message must name the file, line, key or target at fault; it is printed without a traceback.
    """


class ChangelogError(HarnessError):
    """A changelog that cannot be parsed, with file and line."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line


class ChangesetFailed(HarnessError):
    """A changeset's SQL failed while applying or rolling back."""

    database: str = ""  # the database kind, where a run of several databases knows it


def failure_of(action: Callable[[], object]) -> str:
    """What ``action`` raised, as one line naming the error's type ("" when it worked): for a message of the
    harness's own, said outside the handler so no driver traceback is chained to it."""
    try:
        action()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""
