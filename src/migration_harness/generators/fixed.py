"""One deterministic, realistic dataset shape (seeded Faker) that still contains every edge case.

Mutation testing and reports use it: a broken migration must fail on *this* data, so each edge case a
real migration got wrong is here on purpose (see the comments).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

from faker import Faker

from .shapes import DESCRIPTION_CHARS, NAME_CHARS, SOURCES, USER_CHARS, Dataset, DatasetShape, Item
from .values import MYSQL_TS_MAX, MYSQL_TS_MIN, Nanos


def fixed_dataset_shape(seed: int = 20251231) -> DatasetShape:
    fake = Faker(["en_US", "ja_JP", "de_DE"])
    fake.seed_instance(seed)
    rnd = random.Random(seed)

    def uid() -> str:
        return str(fake.uuid4())

    def when() -> dt.datetime:  # realistic, with full microseconds
        return fake.date_time_between(dt.datetime(2023, 1, 1), dt.datetime(2025, 12, 1)).replace(
            microsecond=rnd.randrange(1, 10**6)
        )

    def dataset(ws: str, name: str, *, created_by: str | None = "", **kw: object) -> Dataset:
        created = when()
        base = Dataset(
            id=uid(), workspace_id=ws, name=name, description=fake.sentence(),
            created_at=created, created_by=fake.user_name() if created_by == "" else created_by,
            last_updated_at=created + dt.timedelta(days=rnd.randrange(0, 30), microseconds=rnd.randrange(10**6)),
            last_updated_by=fake.user_name(),
        )  # fmt: skip
        return dataclasses.replace(base, **kw)  # type: ignore[arg-type]

    def item(d_ws: str, dataset_id: str) -> Item:
        # Sub-microsecond digits: DateTime64(3)/toDateTime copies lose them.
        created = Nanos.of(when(), rnd.randrange(1, 1000))
        return Item(
            id=uid(), workspace_id=d_ws, dataset_id=dataset_id, source=rnd.choice(SOURCES),
            trace_id=rnd.choice(["", uid()]), span_id=rnd.choice(["", uid()]),
            data=json.dumps({"input": fake.sentence(), "expected": fake.word(), "q": "it's \"x\" \\ 🧪"},
                            ensure_ascii=False),
            metadata=rnd.choice(["", json.dumps({"source_file": fake.file_name(), "page": rnd.randrange(99)})]),
            tags=tuple(fake.words(rnd.randrange(0, 3))),
            created_at=created, last_updated_at=Nanos(created + rnd.randrange(1, 10**12)),
            created_by=fake.user_name(), last_updated_by=fake.user_name(),
        )  # fmt: skip

    acme, intl, empty = "acme-prod", "ワークスペース 🧪 it's", str(fake.uuid4())
    datasets = [
        dataset(acme, "customer-support-evals"),  # many items, duplicates
        dataset(acme, "regression set", description=None, created_by=None),  # NULL creator + description
        dataset(acme, "never used (no items)"),  # no items: INNER JOINs drop it
        dataset(
            acme, "x🧪" * (NAME_CHARS // 2), description="é" * DESCRIPTION_CHARS, created_by="u" * USER_CHARS
        ),  # maximum lengths in characters
        dataset(intl, "O'Brien's \"quoted\" \\ dataset", created_by=None),  # quotes, backslash, NULL creator
        dataset(intl, "epoch edges", created_at=MYSQL_TS_MIN, last_updated_at=MYSQL_TS_MAX),
    ]
    counts = [12, 3, 0, 1, 2, 1]
    items = [item(d.workspace_id, d.id) for d, n in zip(datasets, counts, strict=True) for _ in range(n)]
    orphan_parent = uid()  # a dataset deleted from MySQL whose items are still in ClickHouse
    items += [item(acme, orphan_parent) for _ in range(2)]
    first = [i for i in items if i.dataset_id == datasets[0].id]
    revisions = [  # unmerged duplicates: newer data for three items, plus one stale (older) write
        dataclasses.replace(i, last_updated_at=Nanos(i.last_updated_at + 123_456_789),
                            data=json.dumps({"input": "edited", "n": k}), tags=("edited",))
        for k, i in enumerate(first[:3])
    ]  # fmt: skip
    revisions.append(dataclasses.replace(first[3], last_updated_at=Nanos(first[3].created_at - 1), data="{}"))
    return DatasetShape((acme, intl, empty), tuple(datasets), tuple(items), tuple(revisions))
