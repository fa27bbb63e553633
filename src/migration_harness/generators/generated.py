"""The seed a spec gets without Python: everything derived from the pre-migration schema, read once after
the baseline of the first run."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from ..dialects import ident
from ..engines import Engine
from ..errors import HarnessError
from ..fingerprints import by_table, schema_objects
from ..spec import MigrationSpec
from .app_rows import migrated_looking, without_migrated_looking
from .bulk import bulk_insert
from .fixed import app_shape, fixed_shape
from .mending import satisfying
from .model import DataModel, build_model
from .schema import read_schema
from .shape import Batch, Shape, load_shape
from .sql import literal
from .strategies import shapes

# A column that belongs to reference data takes at most this many of its values.
REFERENCE_VALUES = 1000


class GeneratedSeed:
    """``shapes()``, ``fixed_shape()``, ``load()``, ``app_writes()``, ``bulk()`` of the seed-module contract."""

    def __init__(self, spec: MigrationSpec) -> None:
        self.spec = spec
        self._migrated: dict[str, dict[str, set[str]]] | None = None  # see remember_migrated
        self._model: DataModel | None = None
        self._fixed: Shape | None = None
        self._app: Shape | None = None  # the application's writes, as app_writes() first judged them

    def learn(self, engines: dict[str, Engine]) -> None:
        """Read the pre-migration schema, and which tables the baseline already filled (call on databases at
        the baseline, before any seed; later calls change nothing)."""
        if self._model is not None:
            return
        schema = read_schema(engines)
        filled = frozenset(f"{kind}.{table}" for kind, engine in engines.items() for table in engine.filled_tables())

        def fetch(ref: str, column: str) -> tuple[object, ...]:
            table = schema.tables[ref]
            rows = engines[table.database].query(
                f"SELECT DISTINCT {ident(column)} FROM {ident(table.name)} WHERE {ident(column)} IS NOT NULL "
                f"ORDER BY 1 LIMIT {REFERENCE_VALUES}"
            )
            return tuple(row[0] for row in rows)

        def judge(ref: str, column: str, condition: str, values: list[Any]) -> list[Any]:
            table = schema.tables[ref]
            rows = " UNION ALL ".join(
                f"SELECT {i} AS mh_i, {literal(table.database, v)} AS {ident(column)}" for i, v in enumerate(values)
            )
            accepted = engines[table.database].query(
                f"SELECT mh_i FROM ({rows}) mh_c WHERE ({condition}) IS NOT FALSE ORDER BY mh_i"
            )
            return [values[int(i)] for (i,) in accepted]

        self._model = build_model(schema, self.spec, filled, fetch, judge)

    @property
    def model(self) -> DataModel:
        if self._model is None:
            raise HarnessError("generated data needs the pre-migration schema: apply the baseline first")
        return self._model

    def shapes(self) -> st.SearchStrategy[Shape]:
        return shapes(self.model)

    def fixed_shape(self) -> Shape:
        if self._fixed is None:
            self._fixed = fixed_shape(self.model)
        return self._fixed

    def load(self, engines: dict[str, Engine], shape: Shape) -> None:
        self.learn(engines)
        load_shape(engines, self.model, self._as_the_application_writes(engines, shape))

    def _as_the_application_writes(self, engines: dict[str, Engine], shape: Shape) -> Shape:
        """``shape`` with rows a CHECK over several columns refuses mended (see :mod:`.mending`) and without
        rows of a mapping's pre-existing target that its target_filter calls migrated (see :mod:`.app_rows`);
        a Hypothesis example says what it changed and left out."""
        shape, mended = satisfying(engines, self.model, shape)
        conditions = migrated_looking(self.spec, self.model)
        shape, said = without_migrated_looking(engines, self.model, conditions, shape)
        if (mended or said) and currently_in_test_context():
            note("\n".join(mended + said))
        return shape

    def app_writes(self, engines: dict[str, Engine]) -> None:
        """New rows in every table that exists before and after the migration, pre-migration columns only;
        not the ones the migration drops that ``may_change`` declares: the application stopped writing them
        before such a migration (expand, then contract) is deployed."""
        self.learn(engines)
        # A table the migration replaced by a view of the same name (a rename behind a compatibility view) is
        # still there for the application: it writes through the view.
        views = {f"{kind}.{o.split(' ', 1)[1]}" for kind, e in engines.items() for o in schema_objects(e)
                 if o.startswith("view ")}  # fmt: skip
        present = views | {f"{kind}.{t}" for kind, e in engines.items() for t in e.tables()}
        if self._app is None:  # judged once, on the first databases (never migrated): the same rows for every run
            self._app = self._as_the_application_writes(engines, app_shape(self.model))
        batches = [self._without_dropped(b, engines) for b in self._app.batches if b.table in present]
        load_shape(engines, self.model, Shape(tuple(batches)))

    def remember_migrated(self, engines: dict[str, Engine]) -> None:
        """The columns of a migrated run: a run never migrated must leave out the same dropped columns (read
        only where a database declares may_change: nothing is left out otherwise)."""
        if not any(db.may_change for db in self.spec.databases.values()):
            return
        self._migrated = {kind: {t: {c.name for c in e.columns(t)} for t in e.tables()} for kind, e in engines.items()}

    def _without_dropped(self, batch: Batch, engines: dict[str, Engine]) -> Batch:
        kind, table = batch.table.split(".", 1)
        declared = by_table(self.spec.databases[kind].may_change).get(table, set())
        if not declared:
            return batch
        migrated = self._migrated.get(kind, {}).get(table) if self._migrated else None
        now = migrated if migrated is not None else {c.name for c in engines[kind].columns(table)}
        kept = [i for i, c in enumerate(batch.columns) if c in now or not ({c, "*"} & declared)]
        return replace(batch, columns=tuple(batch.columns[i] for i in kept),
                       rows=tuple(tuple(row[i] for i in kept) for row in batch.rows))  # fmt: skip

    def bulk(self, engines: dict[str, Engine], scale: int) -> None:
        self.learn(engines)
        bulk_insert(engines, self.model, scale, migrated_looking(self.spec, self.model))
