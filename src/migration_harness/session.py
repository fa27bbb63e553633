"""Per-pytest-session state: settings, the chosen target (started once), the spec and what the report needs.

Nothing here starts a server or expands a secret until harness items are selected to run: a team's own
pytest runs (``-m "not migration_suite"``, ``--co``, ``--help``) are left as they are.
"""

from __future__ import annotations

import shlex
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import progress
from .config import Settings, load_settings, load_settings_file
from .dialects import liquibase_names
from .errors import HarnessError
from .liquibase import ChangeLog, ChangeSet, load_changelog
from .liquibase.cli_runner import find_liquibase
from .phases import PHASE_SUITES, Baseline, Phase, default_baseline_path
from .runs import split_changelog
from .spec import DatabaseSpec, MigrationSpec, load_spec
from .suites import PHASE_ONLY, SUITES, not_verified
from .targets import DIALECTS, Target, known_targets, preflight, resolve_target
from .verdict import Verdict

PLACEHOLDER_DB = "mh_placeholder"  # changelogs are parsed up front, before any database exists


@dataclass
class Plan:
    """A changelog as parsed at start-up: which changesets build the baseline, which are under test."""

    log: ChangeLog
    baseline: list[ChangeSet]
    migration: list[ChangeSet]
    boundaries_only: bool = False  # a Liquibase process runs it: a crash can fall only between changesets


@dataclass
class Records:
    """What the suites measured, for the terminal summary and the HTML report."""

    durations: dict[str, dict[str, float]] = field(default_factory=dict)  # kind -> changeset -> seconds
    rewrites: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    hypothesis_examples: int = 0
    disk: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)  # kind -> table -> (before, after)
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)  # mapping -> before/after, reports.counts
    engines: dict[str, str] = field(default_factory=dict)  # kind -> engine that ran the suites (xdist: a worker's)
    forecast: dict[str, Any] = field(default_factory=dict)  # window_minutes, lines: forecast.Line.as_dict()


