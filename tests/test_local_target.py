"""The zero-setup local target: round trips on both engines, isolation between runs, and cleanup - also
after the owning process is SIGKILLed."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from migration_harness.diffs import show_value
from migration_harness.engines.mysql import duplicate_key
from migration_harness.errors import HarnessError
from migration_harness.targets import LocalTarget

# Runs a LocalTarget in its own process: chdb allows one session per process, and a SIGKILL test needs a
# process to kill. Prints its facts as one JSON line, then (isolation mode) reports what it can see of
# another run's databases, named on stdin.
CHILD = """
import json, sys, time
from migration_harness.targets import LocalTarget
target = LocalTarget()
target.start()
mysql, ch = target.scratch("mysql", "iso"), target.scratch("clickhouse", "iso")
server = target._server
print(json.dumps({"port": server.port, "tmpdir": str(server.tmpdir), "chdb": target._chdb.path,
                  "server_pid": server.pid, "mysql": mysql.database,
                  "clickhouse": ch.database}), flush=True)
if sys.argv[1] == "sleep":
    time.sleep(120)
other = json.loads(sys.stdin.readline())
dbs = {r[0] for r in mysql.query("SHOW DATABASES")} | {r[0] for r in ch.query("SHOW DATABASES")}
print(json.dumps({"own": mysql.database in dbs and ch.database in dbs,
                  "other": other["mysql"] in dbs or other["clickhouse"] in dbs}), flush=True)
target.stop()
"""


def spawn(mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def read_json(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, f"child exited with {proc.wait()}"
    return json.loads(line)


def running(pid: int) -> bool:
    """Alive and not a zombie (a killed server lingers as one until its new parent reaps it)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def server_children() -> list[int]:
    """mariadbd/mysqld processes whose parent is this test process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        if int(rest[1]) == os.getpid() and comm in ("mariadbd", "mysqld"):
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def local() -> Iterator[LocalTarget]:
    target = LocalTarget()
    target.start()
    yield target
    target.stop()


def test_mysql_round_trip(local: LocalTarget) -> None:
    engine = local.scratch("mysql", "round trip")
    assert engine.database.startswith(f"mh_{local.run_token}_") and engine.database.endswith("_round_trip")
    engine.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))")
    engine.execute("INSERT INTO t VALUES (1, 'ä'), (2, NULL)")
    assert engine.query("SELECT id, name FROM t ORDER BY id") == [(1, "ä"), (2, None)]
    assert engine.tables() == ["t"]


def test_clickhouse_round_trip(local: LocalTarget) -> None:
    engine = local.scratch("clickhouse")
    engine.execute("CREATE TABLE t (id UInt32, name String) ENGINE = MergeTree ORDER BY id")
    engine.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
    assert engine.query("SELECT id, name FROM t ORDER BY id") == [(1, "a"), (2, "b")]
    assert engine.tables() == ["t"]


def test_a_key_the_collation_calls_equal_is_told_apart_from_other_errors(local: LocalTarget) -> None:
    """Hypothesis may generate keys 'a' and 'A' that a utf8mb4_unicode_ci primary key refuses as one: the
    properties suite skips such a shape (data production cannot hold) by telling that error from any other."""
    engine = local.scratch("mysql", "dupkey")
    engine.execute("CREATE TABLE k (id VARCHAR(8) COLLATE utf8mb4_unicode_ci PRIMARY KEY)")
    engine.execute("INSERT INTO k VALUES ('a')")
    errors = []
    for sql in ("INSERT INTO k VALUES ('A ')", "INSERT INTO k VALUES (NULL)", "INSERT INTO nowhere VALUES (1)"):
        with pytest.raises(Exception) as caught:
            engine.execute(sql)
        errors.append(caught.value)
    assert [duplicate_key(e) for e in errors] == [True, False, False]
    try:
        raise RuntimeError("seeding failed") from errors[0]
    except RuntimeError as wrapped:
        assert duplicate_key(wrapped)


def test_embedded_clickhouse_runs_mutations_with_a_servers_background_pool(local: LocalTarget) -> None:
    """chdb's pool of 2 left mutations (an ALTER ... DELETE of a test table written in many small blocks)
    one part at a time; the embedded engine runs with a ClickHouse server's default of 16."""
    ch = local.scratch("clickhouse", "pool")
    pool = ch.scalar("SELECT value FROM system.server_settings WHERE name = 'background_pool_size'")
    assert int(pool) == 16
    ch.execute(
        "CREATE TABLE t (a UInt32) ENGINE = MergeTree ORDER BY a SETTINGS max_bytes_to_merge_at_max_space_in_pool = 1"
    )
    for block in range(5):
        ch.execute(f"INSERT INTO t SELECT number FROM numbers({block * 10}, 10)")
    ch.execute("ALTER TABLE t DELETE WHERE a % 2 = 0 SETTINGS mutations_sync = 2")
    assert ch.scalar("SELECT count() FROM t") == 25
    local.release([ch])


