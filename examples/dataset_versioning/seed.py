"""Seed module of the dataset versioning example (contract: docs/spec.md, "Seed module")."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.generators import (
    Dataset,
    DatasetShape,
    Item,
    Nanos,
    VolumeProfile,
    dataset_shapes,
    fixed_dataset_shape,
    insert_rows,
    mysql_numbers,
    uuid_from,
)

DATASET_COLUMNS = ("id", "workspace_id", "name", "description", "created_at", "created_by",
                   "last_updated_at", "last_updated_by")  # fmt: skip
ITEM_COLUMNS = ("id", "workspace_id", "dataset_id", "source", "trace_id", "span_id", "data", "metadata",
                "tags", "created_at", "last_updated_at", "created_by", "last_updated_by")  # fmt: skip


def shapes() -> st.SearchStrategy[DatasetShape]:
    return dataset_shapes()


def fixed_shape() -> DatasetShape:
    return fixed_dataset_shape()


def _row(record: Dataset | Item, columns: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(getattr(record, c) for c in columns)


def load(engines: dict[str, Engine], shape: DatasetShape) -> None:
    insert_rows(engines["mysql"], "datasets", DATASET_COLUMNS, [_row(d, DATASET_COLUMNS) for d in shape.datasets])
    ch = engines["clickhouse"]
    insert_rows(ch, "dataset_items", ITEM_COLUMNS, [_row(i, ITEM_COLUMNS) for i in shape.items])
    for revision in shape.revisions:  # one INSERT each: separate parts, so the duplicates stay unmerged
        insert_rows(ch, "dataset_items", ITEM_COLUMNS, [_row(revision, ITEM_COLUMNS)])


def _app_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"app-writes/{name}"))


def app_writes(engines: dict[str, Engine]) -> None:
    """The application keeps creating draft datasets and items (one with no creator) after the migration."""
    now = dt.datetime(2026, 1, 5, 9, 30, 0, 123456)
    new = [
        Dataset(_app_id("ds1"), "app-workspace", "created after the migration", "from the UI", now, "alice",
                now, "alice"),
        Dataset(_app_id("ds2"), "app-workspace", "api upload", None, now, None, now, "api-key"),
    ]  # fmt: skip
    insert_rows(engines["mysql"], "datasets", DATASET_COLUMNS, [_row(d, DATASET_COLUMNS) for d in new])
    stamp = Nanos.of(now, 789)
    items = [
        Item(_app_id(f"item{k}"), "app-workspace", new[0].id, "sdk", "", "", f'{{"input": "q{k}"}}', "",
             ("new",), stamp, stamp, "alice", "alice")
        for k in range(3)
    ]  # fmt: skip
    insert_rows(engines["clickhouse"], "dataset_items", ITEM_COLUMNS, [_row(i, ITEM_COLUMNS) for i in items])


def bulk(engines: dict[str, Engine], scale: int) -> None:
    """Production-like volume, generated inside the engines; ids agree across them via the MD5 formula."""
    p = VolumeProfile.production_like(scale)
    ds_id = uuid_from("mysql", "CONCAT('ds-', n.i)")
    null_every = round(1 / p.null_creator_ratio)
    engines["mysql"].execute(
        f"INSERT INTO datasets ({', '.join(DATASET_COLUMNS)}) "
        f"SELECT {ds_id}, CONCAT('ws-', n.i % {p.workspaces}), CONCAT('dataset ', n.i), "
        "IF(n.i % 7 = 0, NULL, CONCAT('description of ', n.i)), "
        "TIMESTAMP('2024-01-01') + INTERVAL (n.i * 7919) % 31536000 SECOND + INTERVAL n.i % 999999 MICROSECOND, "
        f"IF(n.i % {null_every} = 0, NULL, CONCAT('user-', n.i % 97)), "
        "TIMESTAMP('2025-01-01') + INTERVAL (n.i * 104729) % 31536000 SECOND, CONCAT('user-', n.i % 89) "
        f"FROM {mysql_numbers(p.datasets)} n"
    )
    ch = engines["clickhouse"]
    ch.execute(_items_sql(p, bump_nanos=1000, where=""))
    # A second write of some items, in its own INSERT: unmerged duplicates, as production has them.
    ch.execute(_items_sql(p, bump_nanos=2_000_000_000, where=f"WHERE n % {round(1 / p.duplicate_ratio)} = 0"))


def _items_sql(p: VolumeProfile, bump_nanos: int, where: str) -> str:
    # Skewed: low dataset numbers get most items; every 1/orphan_ratio-th item has no dataset in MySQL.
    parent = (
        f"if(n % {round(1 / p.orphan_ratio)} = 0, {p.datasets} + n % 5, "
        f"toUInt64(floor({p.datasets} * pow((cityHash64(n) % 1000000) / 1e6, 3))))"
    )
    item_id = uuid_from("clickhouse", "concat('item-', toString(n))")
    dataset_id = uuid_from("clickhouse", "concat('ds-', toString(ds))")
    trace_id = uuid_from("clickhouse", "concat('trace-', toString(n))")
    return (
        f"INSERT INTO dataset_items ({', '.join(ITEM_COLUMNS)}) "
        f"SELECT {item_id}, concat('ws-', toString(ds % {p.workspaces})), {dataset_id}, "
        f"['unknown', 'sdk', 'manual', 'span', 'trace'][1 + n % 5], if(n % 3 = 0, '', {trace_id}), '', "
        "concat('{\"input\": \"question ', toString(n), '\"}'), if(n % 2 = 0, '', '{\"k\": 1}'), "
        "arrayMap(x -> concat('tag', toString(x)), range(n % 3)), "
        "fromUnixTimestamp64Nano(toInt64(1704067200000000000 + cityHash64(n) % 31536000000000000), 'UTC') AS c, "
        f"c + toIntervalNanosecond({bump_nanos}), concat('user-', toString(n % 97)), "
        f"concat('user-', toString(n % 89)) FROM (SELECT number AS n, {parent} AS ds FROM numbers({p.items})) {where}"
    )
