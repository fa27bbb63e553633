"""A tiny seed for the harness's own tests: a few users and events, some duplicated unmerged."""

from __future__ import annotations

from hypothesis import strategies as st

Shape = tuple[tuple[tuple[int, str, str | None], ...], tuple[tuple[int, str, str, int], ...]]


def shapes() -> st.SearchStrategy[Shape]:
    teams = st.sampled_from(["red", "blue", "o'neil"])
    users = st.lists(st.tuples(st.integers(1, 50), teams, st.none() | st.text(max_size=5)), unique_by=lambda u: u[0])
    events = st.lists(st.tuples(st.integers(1, 50), teams, st.text(max_size=5), st.integers(0, 10**9)), max_size=10)
    return st.tuples(users.map(tuple), events.map(tuple))


def fixed_shape() -> Shape:
    users = ((1, "red", "Ann"), (2, "blue", None), (3, "red", "Bo 'the' \\ Li"))
    events = ((1, "red", "a", 5), (1, "red", "b", 7), (2, "blue", "c", 123456789))
    return users, events


def _lit(value: object) -> str:
    if value is None:
        return "NULL"
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def load(engines, shape: Shape) -> None:
    users, events = shape
    for uid, team, name in users:
        engines["mysql"].execute(
            f"INSERT INTO users VALUES ({uid}, {_lit(team)}, {_lit(name)}, '2020-01-01 00:00:00.{uid:06d}')"
        )
    for eid, team, payload, nanos in events:  # one INSERT per row: duplicates land in separate parts
        engines["clickhouse"].execute(
            f"INSERT INTO events VALUES ({eid}, {_lit(team)}, {_lit(payload)}, "
            f"toDateTime64('2021-01-01 00:00:00', 9, 'UTC') + toIntervalNanosecond({nanos}))"
        )


def app_writes(engines) -> None:
    engines["mysql"].execute("INSERT INTO users VALUES (1000, 'green', 'new', '2024-01-01 00:00:00')")
    engines["clickhouse"].execute("INSERT INTO events VALUES (1000, 'green', 'new', '2024-01-01 00:00:00.123456789')")


def bulk(engines, scale: int) -> None:
    """Volume written inside the engines: ``scale`` users and events, a newer version of every 10th event."""
    engines["mysql"].execute(
        "INSERT INTO users SELECT seq, ELT(1 + seq % 3, 'red', 'blue', 'o''neil'), IF(seq % 7 = 0, NULL, "
        f"CONCAT('user ', seq)), TIMESTAMP '2020-01-01 00:00:00' + INTERVAL seq SECOND FROM seq_1_to_{scale}"
    )
    events = (
        "SELECT number + 1, ['red', 'blue', 'o''neil'][1 + number % 3], toString(number), "
        "toDateTime64('2021-01-01 00:00:00', 9, 'UTC') + toIntervalSecond(number) FROM numbers({})"
    )
    engines["clickhouse"].execute(f"INSERT INTO events {events.format(scale)}")
    engines["clickhouse"].execute(f"INSERT INTO events {events.format(scale)} WHERE number % 10 = 0")
