"""Dataset shapes: workspaces, datasets and their items as small frozen dataclasses, and strategies.

Reprs are short on purpose: a falsifying example has to be readable in a terminal, so ids print as their
first 8 characters and long strings as a prefix plus their length.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from . import values as v
from .values import Nanos

# Column limits of the application schema, in characters.
WORKSPACE_CHARS, NAME_CHARS, DESCRIPTION_CHARS, USER_CHARS = 150, 150, 255, 100
SOURCES = ("unknown", "sdk", "manual", "span", "trace")


def _short(value: Any) -> str:
    if isinstance(value, str) and len(value) > 24:
        return repr(value[:16]) + f"+{len(value) - 16}ch"
    return repr(value)


class _ShortRepr:
    _id_fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            text = repr(value[:8]) if f.name in self._id_fields and isinstance(value, str) else _short(value)
            parts.append(f"{f.name}={text}")
        return f"{type(self).__name__}({', '.join(parts)})"


@dataclass(frozen=True, repr=False)
class Dataset(_ShortRepr):
    id: str
    workspace_id: str
    name: str
    description: str | None
    created_at: dt.datetime  # naive UTC, microseconds (MySQL TIMESTAMP(6))
    created_by: str | None
    last_updated_at: dt.datetime
    last_updated_by: str
    _id_fields = ("id",)


@dataclass(frozen=True, repr=False)
class Item(_ShortRepr):
    id: str
    workspace_id: str
    dataset_id: str
    source: str
    trace_id: str
    span_id: str
    data: str  # JSON text
    metadata: str
    tags: tuple[str, ...]
    created_at: Nanos  # DateTime64(9, 'UTC')
    last_updated_at: Nanos
    created_by: str
    last_updated_by: str
    _id_fields = ("id", "dataset_id", "trace_id", "span_id")


@dataclass(frozen=True)
class DatasetShape:
    """What is in the databases before the migration.

    ``revisions`` are later writes of items already in ``items`` (same id, different ``last_updated_at``),
    inserted separately so a ReplacingMergeTree holds them as unmerged duplicates. Items whose
    ``dataset_id`` names no dataset are orphans, as production has them.
    """

    workspaces: tuple[str, ...]
    datasets: tuple[Dataset, ...]
    items: tuple[Item, ...] = ()
    revisions: tuple[Item, ...] = ()

    def latest_items(self) -> dict[str, Item]:
        """Item id -> the row the application reads (highest last_updated_at, later insert on ties)."""
        latest: dict[str, Item] = {}
        for item in (*self.items, *self.revisions):
            if item.id not in latest or item.last_updated_at >= latest[item.id].last_updated_at:
                latest[item.id] = item
        return latest

    def orphans(self) -> list[Item]:
        ids = {d.id for d in self.datasets}
        return [i for i in self.latest_items().values() if i.dataset_id not in ids]


def workspace_ids() -> st.SearchStrategy[str]:
    return st.one_of(v.uuids(), v.text(WORKSPACE_CHARS, min_chars=1))


def datasets(workspace_id: str) -> st.SearchStrategy[Dataset]:
    stamps = st.lists(v.mysql_timestamps(), min_size=2, max_size=2).map(sorted)
    return st.builds(
        lambda id_, name, desc, ts, by, upd_by: Dataset(id_, workspace_id, name, desc, ts[0], by, ts[1], upd_by),
        v.uuids(),
        v.text(NAME_CHARS, min_chars=1),
        v.nullable(v.text(DESCRIPTION_CHARS)),
        stamps,
        v.nullable(v.text(USER_CHARS)),
        v.text(USER_CHARS),
    )


def items(workspace_id: str, dataset_id: str) -> st.SearchStrategy[Item]:
    stamps = st.lists(v.clickhouse_nanos(), min_size=2, max_size=2).map(sorted)
    return st.builds(
        lambda id_, src, trace, span, data, meta, tags, ts, by, upd_by: Item(
            id_, workspace_id, dataset_id, src, trace, span, data, meta, tuple(tags), ts[0], ts[1], by, upd_by
        ),
        v.uuids(),
        st.sampled_from(SOURCES),
        st.one_of(st.just(""), v.uuids()),
        st.one_of(st.just(""), v.uuids()),
        v.json_documents(),
        st.one_of(st.just(""), v.json_documents(2)),
        st.lists(v.text(30), max_size=3),
        stamps,
        v.text(USER_CHARS),
        v.text(USER_CHARS),
    )


def revision_of(item: Item) -> st.SearchStrategy[Item]:
    """A later (or stale, earlier) write of ``item``; never the same version, which would tie."""
    return st.builds(
        lambda ts, data, tags: dataclasses.replace(item, last_updated_at=ts, data=data, tags=tuple(tags)),
        v.clickhouse_nanos().filter(lambda ts: ts != item.last_updated_at),
        v.json_documents(2),
        st.lists(v.text(10), max_size=2),
    )


# Items per dataset: 0, 1 and "many" are the boundaries count-parity bugs hide behind.
ITEM_COUNTS = st.one_of(st.sampled_from([0, 1]), st.integers(2, 6))


@st.composite
def dataset_shapes(draw: st.DrawFn, max_workspaces: int = 3, max_datasets: int = 3) -> DatasetShape:
    """Workspaces (some empty), datasets with 0/1/many items, orphan items and unmerged duplicates."""
    workspaces = draw(st.lists(workspace_ids(), min_size=1, max_size=max_workspaces, unique_by=_pad_key))
    found: list[Dataset] = []
    names: set[tuple[str, str]] = set()
    for ws in workspaces:
        for dataset in draw(st.lists(datasets(ws), max_size=max_datasets)):
            if (_pad_key(ws), _pad_key(dataset.name)) not in names:  # UNIQUE (workspace_id, name)
                names.add((_pad_key(ws), _pad_key(dataset.name)))
                found.append(dataset)
    parents = [(d.workspace_id, d.id) for d in found]
    parents += [(ws, draw(v.uuids())) for ws in draw(st.lists(st.sampled_from(workspaces), max_size=1))]
    rows: list[Item] = []
    for ws, dataset_id in parents:
        rows += draw(st.lists(items(ws, dataset_id), min_size=(n := draw(ITEM_COUNTS)), max_size=n))
    rows = list({i.id: i for i in rows}.values())  # ids unique within one write
    dupes = draw(st.lists(st.sampled_from(rows), max_size=2, unique_by=lambda i: i.id)) if rows else []
    revisions = tuple(draw(revision_of(i)) for i in dupes)
    ids = [d.id for d in found]
    keep = [d for i, d in enumerate(found) if d.id not in ids[:i]]
    return DatasetShape(tuple(workspaces), tuple(keep), tuple(rows), revisions)


def _pad_key(value: str) -> str:
    """MariaDB's utf8mb4_bin is PAD SPACE: 'a' and 'a ' collide in a unique key."""
    return value.rstrip(" ")