def test_clickhouse_decimals_come_back_exact(local: LocalTarget) -> None:
    """As clickhouse-connect and PyMySQL give them: a float would print -99999999999999.9999 as -1e14 in a
    failure message."""
    engine = local.scratch("clickhouse", "decimals")
    row = engine.query("SELECT toDecimal64('-99999999999999.9999', 4), CAST(NULL AS Nullable(Decimal(9, 2))), 1.5")
    assert row == [(Decimal("-99999999999999.9999"), None, 1.5)]
    assert show_value(row[0][0]) == "-99999999999999.9999"


def test_binary_values_that_are_not_text_show_as_hex(local: LocalTarget) -> None:
    """A BIT or a BINARY(16) UUID came out of PyMySQL as bytes and was shown as '\\x01' or replacement marks."""
    engine = local.scratch("mysql", "binary")
    bit, uuid16, text = engine.query("SELECT b'1', UNHEX('0102FE'), CAST('naïve' AS BINARY)")[0]
    assert [show_value(bit), show_value(uuid16), show_value(text)] == ["0x01", "0x0102FE", "'naïve'"]


def test_dates_times_uuids_and_addresses_show_as_the_databases_print_them(local: LocalTarget) -> None:
    """A failure message is read by a reviewer: '2024-05-31', not datetime.date(2024, 5, 31)."""
    mysql, ch = local.scratch("mysql", "shown"), local.scratch("clickhouse", "shown")
    day, moment, duration = mysql.query(
        "SELECT DATE '2024-05-31', TIMESTAMP '2024-05-31 12:30:00.25', TIME '26:00:00'"
    )[0]
    assert [show_value(day), show_value(moment), show_value(duration)] == [
        "'2024-05-31'",
        "'2024-05-31 12:30:00.250000'",
        "'26:00:00'",
    ]
    assert show_value(-dt.timedelta(seconds=1.5)) == "'-0:00:01.500000'"
    assert show_value(uuid.UUID("8f14e45f-ceea-467a-9575-0f5b1d4a8c11")) == "'8f14e45f-ceea-467a-9575-0f5b1d4a8c11'"
    assert show_value(ipaddress.ip_address("::ffff:192.0.2.1")) == "'::ffff:192.0.2.1'"
    assert show_value(ch.scalar("SELECT toDate('2024-05-31')")) == "'2024-05-31'"
    local.release([mysql, ch])


