"""NativeRunner: applies a parsed changelog itself, keeping Liquibase's bookkeeping exactly.

No JVM, no 2 s start-up, and it also runs against ClickHouse/chdb; a database it migrated is one the
Liquibase CLI sees as up to date (and the other way round), which the differential tests check.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ..engines import Engine
from ..errors import ChangesetFailed, HarnessError
from . import cluster
from .filters import contexts_match, labels_match
from .history import LIQUIBASE_VERSION, History, deployment_id, history_for
from .model import ChangeLog, ChangeSet, Precondition
from .properties import dbms_matches


def shorten(sql: str, limit: int = 160) -> str:
    flat = " ".join(sql.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def _stored_list(value: str | None, parenthesize: bool = False) -> str | None:
    """How Liquibase writes a context/label list back: trimmed items joined by ``,``, and a context
    expression with operators wrapped in parentheses."""
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    if not items:
        return None
    if parenthesize:
        items = [f"({item})" if " " in item else item for item in items]
    return ",".join(items)


class _Skip(Exception):
    """A precondition said not to run the changeset (``exectype`` None: leave no row)."""

    def __init__(self, exectype: str | None) -> None:
        super().__init__(exectype)
        self.exectype = exectype


class NativeRunner:
    def __init__(
        self,
        engine: Engine,
        log: ChangeLog,
        contexts: str | None = None,
        labels: str | None = None,
        single_node: bool = False,
    ) -> None:
        self.engine = engine
        self.log = log
        self.contexts = contexts
        self.labels = labels
        self.single_node = single_node and engine.sql.clusters
        self.history: History = history_for(engine)
        self.rewrites: list[str] = []
        self.warnings: list[str] = []
        self._db_names = engine.sql.liquibase_name  # what dbms attributes call this engine

    # ---- selection -------------------------------------------------------------------------------

    def _selected(self, cs: ChangeSet) -> bool:
        return (
            not cs.ignore
            and contexts_match(cs.contexts, self.contexts)
            and labels_match(cs.labels, self.labels)
            and dbms_matches(cs.dbms, self._db_names)
        )

    def _applied_by_key(self) -> dict[str, dict[str, Any]]:
        return {f"{r['FILENAME']}::{r['ID']}::{r['AUTHOR']}": r for r in self.history.rows()}

    @staticmethod
    def _checksum_ok(cs: ChangeSet, stored: str | None) -> bool:
        if stored is None or not stored.startswith("9:"):
            return True  # no or older-version checksum: Liquibase recomputes and stores the new one
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

    # ---- update ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.history.acquire()
        try:
            yield
        finally:
            self.history.release()

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

    def update_to_tag(self, tag: str) -> None:
        """Run pending changesets up to and including the one carrying ``tag`` (``tagDatabase``)."""
        if any(r["TAG"] == tag for r in self.history.rows()):
            return
        pending = [cs for cs, _ in self._pending()]
        for index, cs in enumerate(pending):
            if cs.tag == tag:
                self._update(limit=index + 1)
                return
        raise HarnessError(f"tag {tag!r} is neither in DATABASECHANGELOG nor on a pending changeset")

    def _update(self, limit: int | None) -> None:
        with self._locked():
            self._check_valid()
            self._upgrade_checksums()
            pending = self._pending()
            if limit is not None:
                pending = pending[:limit]
            deployment = deployment_id()
            for cs, exectype in pending:
                self._apply(cs, exectype, deployment)

    def _statements(self, cs: ChangeSet, statements: list[str]) -> list[str]:
        if not self.single_node:
            return statements
        out = []
        for sql in statements:
            new, notes = cluster.single_node(sql)
            self.rewrites.extend(f"{cs.key}: {note}" for note in notes)
            out.append(new)
        return out

    def _run(self, cs: ChangeSet, statements: list[str], action: str = "applying") -> None:
        for sql in statements:
            try:
                self.engine.execute(sql)
            except Exception as exc:
                raise ChangesetFailed(
                    f"{cs.key} (line {cs.line}) failed while {action}: statement `{shorten(sql)}`: "
                    f"{type(exc).__name__}: {shorten(str(exc), 400)}"
                ) from exc

    def _transaction(self, cs: ChangeSet) -> contextlib.AbstractContextManager[None]:
        if cs.run_in_transaction and self.engine.sql.transactions:
            return self.engine.transaction()
        return contextlib.nullcontext()

    def _apply(self, cs: ChangeSet, exectype: str, deployment: str) -> None:
        try:
            self._check_preconditions(cs)
        except _Skip as skip:
            if skip.exectype:
                self._record(cs, skip.exectype, deployment)
            return
        try:
            with self._transaction(cs):
                self._run(cs, self._statements(cs, cs.statements))
                self._record(cs, exectype, deployment)
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
            "DESCRIPTION": "sql",
            "COMMENTS": (cs.comment or "")[:255],
            "TAG": None,
            "LIQUIBASE": LIQUIBASE_VERSION,
            "CONTEXTS": _stored_list(cs.contexts, parenthesize=True),
            "LABELS": _stored_list(cs.labels),
            "DEPLOYMENT_ID": deployment,
        }
        key = (cs.id, cs.author, cs.filename)
        if cs.key in self._applied_by_key():
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
        if option == "CONTINUE":
            raise _Skip(None)
        if option == "MARK_RAN":
            raise _Skip("MARK_RAN")
        if option == "WARN":
            self.warnings.append(f"{cs.key}: {message}")
            return
        raise ChangesetFailed(f"{cs.key}: unknown precondition option {option!r}")

    def _precondition_fails(self, item: Precondition) -> str | None:
        if item.kind == "sql-check":
            rows = self.engine.query(item.sql or "")
            if not rows:
                return f"no rows returned from `{shorten(item.sql or '')}`"
            value = rows[0][0]
            text = str(value) if value is not None else "null"
            if text != item.expected:
                return f"`{shorten(item.sql or '')}` returned {text}, expected {item.expected}"
            return None
        schema = item.schema or self.engine.database
        name = item.table or ""
        found = self.engine.scalar(self.engine.sql.table_exists_query(schema, name, view=item.kind == "view-exists"))
        return None if int(found or 0) else f"{item.kind.split('-')[0]} {schema}.{name} does not exist"

    # ---- rollback --------------------------------------------------------------------------------

    def _changeset_for(self, row: dict[str, Any]) -> ChangeSet:
        key = f"{row['FILENAME']}::{row['ID']}::{row['AUTHOR']}"
        cs = self.log.find(key)
        if cs is None:
            raise ChangesetFailed(f"cannot roll back {key}: it is in DATABASECHANGELOG but not in the changelog")
        return cs

    def _rollback_rows(self, rows: list[dict[str, Any]]) -> None:
        plan = [(row, self._changeset_for(row)) for row in rows]
        for row, cs in plan:
            if row["EXECTYPE"] != "MARK_RAN" and not cs.rollback and not cs.rollback_not_required:
                raise ChangesetFailed(
                    f"cannot roll back {cs.key} (line {cs.line}): it has no rollback "
                    "(add '--rollback <SQL>' or '--rollback not required')"
                )
        for row, cs in plan:
            with self._transaction(cs):
                if row["EXECTYPE"] != "MARK_RAN":  # Liquibase never ran its SQL, so nothing to undo
                    self._run(cs, self._statements(cs, cs.rollback), action="rolling back")
                self.history.delete((cs.id, cs.author, cs.filename))

    def rollback_count(self, n: int) -> None:
        with self._locked():
            rows = list(reversed(self.history.rows()))[:n]
            self._rollback_rows(rows)

    def rollback_to_tag(self, tag: str) -> None:
        with self._locked():
            rows = self.history.rows()
            tagged = [r["ORDEREXECUTED"] for r in rows if r["TAG"] == tag]
            if not tagged:
                raise HarnessError(f"cannot roll back to tag {tag!r}: no DATABASECHANGELOG row carries it")
            after = [r for r in rows if r["ORDEREXECUTED"] > max(tagged)]
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
        """Run ``cs`` again without touching the bookkeeping (an idempotency probe)."""
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
