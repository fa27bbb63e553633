"""NativeRunner: applies a parsed changelog itself, keeping Liquibase's bookkeeping exactly.

No JVM, no 2 s start-up, and it also runs against ClickHouse/chdb; a database it migrated is one the
Liquibase CLI sees as up to date (and the other way round), which the differential tests check.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..dialects import qualified
from ..engines import Engine
from ..errors import ChangesetFailed, HarnessError
from . import cluster
from .filters import label_list, selected
from .history import LIQUIBASE_VERSION, History, deployment_id, history_for, row_key
from .model import ChangeLog, ChangeSet, Precondition
from .properties import dbms_matches


def shorten(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def stored_contexts(cs: ChangeSet) -> str | None:
    """DATABASECHANGELOG.CONTEXTS as Liquibase writes it: each include's filter, then the changeset's, as
    written, joined by `` AND ``; one holding a comma or a space is wrapped in parentheses."""
    parts = [p for p in [*cs.inherited_contexts, cs.contexts or ""] if p.strip()]
    return " AND ".join(f"({p})" if ("," in p or " " in p) else p for p in parts) or None


def stored_labels(cs: ChangeSet) -> str | None:
    """DATABASECHANGELOG.LABELS: the includes' labels, then the changeset's, lower-cased, joined by ``,``
    (a label both carry is written twice, as Liquibase does)."""
    return ",".join(label for level in [*cs.inherited_labels, cs.labels] for label in label_list(level)) or None


def _same_as(row: dict[str, Any], cs: ChangeSet) -> bool:
    """``RanChangeSet.isSameAs``: id, author and path equal ignoring case."""
    return (
        str(row["ID"]).lower() == cs.id.lower()
        and str(row["AUTHOR"]).lower() == cs.author.lower()
        and str(row["FILENAME"]).replace("\\", "/").lower() == cs.filename.replace("\\", "/").lower()
    )


def limit_size(text: str, limit: int = 250) -> str:
    """Liquibase cuts COMMENTS and DESCRIPTION at 250 Java chars (UTF-16 units), the last three being ``...``;
    a cut through a character outside the BMP leaves half of it, which the JDBC driver sends as ``?``."""
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * limit:
        return text
    head = units[: 2 * (limit - 3)].decode("utf-16-le", "surrogatepass")
    return re.sub("[\ud800-\udfff]", "?", head) + "..."


def text_rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    """Rows as the server's text protocol sends them, which is what Liquibase's JDBC ``getString`` compares
    (``05.120000`` for a DATETIME(6), ``1`` for a DOUBLE); engines other than PyMySQL's give ``str()``."""
    driver = getattr(getattr(engine, "_conn", None), "driver_connection", None)
    if driver is None or not isinstance(getattr(driver, "decoders", None), dict):
        return [tuple(None if v is None else str(v) for v in row) for row in engine.query(sql)]
    saved = driver.decoders
    driver.decoders = {}  # no converters: PyMySQL hands back the text the server sent
    try:
        return engine.query(sql)
    finally:
        driver.decoders = saved


class _Skip(Exception):
    """A precondition said not to run the changeset (``exectype`` None: leave no row)."""

    def __init__(self, exectype: str | None) -> None:
        super().__init__(exectype)
        self.exectype = exectype


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a locked operation; the message says what state the database is in.

    A KeyboardInterrupt, so whatever drives the runner (pytest, the CLI) still stops as asked.
    """


_DDL = re.compile(r"^\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b", re.IGNORECASE)
# A changeset's SQL that may write the bookkeeping tables: it names them, or runs code that could.
_MAY_WRITE_HISTORY = re.compile(r"DATABASECHANGELOG|\b(?:CALL|EXECUTE|EXEC)\b", re.IGNORECASE)


@dataclass
class _Progress:
    """Where a locked operation is: which changeset, which statement, doing what."""

    cs: ChangeSet
    statements: list[str]
    done: int  # statements that completed
    action: str  # "applying", "rolling back", "recording"
    in_transaction: bool


def _interrupt_in(exc: BaseException) -> KeyboardInterrupt | None:
    """The interrupt behind ``exc``: itself, or the one an engine's cleanup (ROLLBACK on a connection left
    mid-packet) was handling when it failed in turn (``InterfaceError: (0, '')``)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return seen
        seen = seen.__context__
    return None