def test_clickhouse_catalogue_reads_are_answered_from_memory_until_a_definition_may_change(
    local: LocalTarget,
) -> None:
    """Checks ask the same tables and columns several times (2-4 ms a read in chdb): such a read is kept, and
    forgotten on any statement that may change a definition, in any database of the session."""
    engine, other = local.scratch("clickhouse", "catalogue"), local.scratch("clickhouse", "catalogue other")
    engine.execute("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id")
    assert [c.name for c in engine.columns("t")] == ["id"]
    session = engine._session  # type: ignore[attr-defined]
    assert any("system.columns" in sql for _, sql in session._catalogue)
    engine.execute("INSERT INTO t VALUES (1)")  # rows change no definition: still kept
    engine.execute("ALTER TABLE t DELETE WHERE id = 9 SETTINGS mutations_sync = 2")  # nor does a row mutation
    assert any("system.columns" in sql for _, sql in session._catalogue)
    engine.execute("ALTER TABLE t DELETE WHERE 0, ADD COLUMN gone UInt8")  # one ALTER, two actions
    assert [c.name for c in engine.columns("t")] == ["id", "gone"]
    engine.execute("ALTER TABLE t DROP COLUMN gone")
    other.execute(f"ALTER TABLE {engine.database}.t ADD COLUMN name String")  # from another database
    assert [c.name for c in engine.columns("t")] == ["id", "name"]
    engine.execute("CREATE TABLE u (id UInt32) ENGINE = MergeTree ORDER BY id")
    assert engine.tables() == ["t", "u"]
    engine.execute("/* a comment first */ DROP TABLE u")
    assert engine.tables() == ["t"]
    other.execute("CREATE TABLE v (id UInt32) ENGINE = MergeTree ORDER BY id")  # names no other database
    assert any(db == engine.database for db, _ in session._catalogue)
    # A copy made elsewhere reads this database (a snapshot) and changes no definition here.
    other.execute(f"CREATE TABLE w ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM {engine.database}.t")
    assert any(db == engine.database for db, _ in session._catalogue)
    assert other.tables() == ["v", "w"]
    other.execute(f"CREATE TABLE `{engine.database}`.x (id UInt8) ENGINE = Memory")  # created here, from there
    assert engine.tables() == ["t", "x"]
    engine.execute("DROP TABLE x")
    assert engine.tables() == ["t"]
    local.release([other])  # DROP DATABASE of another one
    assert any(db == engine.database for db, _ in session._catalogue)
    # Sizes and row counts are never kept: they change with every insert.
    rows = f"SELECT total_rows FROM system.tables WHERE database = '{engine.database}' AND name = 't'"
    assert engine.scalar(rows) == 1
    engine.execute("INSERT INTO t VALUES (2, 'b')")
    assert engine.scalar(rows) == 2


def test_the_throwaway_server_is_reached_without_tls(local: LocalTarget) -> None:
    """PyMySQL prepares TLS for every connection unless told not to (36 ms here, for a server on the
    loopback that this process started); a live target keeps the driver's default."""
    engine = local.scratch("mysql", "tls")
    assert engine._conn.driver_connection.ssl is False  # type: ignore[attr-defined]
    assert engine.sibling()._conn.driver_connection.ssl is False  # type: ignore[attr-defined]


def test_a_clickhouse_only_migration_starts_no_mysql_server(tmp_path: Path) -> None:
    """Only the spec's kinds start: a ClickHouse-only migration runs where no MySQL server is installed (here
    the configured binary does not exist), and the header names only the engine it uses."""
    target = LocalTarget(mysqld=str(tmp_path / "no-mysqld"), kinds=("clickhouse",))
    target.start()
    try:
        assert list(target.describe()) == ["clickhouse"]
        assert target.scratch("clickhouse", "only").scalar("SELECT 1") == 1
        with pytest.raises(HarnessError, match="no-mysqld"):  # asked for after all: started then, or one error
            target.scratch("mysql")
    finally:
        target.stop()


def test_scratch_names_unique_and_describe(local: LocalTarget) -> None:
    names = {local.scratch(d, "same").database for d in ("mysql", "mysql", "clickhouse")}
    assert len(names) == 3
    described = local.describe()
    assert described["mysql"].startswith("MariaDB ") or described["mysql"].startswith("MySQL ")
    assert described["clickhouse"].endswith("(chdb, embedded)")
    assert ":3306" not in described["mysql"]  # never the machine's shared server


