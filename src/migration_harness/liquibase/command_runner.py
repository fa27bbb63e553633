"""CommandRunner: any migration command line (``mvn liquibase:update``, a wrapper script) behind the
runner interface, so a project's own build tooling can be tested the same way.

Templates are formatted with ``{count}``/``{tag}`` and split shell-style; they run without a shell.
Output that contains a value from ``secrets`` is masked before it is shown.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..engines import Engine
from ..errors import ChangesetFailed, HarnessError
from .history import history_for

DEFAULT_TEMPLATES = {
    "update": "mvn -q liquibase:update",
    "update_count": "mvn -q liquibase:updateCount -Dliquibase.changesCount={count}",
    "rollback_count": "mvn -q liquibase:rollback -Dliquibase.rollbackCount={count}",
    "status": "mvn -q liquibase:status",
}


class CommandRunner:
    def __init__(
        self,
        engine: Engine,
        templates: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        env: Mapping[str, str] | None = None,
        secrets: Sequence[str] = (),
        timeout: float = 600,
    ) -> None:
        self.engine = engine
        self.templates = {**DEFAULT_TEMPLATES, **(templates or {})}
        self.cwd = Path(cwd) if cwd else None
        self.env = dict(env) if env else None
        self.secrets = [s for s in secrets if s]
        self.timeout = timeout
        self.last_output = ""

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text

    def _run(self, name: str, **values: Any) -> str:
        template = self.templates.get(name)
        if not template:
            raise HarnessError(f"no command template for {name!r}; configure templates[{name!r}]")
        argv = shlex.split(template.format(**values))
        try:
            proc = subprocess.run(
                argv, cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=self.timeout, check=False
            )
        except FileNotFoundError:
            raise HarnessError(f"command not found: {argv[0]!r} (template {name!r})") from None
        self.last_output = self._mask(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            raise ChangesetFailed(
                f"{self._mask(' '.join(argv))} failed (exit {proc.returncode}): {self.last_output[-2000:]}"
            )
        return self.last_output

    def update(self) -> None:
        self._run("update")

    def update_count(self, n: int) -> None:
        self._run("update_count", count=n)

    def rollback_count(self, n: int) -> None:
        self._run("rollback_count", count=n)

    def status(self) -> str:
        """The tool's own status output (its format is the tool's)."""
        return self._run("status")

    def applied(self) -> list[dict[str, Any]]:
        return history_for(self.engine).rows()
