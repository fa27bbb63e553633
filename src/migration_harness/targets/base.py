"""What a target is: where the suites get their MySQL and ClickHouse engines from."""

from __future__ import annotations

import abc
import contextlib
import itertools
import uuid

from ..engines import Engine
from ..errors import HarnessError

DIALECTS = ("mysql", "clickhouse")


class Target(abc.ABC):
    """A pair of database servers.

    Throwaway targets (``local``, ``containers``) hand out *scratch* databases with unique names that are
    dropped at :meth:`stop`. Live targets hand out the existing databases and are read-only unless the
    config marks them ``destructive`` and the run passes ``--allow-destructive``.
    """

    name: str
    throwaway: bool = True

    def __init__(self) -> None:
        self._scratch: list[tuple[Engine, str]] = []
        self.run_token = uuid.uuid4().hex[:8]
        self._serial = itertools.count()  # never reused, even after release(): names must stay unique
        self.notes: list[str] = []  # what starting found and did (e.g. leftovers dropped), for the report

    def unavailable_reason(self) -> str | None:
        """Why this target cannot run here (e.g. no Docker engine), or None."""
        return None

    @abc.abstractmethod
    def start(self) -> None: ...

    @abc.abstractmethod
    def _create_database(self, dialect: str, name: str) -> Engine:
        """Create database ``name`` and return an engine bound to it."""

    @abc.abstractmethod
    def _drop_database(self, engine: Engine) -> None: ...

    @property
    def writable(self) -> bool:
        return self.throwaway

    def scratch(self, dialect: str, label: str = "db") -> Engine:
        """A new, empty database with a unique name, dropped when the target stops."""
        if dialect not in DIALECTS:
            raise HarnessError(f"unknown database kind {dialect!r}; expected one of {', '.join(DIALECTS)}")
        if not self.writable:
            raise HarnessError(f"target {self.name!r} is read-only: scratch databases need a throwaway target")
        safe = "".join(c if c.isalnum() else "_" for c in label.lower())[:24]
        name = f"mh_{self.run_token}_{next(self._serial)}_{safe}"
        engine = self._create_database(dialect, name)
        self._scratch.append((engine, dialect))
        return engine

    def release(self, engines: list[Engine]) -> None:
        """Drop scratch databases early (a Hypothesis example makes many; they need not live to the end)."""
        for engine in engines:
            for i, (held, _) in enumerate(self._scratch):
                if held is engine:
                    del self._scratch[i]
                    with contextlib.suppress(Exception):
                        self._drop_database(engine)
                    engine.close()
                    break

    def drop_scratch(self) -> None:
        while self._scratch:
            engine, _ = self._scratch.pop()
            with contextlib.suppress(Exception):
                self._drop_database(engine)
            with contextlib.suppress(Exception):
                engine.close()

    def live(self, dialect: str, writable: bool = False) -> Engine:
        raise HarnessError(f"target {self.name!r} has no live {dialect} database; it only makes scratch ones")

    def lost_server_note(self) -> str:
        """Why a server of this target went away, where the target knows (a throwaway server's exit and the end
        of its error log); '' otherwise."""
        return ""

    @abc.abstractmethod
    def describe(self) -> dict[str, str]:
        """Database kind -> the exact engine and version that stands in, for the header and reports."""

    def stop(self) -> None:
        self.drop_scratch()
