"""One migration run: the spec's changelogs applied to a set of databases, step by step.

A run splits each changelog into the *baseline* (everything before the first changeset under test,
which builds the pre-migration schema) and the *migration* (the changesets the spec names), and offers
the moves the suites need: apply the baseline, seed, migrate (timed per changeset), roll back, re-run,
crash half-way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .dialects import ident, qualified
from .engines import Engine
from .errors import ChangesetFailed, HarnessError
from .liquibase import ChangeLog, ChangeSet, NativeRunner, load_changelog
from .liquibase.cli_runner import LiquibaseCliRunner
from .liquibase.filters import selected
from .liquibase.history import row_key
from .spec import DatabaseSpec, MigrationSpec

Runner = NativeRunner | LiquibaseCliRunner


def changeset_ref(cs: ChangeSet) -> str:
    return f"{cs.author}:{cs.id}"


def split_changelog(spec: MigrationSpec, db: DatabaseSpec, log: ChangeLog) -> tuple[list[ChangeSet], list[ChangeSet]]:
    """(baseline, migration) as declared by ``databases.<kind>.migration``, of the changesets the database's
    ``contexts`` and ``labels`` select (the others never run, as with Liquibase's filters)."""
    changesets = [cs for cs in log.changesets if runs_under(db, cs)]
    refs = [changeset_ref(cs) for cs in changesets]
    for ref in db.migration:
        if ref not in refs:
            known = ", ".join(refs) or "none"
            where = "is not in" if all(changeset_ref(cs) != ref for cs in log.changesets) else "does not run from"
            filters = " and ".join(
                f"{key} = {value!r}" for key, value in (("contexts", db.contexts), ("labels", db.labels)) if value
            )
            raise HarnessError(
                f"{spec.path}: databases.{db.kind}.migration: changeset {ref!r} {where} {db.changelog}"
                + (f" under {filters}" if filters and where != "is not in" else "")
                + f" (its changesets that run: {known})"
            )
    first = refs.index(db.migration[0])
    tail = refs[first:]
    if tail != list(db.migration):
        filtered = any(cs.contexts or cs.labels for cs in changesets[first:] if changeset_ref(cs) not in db.migration)
        hint = (
            "; a changeset of a Liquibase context or label production does not run is left out by declaring the "
            'run\'s filters under the database: contexts = "prod", labels = "..."'
        )
        raise HarnessError(
            f"{spec.path}: databases.{db.kind}.migration: the changesets under test must be the last ones of the "
            f"changelog, in order; the changelog has {tail} from {db.migration[0]!r} on" + (hint if filtered else "")
        )
    return changesets[:first], changesets[first:]


def runs_under(db: DatabaseSpec, cs: ChangeSet) -> bool:
    """Whether the database's ``contexts`` and ``labels`` select ``cs``."""
    return selected(cs.contexts, cs.labels, cs.inherited_contexts, cs.inherited_labels, db.contexts, db.labels)


def make_runner(db: DatabaseSpec, engine: Engine, log: ChangeLog) -> Runner:
    """The spec's runner for this database: the built-in engine, the real Liquibase CLI, or the team's
    Liquibase-compatible command (given the same arguments as the CLI)."""
    if db.runner == "liquibase":
        return LiquibaseCliRunner(engine, log, db.contexts, db.labels)
    if db.runner == "command":
        return LiquibaseCliRunner(engine, log, db.contexts, db.labels, command=db.command)
    return native_runner(db, engine, log)


def native_runner(db: DatabaseSpec, engine: Engine, log: ChangeLog) -> NativeRunner:
    """The built-in engine with the database's filters and cluster setting."""
    return NativeRunner(engine, log, db.contexts, db.labels, single_node=db.single_node)


def changelog_for(db: DatabaseSpec, engine: Engine) -> ChangeLog:
    """``db``'s changelog as it runs on ``engine``: its properties bound, its dbms, and the change types only
    Liquibase runs accepted where the spec's runner is Liquibase."""
    return load_changelog(
        db.changelog,
        properties_for(db, engine),
        dbms=engine.sql.liquibase_name,
        contexts=db.contexts,
        foreign_changes=db.external_runner,
    )


def properties_for(db: DatabaseSpec, engine: Engine) -> dict[str, str]:
    """Spec properties with ``${database}`` bound to the database this run works in."""
    return {k: v.replace("${database}", engine.database) for k, v in db.properties.items()}


@dataclass
class DatabaseRun:
    spec: DatabaseSpec
    engine: Engine
    log: ChangeLog
    runner: Runner
    baseline: list[ChangeSet]
    migration: list[ChangeSet]
    durations: dict[str, float] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.spec.kind

    def count_through(self, changesets: Sequence[ChangeSet]) -> int:
        """The ``update-count`` that applies ``changesets`` (the next pending ones): Liquibase's update-count
        counts every changeset it runs, and an applied runAlways changeset before them runs again first."""
        if not any(cs.run_always for cs in self.log.changesets):
            return len(changesets)
        pending = [cs.key for cs in self.runner.status()]
        wanted = {cs.key for cs in changesets}
        return max((i + 1 for i, key in enumerate(pending) if key in wanted), default=0)

    def crash(self, ref: str, after_statements: int) -> None:
        """Leave the database as an update that died after ``after_statements`` statements of changeset ``ref``
        (author:id, one under test) would, before Liquibase recorded it."""
        changeset = next(cs for cs in self.migration if changeset_ref(cs) == ref)
        self.runner.update_crashing(changeset, after_statements=after_statements)

    def roll_back(self, changesets: Sequence[ChangeSet]) -> None:
        """Roll back ``changesets`` (the last applied of those under test), with ``rollback-count`` as the
        checklist does. A runAlways changeset re-run after the first of them (each update runs it again, so
        stepping one changeset at a time, or re-running after a crash, puts it among the latest) would be
        counted instead of one of them: the built-in engine then rolls back exactly these; Liquibase's own
        CLI can only count, so it rolls back what its rollback-count takes."""
        if not any(cs.run_always for cs in self.log.changesets):
            self.runner.rollback_count(len(changesets))
            return
        wanted = {cs.key for cs in changesets}
        order = [row_key(r) for r in self.runner.applied()]
        first = min((i for i, key in enumerate(order) if key in wanted), default=len(order))
        if all(key in wanted for key in order[first:]) or not isinstance(self.runner, NativeRunner):
            self.runner.rollback_count(len(changesets))
        else:
            self.runner.rollback_changesets(list(changesets))


class MigrationRun:
    def __init__(self, spec: MigrationSpec, engines: dict[str, Engine]) -> None:
        self.spec = spec
        self.engines = engines
        self.databases: dict[str, DatabaseRun] = {}
        for kind, db in spec.databases.items():
            engine = engines[kind]
            log = changelog_for(db, engine)
            baseline, migration = split_changelog(spec, db, log)
            runner = make_runner(db, engine, log)
            self.databases[kind] = DatabaseRun(db, engine, log, runner, baseline, migration)

    def apply_baseline(self) -> None:
        for run in self.databases.values():
            if run.baseline:
                run.runner.update_count(run.count_through(run.baseline))

    def migrate(self) -> None:
        """Apply the changesets under test, recording each one's duration (the built-in runner's wall clock
        per changeset; with the Liquibase runner, what Liquibase logs, without the JVM's start-up)."""
        for run in self.databases.values():
            try:
                durations = run.runner.update_timed(run.count_through(run.migration))
            except ChangesetFailed as exc:
                exc.database = run.kind
                raise
            run.durations.update({changeset_ref(cs): durations[cs.key] for cs in run.migration if cs.key in durations})

    def rollback(self) -> None:
        """Roll back the changesets under test (the checklist's rollbackCount), MySQL last."""
        for run in reversed(list(self.databases.values())):
            run.roll_back(run.migration)

    def rewrites(self) -> list[str]:
        return [note for run in self.databases.values() for note in run.runner.rewrites]


def cut_short_copy(engine: Engine, table: str, keys: Sequence[str], before: str | None, where: str = "") -> int:
    """Leave ``table`` as a copy that died half-way would: delete about half of the rows whose key was not in
    ``before``'s copy of it (every row counts as new when ``before`` is None), so rows the table held before
    the run (the application's) are never touched. Returns how many rows were deleted."""
    sql, name, alias = engine.sql, qualified(engine.database, table), ident(table)
    conditions = [f"({where})"] if where else []
    if before is not None:
        conditions.append(sql.not_in_copy(alias, keys, qualified(before, table)))
    half = f"{sql.key_hash([ident(k) for k in keys])} % 2 = 0"
    for chosen in ([*conditions, half], conditions):  # about half; all of them when the hash picks none
        condition = " AND ".join(chosen) or "1 = 1"
        count = int(engine.scalar(f"SELECT COUNT(*) FROM {name} AS {alias} WHERE {condition}") or 0)
        if count:
            engine.execute(sql.delete_where(name, alias, condition))
            return count
    return 0
