"""Data generation derived from the pre-migration schema (docs/spec.md, "Data generation").

Importing the package registers the ``harness-default``/``harness-thorough`` Hypothesis profiles.
"""

from . import profiles
from .build import build_shape
from .bulk import bulk_insert, uuid_from
from .columns import edges, realistic, strategy
from .dialect_sql import mysql_numbers
from .fixed import app_shape, fixed_shape
from .generated import GeneratedSeed
from .model import DataModel, Link, TablePlan, build_model
from .render import render
from .schema import ColumnInfo, Schema, TableInfo, read_schema
from .shape import Batch, Shape, load_shape
from .sql import insert_rows, literal
from .strategies import column_strategy, shapes
from .types import SqlType, parse_clickhouse, parse_mysql
from .values import Nanos

__all__ = [
    "Batch",  # one INSERT of a shape
    "ColumnInfo",  # a writable column, its parsed type and default
    "DataModel",  # what to generate: tables parents first, links, groups, unique keys, overrides
    "GeneratedSeed",  # the seed-module contract, generated from the schema
    "Link",  # child columns that hold a parent's values
    "Nanos",  # DateTime64 values: nanoseconds since the epoch, readable repr
    "Schema",  # the pre-migration tables
    "Shape",  # a generated data set: INSERT batches, printed as tables of rows
    "SqlType",  # a parsed column type with its range
    "TableInfo",  # one table of the schema
    "TablePlan",  # one table of the model
    "app_shape",  # rows the application writes after the migration
    "build_model",  # schema + spec -> DataModel
    "build_shape",  # DataModel + a source of choices -> Shape
    "bulk_insert",  # production-like volume, INSERT ... SELECT inside the engines
    "column_strategy",  # the Hypothesis strategy of one column, spec overrides applied
    "edges",  # the edge values of a type
    "fixed_shape",  # the deterministic, realistic shape with every edge case
    "insert_rows",  # multi-row INSERT of Python values
    "literal",  # a Python value as a SQL literal
    "load_shape",  # INSERT a Shape
    "mysql_numbers",  # 0..n-1 as a MySQL derived table
    "parse_clickhouse",  # a ClickHouse type -> SqlType
    "parse_mysql",  # a MySQL COLUMN_TYPE -> SqlType
    "profiles",  # Hypothesis profiles of the harness
    "read_schema",  # engines at the baseline -> Schema
    "realistic",  # a plausible value of a type (Faker by column name)
    "render",  # a value as a literal of its column type
    "shapes",  # the Hypothesis strategy of shapes of a DataModel
    "strategy",  # the Hypothesis strategy of a type
    "uuid_from",  # a deterministic UUID in SQL, the same in both dialects
]
