"""The checklist's phases on a live target's real data: staging in place, production before and after.

``--phase pre``      preflight and the baseline file, read-only (production: before the team migrates).
``--phase post``     every read-only invariant, plus counts and pre-existing tables against that baseline.
``--phase staging``  preflight, baseline, the changesets under test applied to the live databases, every
                     invariant on the real data, rollback proven to restore the baseline, re-apply proven to
                     reproduce the first result; the databases are left migrated.

Everything here is computed inside the engines (counts, row hashes); row-level diffs only run against
copies kept in ``mh_*`` scratch databases on the same server (staging).
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import progress
from .checks import Sides
from .dialects import ident
from .diffs import Snapshot, show_value, take_snapshot
from .disk import free_bytes, headroom_shortfall, human, table_bytes
from .engines import Engine
from .errors import ChangesetFailed, HarnessError
from .fingerprints import by_table, fingerprint
from .liquibase.history import history_for
from .rewritten import rewritten_columns
from .runs import MigrationRun, changelog_for, changeset_ref, native_runner, split_changelog
from .spec import MigrationSpec

BASELINE_FORMAT = 1
MAX_GROUPS = 200_000  # groups listed one by one in the baseline file; beyond that only their count and hash


class Phase(enum.StrEnum):
    STAGING = "staging"
    PRE = "pre"
    POST = "post"


# The suites each phase collects: the read-only invariants need migrated data, which "pre" does not have yet.
PHASE_SUITES = {
    Phase.PRE: ("static", "staging"),
    Phase.POST: ("static", "parity", "integrity", "ids", "staging"),
    Phase.STAGING: ("static", "migrate", "parity", "integrity", "ids", "idempotency", "rollback", "properties",
                    "staging"),
}  # fmt: skip


# ---- preflight ----------------------------------------------------------------------------------------------


def _lock_holder(engine: Engine) -> str | None:
    """Who holds DATABASECHANGELOGLOCK, or None when it is free (or the table does not exist yet)."""
    table = next((t for t in engine.tables() if t.lower() == "databasechangeloglock"), None)
    if table is None:
        return None
    final = history_for(engine)._final  # ClickHouse keeps the lock's versions until they merge: read it FINAL
    rows = engine.query(f"SELECT LOCKED, LOCKEDBY, LOCKGRANTED FROM {ident(table)}{final} WHERE ID = 1")
    if rows and str(rows[0][0]).lower() in ("1", "true"):
        return f"{rows[0][1]} since {rows[0][2]}"
    return None


def preflight(spec: MigrationSpec, kind: str, engine: Engine, phase: Phase) -> list[str]:
    """What stops the phase on this database: a held lock, an applied changeset edited since (drift), and
    pending changesets other than exactly the ones under test (before migrating) or any at all (after)."""
    db = spec.databases[kind]
    log = changelog_for(db, engine)
    _, migration = split_changelog(spec, db, log)
    runner = native_runner(db, engine, log)
    problems = []
    holder = _lock_holder(engine)
    if holder:
        problems.append(
            f"{kind}: DATABASECHANGELOGLOCK is held by {holder}; if no Liquibase run is active, release it with "
            "`liquibase release-locks` (or UPDATE DATABASECHANGELOGLOCK SET LOCKED = 0 WHERE ID = 1)"
        )
    drift = [f"{kind}: applied changeset edited since (checksum drift): {m}" for m in runner.validate()]
    if drift:
        return problems + drift  # status would refuse to say what is pending, as Liquibase's does
    if phase is not Phase.POST:
        problems += _disk_shortfall(spec, kind, engine)
    pending = [changeset_ref(cs) for cs in runner.status()]
    under_test = [changeset_ref(cs) for cs in migration]
    if phase is Phase.POST:
        if pending:
            problems.append(f"{kind}: not migrated yet: pending changesets {', '.join(pending)}")
    elif pending != under_test:
        problems.append(
            f"{kind}: the pending changesets must be exactly the ones under test, in order: pending "
            f"{', '.join(pending) or 'none'}; under test {', '.join(under_test)}"
        )
    return problems


def _sources(spec: MigrationSpec, kind: str) -> list[str]:
    return sorted({m.source for m in spec.mappings if m.database == kind})


def _disk_shortfall(spec: MigrationSpec, kind: str, engine: Engine) -> list[str]:
    """The checklist's "need 2x dataset_items size" before migrating: free disk against the copied sources."""
    free = free_bytes(engine)
    if free is None:
        return []  # not visible from here (a remote server's disks); sizes() says what would be needed
    factor = spec.databases[kind].disk_headroom
    shortfall = headroom_shortfall(free, table_bytes(engine), _sources(spec, kind), factor)
    return [f"{kind}: not enough disk: {shortfall}"] if shortfall else []


