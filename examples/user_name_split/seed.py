"""Seed module of the user name split example (contract: docs/spec.md, "Seed module")."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from faker import Faker
from hypothesis import strategies as st

from migration_harness.engines import Engine
from migration_harness.generators import insert_rows, mysql_numbers, uuid_from
from migration_harness.generators import values as v

COLUMNS = ("id", "org_id", "email", "full_name", "created_at")


@dataclass(frozen=True)
class User:
    id: str = field(repr=False)
    org_id: str
    email: str = field(repr=False)
    full_name: str | None
    created_at: dt.datetime


@dataclass(frozen=True)
class Users:
    users: tuple[User, ...]


def split_name(full_name: str | None) -> tuple[str | None, str | None]:
    """The rule the backfill implements: trim spaces, first word -> first name, the rest -> last name."""
    if full_name is None:
        return None, None
    first, _, rest = full_name.strip(" ").partition(" ")
    return first or None, rest.strip(" ") or None


NAMES = st.one_of(
    v.nullable(v.text(255)),
    st.sampled_from(["Cher", "  Ana  Maria  de la Cruz ", "Jean-Luc Picard", " ", "", "李 小龙", "Ólafur Arnalds"]),
)


@st.composite
def _users(draw: st.DrawFn) -> Users:
    orgs = draw(st.lists(st.sampled_from(["acme", "globex", "initech"]), min_size=1, max_size=3, unique=True))
    rows = draw(st.lists(st.tuples(v.uuids(), st.sampled_from(orgs), NAMES, v.mysql_timestamps()), max_size=12,
                         unique_by=lambda r: r[0]))  # fmt: skip
    return Users(tuple(User(i, org, f"user{n}@example.com", name, ts) for n, (i, org, name, ts) in enumerate(rows)))


def shapes() -> st.SearchStrategy[Users]:
    return _users()


def fixed_shape() -> Users:
    fake = Faker("en_US")
    fake.seed_instance(7)
    edge = ["Cher", "  Ana  Maria  de la Cruz ", None, "", "   ", "O'Brien \\ Jr.", "🧪 Lab", "x" * 255]
    names = [fake.name() for _ in range(12)] + edge
    users = [
        User(str(fake.uuid4()), ["acme", "globex"][n % 2], f"{fake.user_name()}{n}@example.com", name,
             fake.date_time_between(dt.datetime(2020, 1, 1), dt.datetime(2025, 1, 1)).replace(microsecond=n * 7 + 1))
        for n, name in enumerate(names)
    ]  # fmt: skip
    return Users(tuple(users))


def load(engines: dict[str, Engine], shape: Users) -> None:
    insert_rows(engines["mysql"], "users", COLUMNS, [tuple(getattr(u, c) for c in COLUMNS) for u in shape.users])


def app_writes(engines: dict[str, Engine]) -> None:
    """Sign-ups after the migration, through the old code path that only knows full_name."""
    now = dt.datetime(2026, 2, 1, 12, 0, 0, 5)
    rows = [(str(uuid.uuid5(uuid.NAMESPACE_URL, f"signup/{n}")), "acme", f"signup{n}@example.com", name, now)
            for n, name in enumerate(["New Person", None])]  # fmt: skip
    insert_rows(engines["mysql"], "users", COLUMNS, rows)


def bulk(engines: dict[str, Engine], scale: int) -> None:
    user_id = uuid_from("mysql", "CONCAT('user-', n.i)")
    engines["mysql"].execute(
        f"INSERT INTO users ({', '.join(COLUMNS)}) "
        f"SELECT {user_id}, CONCAT('org-', n.i % 37), CONCAT('u', n.i, '@x.io'), "
        "ELT(1 + n.i % 4, CONCAT('First', n.i, ' Last', n.i), CONCAT('Mono', n.i), NULL, "
        "CONCAT(' Two  Spaces ', n.i, ' ')), TIMESTAMP('2021-01-01') + INTERVAL n.i SECOND "
        f"FROM {mysql_numbers(scale)} n"
    )