def test_two_runs_never_see_each_other() -> None:
    first, second = spawn("isolate"), spawn("isolate")
    try:
        a, b = read_json(first), read_json(second)
        assert a["port"] != b["port"] and a["tmpdir"] != b["tmpdir"] and a["chdb"] != b["chdb"]
        assert {a["mysql"], a["clickhouse"]}.isdisjoint({b["mysql"], b["clickhouse"]})
        for proc, other in ((first, b), (second, a)):
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(other) + "\n")
            proc.stdin.flush()
        assert read_json(first) == read_json(second) == {"own": True, "other": False}
        assert first.wait(timeout=30) == second.wait(timeout=30) == 0
    finally:
        for proc in (first, second):
            proc.kill()
            proc.wait()
    for facts in (a, b):
        assert not Path(facts["tmpdir"]).exists() and not Path(facts["chdb"]).exists()


def test_reaper_cleans_up_after_sigkill() -> None:
    child = spawn("sleep")
    try:
        facts = read_json(child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    tmpdir, chdb, server_pid = Path(facts["tmpdir"]), Path(facts["chdb"]), facts["server_pid"]
    deadline = time.monotonic() + 15
    while (running(server_pid) or tmpdir.exists() or chdb.exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running(server_pid), "server outlived its SIGKILLed owner"
    assert not tmpdir.exists(), "temp dir outlived its SIGKILLed owner"
    assert not chdb.exists(), "chdb's temp dir outlived its SIGKILLed owner"


def test_stop_leaves_no_server_and_no_temp_dir(local: LocalTarget) -> None:
    # Runs last in this module: it stops the shared target (the fixture's stop() is then a no-op).
    assert local._server is not None
    tmpdir, pid = local._server.tmpdir, local._server.pid  # type: ignore[union-attr]
    before = server_children()  # may include the session's shared server from conftest
    assert pid in before
    local.stop()
    assert server_children() == [child for child in before if child != pid]
    assert not running(pid)
    assert not tmpdir.exists()


def test_second_server_starts_from_the_cached_datadir_template(tmp_path: Path) -> None:
    """The first server of a binary bootstraps its datadir (seconds, named time zones loaded) and keeps a
    pristine copy in the user's cache; later ones copy it. Each copy is a server of its own: a write in one is
    not in the other."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    script = (
        "import sys, time\n"
        "from migration_harness.engines.mysql import MySQLEngine\n"
        "from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary\n"
        "server = ThrowawayMySQLServer(find_server_binary())\n"
        "began = time.monotonic(); server.start(); took = time.monotonic() - began\n"
        "engine = MySQLEngine(server.url + 'mysql')\n"
        "seen = engine.scalar(\"SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'marker'\")\n"
        "zoned = engine.scalar(\"SELECT CONVERT_TZ('2024-07-01 12:00:00', 'Europe/Paris', 'UTC')\")\n"
        "engine.execute('CREATE DATABASE marker'); engine.close(); server.stop()\n"
        "print(f'{took:.2f} {seen} {zoned:%H:%M}')\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]  # fmt: skip
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    (first, first_seen, first_zoned), (second, second_seen, second_zoned) = (r.stdout.split() for r in runs)
    templates = list((tmp_path / "migration-harness").glob("datadir-*"))
    assert len(templates) == 1 and (templates[0] / "complete").is_file(), templates
    assert first_seen == second_seen == "0"  # the template is pristine: the first server's write is not in it
    # Named time zones are loaded, as on production servers: else CONVERT_TZ is NULL and a wrong zone passes.
    assert first_zoned == second_zoned == "10:00"
    print(f"start-up: bootstrap {first} s, from the template {second} s")


def test_reaper_cleans_up_when_killed_during_bootstrap(tmp_path: Path) -> None:
    script = (
        "from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary\n"
        "server = ThrowawayMySQLServer(find_server_binary())\n"
        "print(server.tmpdir, flush=True)\n"
        "server.start()\n"
        "import time; time.sleep(120)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # no datadir template yet: a real bootstrap
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout is not None
        tmpdir = Path(child.stdout.readline().strip())
        time.sleep(0.4)  # inside the datadir bootstrap, which takes about a second
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 15
    while tmpdir.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not tmpdir.exists(), "temp dir outlived an owner killed during the bootstrap"