def sizes(spec: MigrationSpec, kind: str, engine: Engine) -> str:
    """The mapped source tables' rows and bytes and the free disk, for the report."""
    on_disk = table_bytes(engine)
    parts = [f"{t}: {int(engine.scalar(f'SELECT COUNT(*) FROM {ident(t)}') or 0)} rows, {human(on_disk.get(t, 0))}"
             for t in _sources(spec, kind)]  # fmt: skip
    free = free_bytes(engine)
    room = f"{human(free)} free" if free is not None else "free disk not visible from here"
    return f"{kind} {engine.database}: {'; '.join(parts)}; {room}"


def preflight_blocks(spec: MigrationSpec, target: Any, phase: Phase) -> bool:
    """Whether the preflight finds anything on any database (the baseline is not worth taking then)."""
    return any(preflight(spec, kind, target.live(kind), phase) for kind in spec.databases)


# ---- baseline ----------------------------------------------------------------------------------------------


def _groups(engine: Engine, sides: Sides) -> dict[str, Any]:
    mapping = sides.mapping
    names = list(mapping.group_by.values())
    source, columns = sides.grouped
    cols = ", ".join(ident(c) for c in columns.values())
    grouped = f"SELECT {cols}, COUNT(*) AS mh_n FROM {source} a GROUP BY {cols}"
    count, digest = engine.query(
        engine.sql.analytic(
            f"SELECT COUNT(*), {engine.sql.row_hash_sum([*columns.values(), 'mh_n'])} FROM ({grouped}) mh_g"
        )
    )[0]
    out: dict[str, Any] = {"count": int(count), "digest": str(digest)}
    if int(count) <= MAX_GROUPS:
        rows = engine.query(engine.sql.analytic(f"{grouped} ORDER BY {cols}"))
        out["rows"] = {", ".join(f"{n}={show_value(v)}" for n, v in zip(names, r[:-1], strict=True)): int(r[-1])
                       for r in rows}  # fmt: skip
    return out