class HarnessSession:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.settings: Settings = self._settings()  # reads TOML; expands no ${VAR}
        self.target_name: str = config.getoption("harness_target") or config.getini("migration_target") or "local"
        if self.target_name not in known_targets(self.settings):
            raise HarnessError(
                f"unknown target {self.target_name!r}; known targets: {', '.join(known_targets(self.settings))}"
            )
        self.allow_destructive: bool = bool(config.getoption("allow_destructive"))
        self.allow_unverified: bool = bool(config.getoption("allow_unverified"))
        self.sample: int | None = config.getoption("harness_sample")
        if self.sample is not None and self.sample <= 0:
            raise HarnessError(f"--sample {self.sample}: must be a number of rows above 0")
        self.phase, self.baseline_path = self._phase()
        self.rollback_test = not config.getoption("harness_no_rollback_test")
        self.real_data = self._real_data()
        self.explicit_spec = bool(config.getoption("harness_migration"))
        self.spec_path: Path | None = self._spec_path()
        self.spec: MigrationSpec | None = None  # loaded when its suites are collected
        self.plans: dict[str, Plan] = {}
        self.collects_spec = False  # the spec is among the paths pytest collects (set at configure)
        self.selected = False  # harness items are about to run (set after collection)
        self.records = Records()
        self.verdict = Verdict()
        self._target: Target | None = None
        self._previous_sigterm: Any = None

    def _phase(self) -> tuple[Phase | None, Path]:
        """--phase and its baseline file, refused where the phase cannot run: no live target, a staging run
        on a production or read-only target, xdist (staging changes one server's databases in order)."""
        chosen = self.config.getoption("harness_phase")
        where = Path(self.config.invocation_params.dir)
        named = self.config.getoption("harness_baseline")
        path = (where / named) if named else default_baseline_path(where, self.target_name)
        if chosen is None:
            return None, path
        phase = Phase(chosen)
        live = self.settings.targets.get(self.target_name)
        if live is None:
            raise HarnessError(
                f"--phase {phase} needs a live target from the settings file (--target NAME), not {self.target_name!r}"
            )
        if phase is Phase.STAGING:
            if live.production:
                raise HarnessError(
                    f"--phase staging migrates the live databases in place, and target {live.name!r} is "
                    "production = true: use --phase pre and --phase post there"
                )
            if not (live.destructive and self.allow_destructive):
                raise HarnessError(
                    f"--phase staging migrates the live databases of target {live.name!r} in place: it needs "
                    f"destructive = true in {live.where()} and --allow-destructive"
                )
            if getattr(self.config.option, "numprocesses", None):
                raise HarnessError("--phase staging changes the live databases step by step, in order: drop -n")
        if phase is Phase.POST:
            if not named:
                raise HarnessError("--phase post compares with the baseline --phase pre wrote: pass --baseline FILE")
            Baseline.read(path)  # a missing or malformed file is one usage error now
        return phase, path

    @property
    def suites(self) -> tuple[str, ...]:
        """The suites this run collects: those --suite names (all without it) that its phase allows."""
        wanted = self.config.getoption("harness_suites") or SUITES
        allowed = PHASE_SUITES[self.phase] if self.phase is not None else [s for s in SUITES if s not in PHASE_ONLY]
        return tuple(name for name in SUITES if name in wanted and name in allowed)

    def _real_data(self) -> bool:
        """--real-data: only where scratch databases live beside the live ones (a writable live target)."""
        if not self.config.getoption("harness_real_data"):
            return False
        live = self.settings.targets.get(self.target_name)
        if live is None:
            raise HarnessError(
                f"--real-data copies a live target's data: name one with --target, not {self.target_name!r}"
            )
        if live.production or not (live.destructive and self.allow_destructive):
            raise HarnessError(
                f"--real-data copies target {live.name!r}'s live databases into mh_* scratch databases on that "
                f"server: it needs destructive = true in {live.where()} (not production) and --allow-destructive"
            )
        return True

    def _settings(self) -> Settings:
        """--harness-config, else the rootdir's file, else the invocation directory's: never the spec's own
        directory unless it is one of those, and the header names the file used."""
        explicit = self.config.getoption("harness_config")
        if explicit:
            return load_settings_file(Path(self.config.invocation_params.dir, explicit))
        settings = load_settings(self.config.rootpath)
        if settings.source is None and self.config.invocation_params.dir != self.config.rootpath:
            settings = load_settings(self.config.invocation_params.dir)
        return settings

    def _spec_path(self) -> Path | None:
        option = self.config.getoption("harness_migration")
        if option:
            return Path(option).resolve()
        ini = self.config.getini("migration_spec")
        if ini:
            return (self.config.rootpath / ini).resolve()
        if self.settings.migration is not None:
            return self.settings.migration.resolve()
        return self._spec_among_args()

    def spec_in_args(self) -> bool:
        """The spec file is one of the paths pytest collects, or lies below one."""
        if self.spec_path is None:
            return False
        for arg in self.config.args:
            path = Path(self.config.invocation_params.dir, arg.split("::", 1)[0]).resolve()
            if self.spec_path == path or path in self.spec_path.parents:
                return True
        return False

    def _spec_among_args(self) -> Path | None:
        """``pytest migrations/spec.toml``: a TOML file named on the command line that declares databases."""
        if self.config.args_source != pytest.Config.ArgsSource.ARGS:
            return None
        for arg in self.config.args:
            path = Path(arg.split("::", 1)[0])
            if path.suffix == ".toml" and path.is_file() and "[databases." in path.read_text(errors="replace"):
                return path.resolve()
        return None

    def load_spec(self) -> MigrationSpec:
        """The spec and its changelogs, parsed once; a HarnessError names the file, line or key at fault."""
        if self.spec is None:
            assert self.spec_path is not None
            spec = load_spec(self.spec_path)
            for kind, db in spec.databases.items():
                props = {k: v.replace("${database}", PLACEHOLDER_DB) for k, v in db.properties.items()}
                foreign = db.external_runner
                log = load_changelog(
                    db.changelog,
                    props,
                    dbms=liquibase_names(kind),
                    contexts=db.contexts,
                    foreign_changes=foreign,
                )
                baseline, migration = split_changelog(spec, db, log)
                self.plans[kind] = Plan(log, baseline, migration, boundaries_only=db.external_runner)
                if db.external_runner:
                    self.records.notes.append(runner_note(kind, db))
            self.spec = spec
        return self.spec

    @property
    def started(self) -> bool:
        return self._target is not None

    def target(self) -> Target:
        if self._target is None:
            kinds = tuple(self.spec.databases) if self.spec is not None else DIALECTS
            target = resolve_target(self.target_name, self.settings, self.allow_destructive, kinds)
            reason = target.unavailable_reason()
            if reason:
                not_verified(f"target {self.target_name!r} unavailable: {reason}")
            self._handle_sigterm()
            with progress.step(f"starting target {self.target_name!r}"):
                target.start()
            try:
                if self.spec is not None:
                    preflight.check(target, self.spec)
            except BaseException:
                target.stop()
                raise
            self.records.notes.extend(target.notes)
            self._target = target
        return self._target

    def lost_server_note(self) -> str:
        """Why the target's server went away, where it knows; '' before it started."""
        return self._target.lost_server_note() if self._target is not None else ""

    def _handle_sigterm(self) -> None:
        """SIGTERM (a CI job cancelled, ``kill``) ends the run like Ctrl-C: teardown runs and the scratch
        databases and servers go, instead of being left behind by a process that just vanished."""
        if threading.current_thread() is threading.main_thread() and self._previous_sigterm is None:
            self._previous_sigterm = signal.signal(signal.SIGTERM, _interrupt)

    def stop(self) -> None:
        if self._target is not None:
            self._target.stop()
            self._target = None
        if self._previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"stopped by signal {signum} (SIGTERM)")


def runner_note(kind: str, db: DatabaseSpec) -> str:
    """What the report says about a changelog the harness does not run itself; a missing CLI is one error."""
    if db.runner == "command":
        who = f"the spec's command ({shlex.join(db.command)})"
    else:
        found = find_liquibase()
        if found is None:
            raise HarnessError(
                f"{db.changelog}: databases.{kind}.runner = 'liquibase', but the Liquibase CLI is not found: put "
                "'liquibase' on PATH, set LIQUIBASE_HOME, or run 'npm install liquibase@4.28' in <project>/.tools"
            )
        who = f"the Liquibase CLI ({found})"
    return (
        f"{kind}: changesets applied and rolled back by {who}; crash points only at changeset boundaries; "
        "changeset durations as Liquibase logs them"
    )


harness_key = pytest.StashKey[HarnessSession]()


def get_harness(config: pytest.Config) -> HarnessSession:
    return config.stash[harness_key]
