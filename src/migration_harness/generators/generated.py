"""The seed a spec gets without Python: everything derived from the pre-migration schema, read once after
the baseline of the first run."""

from __future__ import annotations

from hypothesis import strategies as st

from ..dialects import ident
from ..engines import Engine
from ..errors import HarnessError
from ..spec import MigrationSpec
from .bulk import bulk_insert
from .fixed import app_shape, fixed_shape
from .model import DataModel, build_model
from .schema import read_schema
from .shape import Shape, load_shape
from .strategies import shapes

# A column that belongs to reference data takes at most this many of its values.
REFERENCE_VALUES = 1000


class GeneratedSeed:
    """``shapes()``, ``fixed_shape()``, ``load()``, ``app_writes()``, ``bulk()`` of the seed-module contract."""

    def __init__(self, spec: MigrationSpec) -> None:
        self.spec = spec
        self._model: DataModel | None = None
        self._fixed: Shape | None = None

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

        self._model = build_model(schema, self.spec, filled, fetch)

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
        load_shape(engines, self.model, shape)

    def app_writes(self, engines: dict[str, Engine]) -> None:
        """New rows in every table that exists before and after the migration, pre-migration columns only."""
        self.learn(engines)
        present = {f"{kind}.{t}" for kind, e in engines.items() for t in e.tables()}
        shape = app_shape(self.model)
        load_shape(engines, self.model, Shape(tuple(b for b in shape.batches if b.table in present)))

    def bulk(self, engines: dict[str, Engine], scale: int) -> None:
        self.learn(engines)
        bulk_insert(engines, self.model, scale)