@dataclass
class Baseline:
    """What the checklist's "document baseline counts" step records, as a JSON file a reviewer can read."""

    spec: str
    target: str
    taken_at: str
    mappings: dict[str, dict[str, Any]] = field(default_factory=dict)
    tables: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # kind -> table -> rows, digest

    @classmethod
    def capture(cls, spec: MigrationSpec, target: str, engines: dict[str, Engine]) -> Baseline:
        taken = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        baseline = cls(str(spec.path), target, taken)
        for m in spec.mappings:
            engine = engines[m.database]
            sides = Sides(engine, m)
            entry: dict[str, Any] = {
                "database": m.database, "source": m.source,
                "source_rows": int(engine.scalar(f"SELECT COUNT(*) FROM {sides.source} a") or 0),
            }  # fmt: skip
            if m.group_by:
                entry["groups"] = _groups(engine, sides)
            baseline.mappings[m.name] = entry
        for kind, engine in engines.items():
            prints = fingerprint(engine, spec.databases[kind].volatile)
            baseline.tables[kind] = {
                name: {"rows": t.rows, "digest": t.digest, "columns": list(t.hashed)}
                for name, t in prints.tables.items()
            }
        return baseline

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"format": BASELINE_FORMAT, "spec": self.spec, "target": self.target, "taken_at": self.taken_at,
                    "mappings": self.mappings, "tables": self.tables}  # fmt: skip
        path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise HarnessError(f"--baseline {path}: no such file (write it with --phase pre)") from None
        except (OSError, ValueError) as exc:
            raise HarnessError(f"--baseline {path}: not a baseline file: {exc}") from None
        if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT:
            raise HarnessError(f"--baseline {path}: not a baseline file of format {BASELINE_FORMAT}")
        return cls(data["spec"], data["target"], data["taken_at"], data["mappings"], data["tables"])

    def counts_differ(self, spec: MigrationSpec, engines: dict[str, Engine]) -> list[str]:
        """Source counts now against the baseline: the migration must not add or lose source rows."""
        now = Baseline.capture(spec, self.target, engines)
        problems = []
        for name, before in self.mappings.items():
            after = now.mappings.get(name)
            if after is None:
                continue
            if before["source_rows"] != after["source_rows"]:
                delta = after["source_rows"] - before["source_rows"]
                problems.append(f"{name}: {before['source_rows']} source row(s) in {before['source']} at the baseline "
                                f"({self.taken_at}), {after['source_rows']} now ({delta:+d})")  # fmt: skip
            old, new = before.get("groups"), after.get("groups")
            if old and new and old["digest"] != new["digest"]:
                problems.append(f"{name}: per-group counts differ from the baseline: {_group_changes(old, new)}")
        return problems

    def tables_changed(self, spec: MigrationSpec, engines: dict[str, Engine]) -> list[str]:
        """Pre-existing tables against the baseline fingerprints (rows and content hash), except the columns
        the spec says the migration may change; new tables are the migration's and fine."""
        problems = []
        for kind, tables in self.tables.items():
            if kind not in engines:
                continue
            db = spec.databases[kind]
            changeable = by_table(db.may_change)
            now = fingerprint(engines[kind], db.volatile)
            for name, before in tables.items():
                if "*" in changeable.get(name, set()):
                    continue
                after = now.tables.get(name)
                if after is None:
                    problems.append(f"{kind}: table {name} existed at the baseline and is gone")
                    continue
                lost = [c for c in before["columns"] if c not in after.hashed]
                if lost:
                    problems.append(f"{kind}: table {name} lost column(s) {', '.join(lost)}")
                    continue
                if name in changeable:
                    continue  # declared to change in place; row counts are the parity checks' business
                if after.rows != before["rows"] or (after.digest != before["digest"] and
                                                     list(after.hashed) == before["columns"]):  # fmt: skip
                    problems.append(f"{kind}: table {name} changed since the baseline: {before['rows']} row(s) "
                                    f"then, {after.rows} now" + ("" if after.rows != before["rows"] else
                                                                 ", same count but different content"))  # fmt: skip
        return problems


def _group_changes(old: dict[str, Any], new: dict[str, Any], limit: int = 5) -> str:
    if "rows" not in old or "rows" not in new:
        return f"{old['count']} group(s) then, {new['count']} now (too many groups to list them)"
    before, after = old["rows"], new["rows"]
    changed = [f"{g}: {before.get(g, 0)} -> {after.get(g, 0)}" for g in sorted(before.keys() | after.keys())
               if before.get(g, 0) != after.get(g, 0)]  # fmt: skip
    more = f" (and {len(changed) - limit} more)" if len(changed) > limit else ""
    return "; ".join(changed[:limit]) + more


# ---- staging, in place -------------------------------------------------------------------------------------


@dataclass
class StepResult:
    problems: list[str] = field(default_factory=list)
    skipped: str = ""  # why the step did not run (an earlier one failed)