def _cause(interrupt: KeyboardInterrupt) -> str:
    return str(interrupt) or "interrupted (Ctrl-C)"


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """A second Ctrl-C while the lock is being released would leave it held: ignore it until done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _reopener(engine: Engine) -> Callable[[], Engine] | None:
    """A fresh connection like ``engine``'s (engines with a URL), since an interrupt can leave the old one
    mid-packet; engines without one (chdb, in-process) keep being used."""
    url = getattr(engine, "url", None)
    return None if url is None else lambda: type(engine)(url)


class NativeRunner:
    def __init__(
        self,
        engine: Engine,
        log: ChangeLog,
        contexts: str | None = None,
        labels: str | None = None,
        single_node: bool = False,
        reopen: Callable[[], Engine] | None = None,
    ) -> None:
        self.engine = engine
        self.reopen = reopen or _reopener(engine)
        self._progress: _Progress | None = None
        self._applied_now: list[str] = []  # changesets recorded by the current locked operation
        self.log = log
        self.contexts = contexts
        self.labels = labels
        self.single_node = single_node and engine.sql.clusters
        self.history: History = history_for(engine)
        self.rewrites: list[str] = []
        self.warnings: list[str] = []
        self.skipped: dict[str, str] = {}  # changeset key -> why its preconditions skipped it (the last time)
        self._db_names = engine.sql.liquibase_name  # what dbms attributes call this engine
        self._check_parsed_for()

    def _check_parsed_for(self) -> None:
        """The changelog must have been parsed for this database and these contexts where they matter."""
        if self._db_names not in [d.strip() for d in self.log.dbms.split(",")]:
            raise HarnessError(
                f"{self.log.path}: parsed for dbms {self.log.dbms!r}, but {self.engine.database!r} is {self._db_names}"
            )
        if self.log.context_properties and (self.contexts or None) != (self.log.contexts or None):
            raise HarnessError(
                f"{self.log.path}: properties with a context ({', '.join(self.log.context_properties)}) were "
                f"resolved for contexts {self.log.contexts!r}, but this run uses {self.contexts!r}; "
                "parse it with load_changelog(..., contexts=...) for the run's contexts"
            )

    # ---- selection -------------------------------------------------------------------------------

    def _selected(self, cs: ChangeSet) -> bool:
        return (
            not cs.ignore
            and selected(cs.contexts, cs.labels, cs.inherited_contexts, cs.inherited_labels, self.contexts, self.labels)
            and dbms_matches(cs.dbms, self._db_names)
        )

    def _row_selected(self, row: dict[str, Any]) -> bool:
        """Rollback commands count only applied changesets the run's filters select, like Liquibase's."""
        cs = self.log.find(row_key(row))
        return cs is None or self._selected(cs)

    def _applied_by_key(self) -> dict[str, dict[str, Any]]:
        return {row_key(r): r for r in self.history.rows()}

    @staticmethod
    def _checksum_ok(cs: ChangeSet, stored: str | None) -> bool:
        if stored is None or not stored.startswith("9:") or cs.foreign:
            # no or an older-version checksum: Liquibase recomputes and stores the new one; a changeset with
            # change types only Liquibase runs: only Liquibase computes its checksum (and checks it itself)
            return True
        if stored == cs.checksum:
            return True
        return any(v.lower() in ("any", "1:any", stored.lower()) for v in cs.valid_checksums)

    def _pending(self) -> list[tuple[ChangeSet, str]]:
        """Changesets to run with the EXECTYPE they will record (EXECUTED or RERAN)."""
        applied = self._applied_by_key()
        out: list[tuple[ChangeSet, str]] = []
        for cs in self.log.changesets:
            if not self._selected(cs):
                continue
            row = applied.get(cs.key)
            if row is None:
                out.append((cs, "EXECUTED"))
            elif cs.run_always or (cs.run_on_change and row["MD5SUM"] != cs.checksum):
                out.append((cs, "RERAN"))
        return out

    def status(self) -> list[ChangeSet]:
        """Pending changesets; like Liquibase's status it first fails on an edited applied changeset."""
        self._check_valid()
        return [cs for cs, _ in self._pending()]

    def validate(self) -> list[str]:
        messages: list[str] = []
        applied = self._applied_by_key()
        for cs in self.log.changesets:
            row = applied.get(cs.key)
            if row is None or cs.run_on_change or self._checksum_ok(cs, row["MD5SUM"]):
                continue
            messages.append(
                f"{cs.key} was: {row['MD5SUM']} but is now: {cs.checksum} "
                f"(changeset edited after it was applied; line {cs.line} of {cs.filename})"
            )
        return messages

    def applied(self) -> list[dict[str, Any]]:
        return self.history.rows()

    # ---- the lock --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.history.acquire()
        self._progress, self._applied_now = None, []
        try:
            yield
        except BaseException as exc:
            interrupt = _interrupt_in(exc)
            if interrupt is None:
                self.history.release()
                raise
            with _signals_deferred():
                message = self._after_interrupt(interrupt)
            raise Interrupted(message) from None
        self.history.release()

    # ---- interrupts ------------------------------------------------------------------------------

    def _after_interrupt(self, interrupt: KeyboardInterrupt) -> str:
        """Stop what the server still runs for us, release the lock, and say what state we left."""
        state, advice = self._interrupted_state()
        try:
            if self.reopen is not None:
                old = self.history
                with contextlib.suppress(Exception):
                    self.engine.close()
                self.engine = self.reopen()
                self.history = history_for(self.engine)
                self.history.take_over(old)  # ends the old session: the server rolls back its transaction
            self.history.release()
        except Exception as exc:
            return f"{_cause(interrupt)}: {state}; {self._lock_left(exc)}; then {advice}"
        return f"{_cause(interrupt)}: {state}; DATABASECHANGELOGLOCK released; {advice}"

    def _lock_left(self, exc: Exception) -> str:
        return (
            f"DATABASECHANGELOGLOCK could NOT be released ({type(exc).__name__}: {shorten(str(exc), 200)}); "
            f"once no migration runs on {self.engine.database!r}: UPDATE DATABASECHANGELOGLOCK SET LOCKED = 0, "
            "LOCKGRANTED = NULL, LOCKEDBY = NULL WHERE ID = 1 (or 'liquibase release-locks')"
        )

    def _interrupted_state(self) -> tuple[str, str]:
        """What was running and what it left, and what to do next."""
        done = f"{len(self._applied_now)} changeset(s) before it completed" if self._applied_now else ""
        p = self._progress
        if p is None:
            return "interrupted between changesets" + (f" ({done})" if done else " (none had started)"), "re-run"
        total = len(p.statements)
        if p.action == "recording":
            where = f"changeset {p.cs.key} (line {p.cs.line}) interrupted while recording it ({total} statement(s) ran)"
        else:
            where = (
                f"changeset {p.cs.key} (line {p.cs.line}) interrupted while {p.action} "
                f"statement {p.done + 1} of {total} (`{shorten(p.statements[p.done], 60)}`)"
            )
        left, advice = self._what_stays(p)
        return "; ".join(part for part in (where, left, done) if part), advice

    def _what_stays(self, p: _Progress) -> tuple[str, str]:
        """What the interrupted changeset left, by the engine's transaction rules, and the advice for it."""
        done = p.done
        of = " of its rollback" if p.action == "rolling back" else ""
        if p.action == "rolling back":
            recorded = "still recorded in DATABASECHANGELOG (its rollback did not finish)"
        else:
            recorded = "not recorded in DATABASECHANGELOG"
        ddl = [i + 1 for i, sql in enumerate(p.statements[:done]) if _DDL.match(sql)]
        span = f"statement 1{of} stays" if done == 1 else f"statements 1-{done}{of} stay"
        if p.in_transaction and not ddl:
            kept = "its transaction was rolled back, so nothing of it stays"
            return f"{recorded}; {kept}", "re-run the rollback" if p.action == "rolling back" else "re-run update"
        if p.in_transaction:
            kept = (
                f"statement {ddl[0]}{of} is DDL, which commits at once on {self.engine.dialect}, "
                f"so {span} applied; the cut-off statement was rolled back"
            )
        else:
            kept = f"{span} applied (no transaction)" if done else "none of its statements completed"
            if not self.engine.sql.transactions and p.action != "recording":
                kept += "; the cut-off statement may be partly applied"
        return f"{recorded}; {kept}", "check what stays and undo or restore it before re-running"

    # ---- update ----------------------------------------------------------------------------------

    def _check_valid(self) -> None:
        problems = self.validate()
        if problems:
            raise ChangesetFailed("validation failed, checksums changed:\n  " + "\n  ".join(problems))

    def _upgrade_checksums(self) -> None:
        applied = self._applied_by_key()
        for cs in self.log.changesets:
            row = applied.get(cs.key)
            if row is not None and not (row["MD5SUM"] or "").startswith("9:") and not cs.run_on_change:
                self.history.set_checksum((cs.id, cs.author, cs.filename), cs.checksum)

    def update(self) -> None:
        self._update(limit=None)

    def update_count(self, n: int) -> None:
        self._update(limit=n)

    def update_timed(self, count: int) -> dict[str, float]:
        """Apply the next ``count`` pending changesets in one update, as ``update-count`` does: seconds by
        key, each from its preconditions to its DATABASECHANGELOG row."""
        durations: dict[str, float] = {}
        self._update(limit=count, durations=durations)
        return durations

    def update_to_tag(self, tag: str) -> None:
        """Liquibase 4.28's update-to-tag: up to the applied changeset whose row carries ``tag`` (in changelog
        order, so only runAlways/new changesets before it run), else up to the pending changeset whose
        ``tagDatabase`` sets it, else everything, with a warning (exit 0)."""
        position = {cs.key: index for index, cs in enumerate(self.log.changesets)}
        tagged = [position.get(row_key(r), -1) for r in self.history.rows() if r["TAG"] == tag]
        if tagged:
            self._update(limit=None, upto=max(tagged))
            return
        pending = [cs for cs, _ in self._pending()]
        for index, cs in enumerate(pending):
            if cs.tag == tag:
                self._update(limit=index + 1)
                return
        self.warnings.append(
            f"The tag {tag!r} was not found in the changelog {self.log.path.name!r}. "
            "All changesets in the changelog were deployed."
        )
        self._update(limit=None)

    def _update(self, limit: int | None, upto: int | None = None, durations: dict[str, float] | None = None) -> None:
        """Apply pending changesets: the first ``limit`` of them, or those up to changelog index ``upto``;
        ``durations`` gets each one's seconds by key."""
        with self._locked():
            self._check_valid()
            self._upgrade_checksums()
            pending = self._pending()
            if upto is not None:
                keep = {cs.key for cs in self.log.changesets[: upto + 1]}
                pending = [(cs, exectype) for cs, exectype in pending if cs.key in keep]
            if limit is not None:
                pending = pending[:limit]
            deployment = deployment_id()
            for cs, exectype in pending:
                started = time.perf_counter()
                self._apply(cs, exectype, deployment)
                if durations is not None:
                    durations[cs.key] = time.perf_counter() - started

    def _statements(self, cs: ChangeSet, statements: list[str]) -> list[str]:
        out = []
        for sql in statements:
            notes: list[str] = []
            if self.single_node:
                sql, notes = cluster.single_node(sql)
            sql, more = self.engine.sql.stand_in(sql)
            self.rewrites.extend(f"{cs.key}: {note}" for note in [*notes, *more])
            out.append(sql)
        return out

    def _run(self, cs: ChangeSet, statements: list[str], action: str = "applying") -> None:
        foreign = cs.foreign_rollback if action == "rolling back" else cs.foreign
        if foreign or cs.foreign_preconditions:
            what = foreign[0] if foreign else "preConditions"
            raise HarnessError(
                f"{cs.key} (line {cs.line}): <{what}> is run only by Liquibase itself, not by the built-in "
                'engine: set runner = "liquibase" for this database in the spec'
            )
        in_transaction = self._transactional(cs)
        if any(_MAY_WRITE_HISTORY.search(sql) for sql in statements):
            self.history.forget()  # the rows read before may be stale
        for index, sql in enumerate(statements):
            self._progress = _Progress(cs, statements, index, action, in_transaction)
            try:
                self.engine.execute(sql)
            except Exception as exc:
                raise ChangesetFailed(
                    f"{cs.key} (line {cs.line}) failed while {action}: statement `{shorten(sql)}`: "
                    f"{type(exc).__name__}: {shorten(str(exc), 400)}{self.engine.sql.refusal_hint(str(exc))}"
                ) from exc

    def _transactional(self, cs: ChangeSet) -> bool:
        return cs.run_in_transaction and self.engine.sql.transactions

    @contextlib.contextmanager
    def _transaction(self, cs: ChangeSet) -> Iterator[None]:
        """The changeset's transaction. Not ``Engine.transaction``: after an interrupt the connection may be
        mid-packet, and a ROLLBACK on it would wait for the cut-off statement to finish (then fail with
        ``InterfaceError``); :meth:`_after_interrupt` ends that session instead, which rolls it back."""
        if not self._transactional(cs):
            yield
            return
        self.engine.execute("START TRANSACTION")
        try:
            yield
        except KeyboardInterrupt:
            raise
        except BaseException:
            self.engine.execute("ROLLBACK")
            raise
        self.engine.execute("COMMIT")

    def _apply(self, cs: ChangeSet, exectype: str, deployment: str) -> None:
        try:
            self._check_preconditions(cs)
        except _Skip as skip:
            if skip.exectype:
                self._record(cs, skip.exectype, deployment)
            return
        try:
            with self._transaction(cs):
                statements = self._statements(cs, cs.statements)
                self._run(cs, statements)
                self._progress = _Progress(cs, statements, len(statements), "recording", self._transactional(cs))
                self._record(cs, exectype, deployment)
            self._progress = None
            self._applied_now.append(cs.key)
        except ChangesetFailed as failure:
            if cs.fail_on_error:
                raise
            self.warnings.append(f"{failure} (failOnError:false, continuing)")

    def _record(self, cs: ChangeSet, exectype: str, deployment: str) -> None:
        row = {
            "ID": cs.id,
            "AUTHOR": cs.author,
            "FILENAME": cs.filename,
            "DATEEXECUTED": None,
            "ORDEREXECUTED": self.history.next_order(),
            "EXECTYPE": exectype,
            "MD5SUM": cs.checksum,
            "DESCRIPTION": limit_size(cs.description),
            "COMMENTS": limit_size((cs.comment or "").strip()),
            "TAG": None,
            "LIQUIBASE": LIQUIBASE_VERSION,
            "CONTEXTS": stored_contexts(cs),
            "LABELS": stored_labels(cs),
            "DEPLOYMENT_ID": deployment,
        }
        key = (cs.id, cs.author, cs.filename)
        if any(_same_as(applied, cs) for applied in self.history.rows()):
            # Liquibase picks the changesets to run by exact identity, but records one that matches an
            # applied row ignoring case as a re-run: an UPDATE, which the table's collation then matches
            row["EXECTYPE"] = "RERAN"
            self.history.rerun(key, row)
        else:
            self.history.insert(row)

    # ---- preconditions ---------------------------------------------------------------------------

    def _check_preconditions(self, cs: ChangeSet) -> None:
        pre = cs.preconditions
        if pre is None or not pre.items:
            return
        failed: str | None = None
        try:
            for item in pre.items:
                failed = self._precondition_fails(item)
                if failed:
                    break
        except Exception as exc:
            self._on_outcome(cs, pre.on_error, f"precondition error: {exc}")
            return
        if failed:
            self._on_outcome(cs, pre.on_fail, f"precondition failed: {failed}")

    def _on_outcome(self, cs: ChangeSet, option: str, message: str) -> None:
        if option == "HALT":
            raise ChangesetFailed(f"{cs.key} (line {cs.line}): {message}")
        if option in ("CONTINUE", "MARK_RAN"):
            self.skipped[cs.key] = message
            raise _Skip("MARK_RAN" if option == "MARK_RAN" else None)
        if option == "WARN":
            self.warnings.append(f"{cs.key}: {message}")
            return
        raise ChangesetFailed(f"{cs.key}: unknown precondition option {option!r}")

    def _precondition_fails(self, item: Precondition) -> str | None:
        """Why ``item`` does not hold, or None when it does (an error raised is Liquibase's onError case)."""
        if item.kind in ("and", "or", "not"):
            return self._combined_fails(item)
        if item.kind == "sql-check":
            return self._sql_check_fails(item)
        if item.kind == "dbms":
            matched = dbms_matches(item.expected, self._db_names)
            return None if matched else f"dbms is {self._db_names}, not {item.expected}"
        if item.kind in ("row-count", "table-is-empty"):
            return self._row_count_fails(item)
        return self._missing(item)

    def _row_count_fails(self, item: Precondition) -> str | None:
        schema = item.schema or self.engine.database
        rows = int(self.engine.scalar(f"SELECT COUNT(*) FROM {qualified(schema, item.table or '')}") or 0)
        expected = int(item.expected or 0) if item.kind == "row-count" else 0
        return None if rows == expected else f"table {_named(item)} has {rows} row(s), not {expected}"

    def _missing(self, item: Precondition) -> str | None:
        """Why a table, view, column or index precondition fails: it does not exist."""
        sql, schema = self.engine.sql, item.schema or self.engine.database
        if item.kind == "column-exists":
            query = sql.column_exists_query(schema, item.table or "", item.column or "")
            what = f"column {_named(item)}.{item.column}"
        elif item.kind == "index-exists":
            query, what = sql.index_exists_query(schema, item.table, item.name or ""), f"index {item.name}"
        else:
            query = sql.table_exists_query(schema, item.table or "", view=item.kind == "view-exists")
            what = f"{item.kind.split('-')[0]} {_named(item)}"
        return None if int(self.engine.scalar(query) or 0) else f"{what} does not exist"

    def _combined_fails(self, item: Precondition) -> str | None:
        """Liquibase's and (every nested one holds), or (one does) and not (none does)."""
        failures = []
        for nested in item.nested:
            failed = self._precondition_fails(nested)
            if item.kind == "and" and failed:
                return failed
            if item.kind == "or" and not failed:
                return None
            if item.kind == "not" and not failed:
                return f"not: {_described(nested)} holds"
            failures.append(failed or "")
        return "none of: " + "; ".join(failures) if item.kind == "or" and failures else None

    def _sql_check_fails(self, item: Precondition) -> str | None:
        """Liquibase's SqlPrecondition: exactly one row of one column, else an error (onError); NULL or
        another text than expected fails (onFail); a trailing ``;`` is dropped."""
        sql = re.sub(r";$", "", item.sql or "")
        rows = text_rows(self.engine, sql)
        if len(rows) != 1 or len(rows[0]) != 1:
            raise HarnessError(f"`{shorten(sql)}` returned {len(rows)} row(s), expected one row of one column")
        value = rows[0][0]
        if value is None:
            return f"no rows returned from `{shorten(sql)}` (NULL)"
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        if text != item.expected:
            return f"`{shorten(sql)}` returned {text}, expected {item.expected}"
        return None

    # ---- rollback --------------------------------------------------------------------------------

    def _changeset_for(self, row: dict[str, Any]) -> ChangeSet:
        key = row_key(row)
        cs = self.log.find(key)
        if cs is None:
            raise ChangesetFailed(f"cannot roll back {key}: it is in DATABASECHANGELOG but not in the changelog")
        return cs

    def _rollback_rows(self, rows: list[dict[str, Any]]) -> None:
        plan = [(row, self._changeset_for(row)) for row in rows]
        for _, cs in plan:  # MARK_RAN rows too: Liquibase 4.28 runs their rollback like any other
            if not cs.rollback and not cs.rollback_not_required and not cs.foreign_rollback:
                raise ChangesetFailed(
                    f"cannot roll back {cs.key} (line {cs.line}): it has no rollback "
                    "(add '--rollback <SQL>' or '--rollback not required')"
                )
        for _, cs in plan:
            with self._transaction(cs):
                self._run(cs, self._statements(cs, cs.rollback), action="rolling back")
                self.history.delete((cs.id, cs.author, cs.filename))
            self._progress = None
            self._applied_now.append(cs.key)

    def rollback_count(self, n: int) -> None:
        with self._locked():
            rows = [r for r in reversed(self.history.rows()) if self._row_selected(r)][:n]
            self._rollback_rows(rows)

    def rollback_changesets(self, changesets: list[ChangeSet]) -> None:
        """Roll back exactly these applied changesets, latest first, as Liquibase Pro's rollback-one-changeset
        would: the harness's own step where a runAlways changeset re-run in between would make a count take it."""
        keys = {cs.key for cs in changesets}
        with self._locked():
            rows = [r for r in reversed(self.history.rows()) if row_key(r) in keys]
            self._rollback_rows(rows)

    def rollback_to_tag(self, tag: str) -> None:
        with self._locked():
            rows = self.history.rows()
            tagged = [r["ORDEREXECUTED"] for r in rows if r["TAG"] == tag]
            if not tagged:
                raise HarnessError(f"cannot roll back to tag {tag!r}: no DATABASECHANGELOG row carries it")
            after = [r for r in rows if r["ORDEREXECUTED"] > max(tagged) and self._row_selected(r)]
            self._rollback_rows(list(reversed(after)))

    def tag(self, name: str) -> None:
        with self._locked():
            self.history.tag_last(name)

    def update_testing_rollback(self) -> None:
        """Liquibase's ``update-testing-rollback``: update, roll the new changesets back, update again."""
        before = len(self.history.rows())
        self.update()
        self.rollback_count(len(self.history.rows()) - before)
        self.update()

    # ---- test helpers ----------------------------------------------------------------------------

    def rerun(self, cs: ChangeSet) -> None:
        """Run ``cs`` again without touching the bookkeeping (an idempotency probe), as Liquibase runs a
        changeset: after its preconditions, which may skip it (the Liquibase runner's re-run does the same)."""
        try:
            self._check_preconditions(cs)
        except _Skip:
            return
        self._run(cs, self._statements(cs, cs.statements), action="re-running")

    def update_crashing(self, cs: ChangeSet, after_statements: int) -> None:
        """Leave the database as a crash after ``after_statements`` statements of ``cs`` would;
        ``len(cs.statements)`` means every statement ran but the crash came before Liquibase recorded it."""
        if not 0 <= after_statements <= len(cs.statements):
            raise HarnessError(
                f"after_statements must be in 0..{len(cs.statements)} for {cs.key}, got {after_statements}"
            )
        with self._locked():
            self._check_valid()
            deployment = deployment_id()
            for pending, exectype in self._pending():
                if pending.key == cs.key:
                    break
                self._apply(pending, exectype, deployment)
            else:
                raise HarnessError(f"{cs.key} is not pending")
            # autocommit: the statements that ran before the crash stay applied, the rest never ran
            self._run(cs, self._statements(cs, cs.statements[:after_statements]))


def _described(item: Precondition) -> str:
    """A precondition as a failure names it."""
    if item.kind == "sql-check":
        return f"`{shorten(item.sql or '')}` returns {item.expected}"
    named = [v for v in (item.table, item.column, item.name, item.expected) if v]
    return f"{item.kind} {' '.join(named)}".strip()


def _named(item: Precondition) -> str:
    """A precondition's table as the changelog names it (not the throwaway database it runs in)."""
    return f"{item.schema}.{item.table}" if item.schema else str(item.table)
