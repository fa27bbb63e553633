"""Data generators: Hypothesis strategies for edge-case shapes, a fixed realistic shape, SQL literals,
bulk volume. Importing the package registers the ``harness-default``/``harness-thorough`` profiles."""

from . import profiles
from .bulk import VolumeProfile, mysql_numbers, uuid_from
from .fixed import fixed_dataset_shape
from .shapes import Dataset, DatasetShape, Item, dataset_shapes
from .sql import insert_rows, literal
from .values import Nanos

__all__ = [
    "Dataset",
    "DatasetShape",
    "Item",
    "Nanos",
    "VolumeProfile",
    "dataset_shapes",
    "fixed_dataset_shape",
    "insert_rows",
    "literal",
    "mysql_numbers",
    "profiles",
    "uuid_from",
]