class InPlaceRun:
    """The staging cycle on the live databases themselves. Each step records what it found; a step whose
    predecessor failed does not run, and :meth:`state` says what the databases hold at that point."""

    def __init__(self, spec: MigrationSpec, target_name: str, engines: dict[str, Engine],
                 scratch: Any, baseline_path: Path) -> None:  # fmt: skip
        self.spec, self.target_name, self.engines = spec, target_name, engines
        self._scratch = scratch  # (kind, label) -> an empty mh_* database on the same server
        self.baseline_path = baseline_path
        self.run = MigrationRun(spec, engines)
        self.preflight = StepResult()
        self.baseline: Baseline | None = None
        self.before: dict[str, Snapshot] = {}
        self.migrated: dict[str, Snapshot] = {}
        self.migration = StepResult()
        self.durations: dict[str, dict[str, float]] = {}
        self.rolled_back: StepResult | None = None
        self.reapplied: StepResult | None = None
        self.timings: dict[str, float] = {}  # step -> seconds, for the report

    def prepare_and_migrate(self) -> None:
        """Preflight, baseline file, copies of the pre-migration state, then the changesets under test."""
        with self._timed("preflight"):
            for kind, engine in self.engines.items():
                self.preflight.problems += preflight(self.spec, kind, engine, Phase.STAGING)
        if self.preflight.problems:
            self.migration.skipped = "preflight failed; nothing was changed"
            return
        with self._timed("baseline"):
            self.baseline = Baseline.capture(self.spec, self.target_name, self.engines)
            self.baseline.write(self.baseline_path)
        with self._timed("copy before migrating"):
            self.before = self._snapshots("before migration")
        try:
            with self._timed("migrate in place"):
                self.run.migrate()
        except ChangesetFailed as exc:
            self.migration.problems.append(f"{exc.database or 'all'}: {exc}\n{self.state()}")
        finally:
            self.durations = {kind: dict(db.durations) for kind, db in self.run.databases.items()}

    @contextlib.contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        started = time.perf_counter()
        with progress.step(f"staging: {step}"):
            try:
                yield
            finally:
                self.timings[step] = time.perf_counter() - started

    @property
    def applied(self) -> bool:
        return not (self.preflight.problems or self.migration.problems or self.migration.skipped)

    def _snapshots(self, label: str) -> dict[str, Snapshot]:
        volatile = {kind: self.spec.databases[kind].volatile for kind in self.engines}
        return {kind: take_snapshot(e, self._scratch(kind, label), label, volatile[kind])
                for kind, e in self.engines.items()}  # fmt: skip

    def rollback_and_reapply(self) -> None:
        """Roll back and prove the baseline state is back, then re-apply and prove the first result comes back;
        runs once, after the read-only invariants looked at the first migrated state."""
        if self.rolled_back is not None:
            return
        self.rolled_back, self.reapplied = StepResult(), StepResult()
        if not self.applied:
            self.rolled_back.skipped = self.reapplied.skipped = "the migration did not apply in place"
            return
        with self._timed("copy after migrating"):
            self.migrated = self._snapshots("after the first migration")
        try:
            with self._timed("rollback"):
                self.run.rollback()
        except ChangesetFailed as exc:
            self.rolled_back.problems.append(f"{exc.database or 'all'}: {exc}\n{self.state()}")
            self.reapplied.skipped = "the rollback failed"
            return
        with self._timed("compare with the copy before migrating"):
            self.rolled_back.problems += [f"{kind}: {f}" for kind in self.engines for f in self.before[kind].compare()]
        try:
            with self._timed("re-apply"):
                self.run.migrate()
        except ChangesetFailed as exc:
            self.reapplied.problems.append(f"{exc.database or 'all'}: {exc}\n{self.state()}")
            return
        with self._timed("compare with the first migrated copy"):
            self.reapplied.problems += [
                f"{kind}: {f}" for kind, engine in self.engines.items()
                for f in self.migrated[kind].compare(
                    ignore=rewritten_columns(engine, self.spec.relations), read_final=self.spec.read_final(kind)
                )
            ]  # fmt: skip

    def timing_note(self) -> str:
        return "staging steps: " + ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.timings.items())

    def state(self) -> str:
        """What the live databases hold now and how to get back, for a failure message."""
        lines = ["State of the live databases now:"]
        for kind, db in self.run.databases.items():
            applied = {f"{r['AUTHOR']}:{r['ID']}" for r in db.runner.applied()}
            done = [changeset_ref(cs) for cs in db.migration if changeset_ref(cs) in applied]
            lines.append(f"  {kind} {db.engine.database}: changesets under test recorded as applied: "
                         f"{', '.join(done) or 'none'}")  # fmt: skip
        copies = ", ".join(s.store.database for s in self.before.values())
        lines.append(
            f"  the pre-migration state is kept in scratch copies ({copies}) until this run ends, and its counts "
            "and fingerprints in the baseline file "
            f"{self.baseline_path}; to recover, roll back the recorded changesets (liquibase rollback-count) or "
            "restore the backup taken before this run"
        )
        return "\n".join(lines)


def default_baseline_path(invocation_dir: Path, target: str) -> Path:
    return invocation_dir / f"migration-baseline-{target}.json"
