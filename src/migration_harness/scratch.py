"""Where the local target's throwaway databases keep their files.

Nothing there has to survive the run, so it goes to memory (``/dev/shm``) when the machine has room, as
MariaDB's own test runner does with ``--mem``: every ClickHouse insert writes a part of about ten files and
every MariaDB DDL syncs, and on a slow temp disk that file work, not the queries, was most of a Hypothesis
example. A chosen directory wins: ``[local] scratch`` (or ``MIGRATION_HARNESS_SCRATCH``), then ``TMPDIR``
when it is set; without room in memory the system temp dir is used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import HarnessError

ENV = "MIGRATION_HARNESS_SCRATCH"
MEMORY = Path("/dev/shm")
# Test-scale databases take a few MiB; the forecast's bulk volumes a few hundred. Below this much free
# memory the disk is the safer place (a full /dev/shm fails the run, and takes RAM from everything else).
MEMORY_MIN_FREE = 4 * 2**30


def scratch_root(configured: str | None = None) -> Path:
    """The directory the throwaway datadirs and the embedded ClickHouse's files are made in."""
    chosen = configured or os.environ.get(ENV)
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
            where = "[local] scratch" if configured else ENV
            raise HarnessError(f"{where} = {chosen!r}: not a writable directory")
        return path
    if os.environ.get("TMPDIR"):
        return Path(tempfile.gettempdir())
    if _has_room(MEMORY):
        return MEMORY
    return Path(tempfile.gettempdir())


def _has_room(path: Path) -> bool:
    if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
        return False
    try:
        return shutil.disk_usage(path).free >= MEMORY_MIN_FREE
    except OSError:
        return False


def describe(path: Path) -> str:
    """How a report names the choice: memory or the directory."""
    return f"{path} (memory)" if path == MEMORY else str(path)
