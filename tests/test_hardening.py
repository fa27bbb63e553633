"""Faults a hostile or unlucky user meets on live servers: secrets, read-only, hangs, lost servers, leftovers.

Each test reproduces the fault against a real server (a throwaway MariaDB standing in for the live one) and
checks the one message the user gets.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_spec import TINY, mysql_only

from migration_harness.config import TargetConfig, parse_clickhouse_url, redact
from migration_harness.engines.mysql import MySQLEngine
from migration_harness.errors import HarnessError
from migration_harness.targets import LiveTarget, LocalTarget, preflight
from migration_harness.targets.processes import ThrowawayMySQLServer, find_server_binary

CANARY = "Cn4ry-7f3e9"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


@pytest.fixture
def tiny(pytester: pytest.Pytester) -> Path:
    target = pytester.path / "tiny"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def server() -> Iterator[ThrowawayMySQLServer]:
    """A server of the test's own: some tests kill it."""
    srv = ThrowawayMySQLServer(find_server_binary())
    srv.start()
    yield srv
    srv.stop()


def root(port: int, database: str = "mysql") -> MySQLEngine:
    return MySQLEngine(f"mysql://root@127.0.0.1:{port}/{database}")


def migrator(database: str) -> str:
    """The user :func:`migrated_live_database` made for ``database`` (its own: servers are shared by tests)."""
    return f"migrator_{database.removeprefix('live_')}"


def migrated_live_database(port: int, tiny: Path, password: str = CANARY) -> str:
    """A 'live' database migrated by the harness's runner, and a user with rights on it alone."""
    from migration_harness.liquibase import NativeRunner, load_changelog

    name = f"live_{uuid.uuid4().hex[:8]}"
    user = migrator(name)
    admin = root(port)
    admin.execute(f"CREATE DATABASE {name}")
    admin.execute(f"CREATE USER IF NOT EXISTS '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'")
    admin.execute(f"GRANT ALL ON {name}.* TO '{user}'@'127.0.0.1'")
    admin.close()
    live = root(port, name)
    runner = NativeRunner(live, load_changelog(tiny / "mysql.sql"))
    runner.update_count(1)
    for uid, team in ((1, "red"), (2, "blue"), (3, "red")):
        live.execute(f"INSERT INTO users VALUES ({uid}, '{team}', NULL, '2020-01-01 00:00:00.{uid:06d}')")
    runner.update()
    live.close()
    return name


# --- 1. secrets ---------------------------------------------------------------------------------------------


def test_redact_hides_passwords_in_userinfo_and_credential_query_parameters() -> None:
    url = f"mysql://app:{CANARY}@db:3306/app?charset=utf8mb4&password={CANARY}&access_token={CANARY}&ssl_key=k"
    shown = redact(url)
    assert CANARY not in shown
    assert shown.startswith("mysql://app:***@db:3306/app?charset=utf8mb4&password=***&access_token=***")
    with pytest.raises(ValueError) as info:
        parse_clickhouse_url(f"https://u@ch:8443/db?access_token={CANARY}")
    assert CANARY not in str(info.value)


@pytest.mark.parametrize("where", ["userinfo", "query"])
def test_canary_password_appears_in_no_output(
    pytester: pytest.Pytester, tiny: Path, mysql_server: ThrowawayMySQLServer, where: str
) -> None:
    """Header, failures with locals, the verdict, HTML, JUnit XML and a DEBUG log file: no canary anywhere."""
    port = mysql_server.port
    name = migrated_live_database(port, tiny)
    url = {
        "userinfo": f"mysql://{migrator(name)}:{CANARY}@127.0.0.1:{port}/{name}",
        "query": f"mysql://{migrator(name)}@127.0.0.1:{port}/{name}?password={CANARY}",
    }[where]
    pytester.makefile(".toml", **{"migration-harness": f'[targets.staging]\nmysql = "{url}"\n'})
    live = root(port, name)
    live.execute("UPDATE profiles SET team = 'blue' WHERE id = 3")  # a broken migration: failures get printed
    live.close()
    spec = mysql_only(tiny)
    html, xml, log = (pytester.path / f for f in ("r.html", "r.xml", "r.log"))
    result = run(
        pytester, "--migration", str(spec), "--target", "staging", "-v", "-l", "--html", str(html),
        "--junitxml", str(xml), "--log-file", str(log), "--log-file-level", "DEBUG",
    )  # fmt: skip
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()
    result.stdout.fnmatch_lines(["*mysql: MariaDB * (mysql://migrator_*@127.0.0.1:*", "NO-GO: *"])
    outputs = [result.stdout.str(), result.stderr.str(), html.read_text(), xml.read_text(), log.read_text()]
    assert all(CANARY not in text for text in outputs)

    # The wrong password: an error about the target, still without the (wrong) secret.
    bad = url.replace(CANARY, CANARY + "x")
    pytester.makefile(".toml", **{"migration-harness": f'[targets.staging]\nmysql = "{bad}"\n'})
    result = run(pytester, "--migration", str(spec), "--target", "staging")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*target 'staging': cannot connect to mysql at *Access denied*"])
    assert CANARY not in result.stdout.str() + result.stderr.str()
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


# --- 2. read-only enforced by the server --------------------------------------------------------------------


def test_read_only_target_is_read_only_in_the_server_itself(
    pytester: pytest.Pytester, tiny: Path, server: ThrowawayMySQLServer
) -> None:
    """A target_filter calling a function that writes: the server refuses the write, the general log shows the
    session was opened read-only before the harness's first read."""
    port = server.port
    name = migrated_live_database(port, tiny)
    admin = root(port, name)
    admin.execute("CREATE TABLE audit (n INT)")
    admin.execute(
        "CREATE FUNCTION touch() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO audit VALUES (1); RETURN 1; END"
    )
    general = server.tmpdir / "general.log"
    admin.execute(f"SET GLOBAL general_log_file = '{general}'")
    admin.execute("SET GLOBAL general_log = 1")
    spec = mysql_only(tiny)
    spec.write_text(
        spec.read_text().replace("target_filter = \"origin = 'migration'\"", 'target_filter = "touch() = 1"')
    )
    pytester.makefile(
        ".toml",
        **{
            "migration-harness": f'[targets.staging]\nmysql = "mysql://{migrator(name)}:{CANARY}@127.0.0.1:{port}/{name}"\n'
        },
    )
    result = run(pytester, "--migration", str(spec), "--target", "staging", "--suite", "parity")
    admin.execute("SET GLOBAL general_log = 0")
    assert admin.scalar("SELECT COUNT(*) FROM audit") == 0
    admin.close()
    log = general.read_text()
    assert "SET SESSION TRANSACTION READ ONLY" in log
    calls = [line for line in log.splitlines() if "touch()" in line]
    assert calls, "the spec's filter never reached the server"
    assert "Cannot execute statement in a READ ONLY transaction" in result.stdout.str()
    assert result.ret != pytest.ExitCode.OK


def test_clickhouse_readonly_2_refuses_writes_and_ddl_but_not_reads(local_target: LocalTarget) -> None:
    """What a read-only ClickHouse session sends with every query (``readonly = 2``), on the real engine: no
    ClickHouse server is reachable here, so the setting's effect is shown in chdb."""
    engine = local_target.scratch("clickhouse", "readonly")
    engine.execute("CREATE TABLE t (x Int32) ENGINE = MergeTree ORDER BY x")
    for sql in ("INSERT INTO t SETTINGS readonly = 2 VALUES (1)",
                "CREATE TABLE u (x Int32) ENGINE = Memory SETTINGS readonly = 2"):  # fmt: skip
        with pytest.raises(Exception, match="Cannot execute query in readonly mode"):
            engine.execute(sql)
    assert engine.scalar("SELECT count() FROM t SETTINGS readonly = 2, max_threads = 1") == 0
    local_target.release([engine])


# --- 3. no hang ---------------------------------------------------------------------------------------------


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and then never says a word (like an HTTP server waiting for a request)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.mark.parametrize("kind", ["mysql", "clickhouse"])
def test_port_that_never_speaks_fails_within_connect_timeout(silent_port: int, kind: str) -> None:
    url = {
        "mysql": f"mysql://u:{CANARY}@127.0.0.1:{silent_port}/app",
        "clickhouse": f"http://u:{CANARY}@127.0.0.1:{silent_port}/db",
    }
    config = TargetConfig(name="staging", connect_timeout=2, **{kind: url[kind]})  # type: ignore[arg-type]
    started = time.monotonic()
    with pytest.raises(HarnessError) as info:
        LiveTarget(config).start()
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert f"target 'staging': cannot connect to {kind} at" in message
    assert "no answer within connect_timeout = 2 s" in message
    assert CANARY not in message


def test_http_server_on_the_mysql_port_is_one_clear_error(tmp_path: Path) -> None:
    http = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"], cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert http.stdout is not None
        line = http.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
        port = int(line.split(" port ")[1].split()[0])
        config = TargetConfig(name="staging", mysql=f"mysql://u@127.0.0.1:{port}/app", connect_timeout=2)
        started = time.monotonic()
        with pytest.raises(HarnessError) as info:
            LiveTarget(config).start()
        assert time.monotonic() - started < 10
        assert "does not speak the mysql protocol" in str(info.value)
    finally:
        http.terminate()
        http.wait()


def test_timeouts_are_configurable_and_checked(tmp_path: Path) -> None:
    from migration_harness.config import load_settings

    (tmp_path / "migration-harness.toml").write_text(
        '[targets.s]\nmysql = "mysql://u@h/app"\nconnect_timeout = 3\nquery_timeout = 7200\nleftovers = "list"\n'
    )
    target = load_settings(tmp_path).targets["s"]
    assert (target.connect_timeout, target.query_timeout, target.leftovers) == (3.0, 7200.0, "list")
    (tmp_path / "migration-harness.toml").write_text('[targets.s]\nmysql = "mysql://u@h/app"\nquery_timeout = 0\n')
    with pytest.raises(HarnessError, match=r"targets.s.query_timeout: must be a number of seconds above 0, got 0"):
        load_settings(tmp_path)


# --- 4. a lost server -------------------------------------------------------------------------------------

KILLER = """
import os, signal, time
from migration_harness.session import get_harness

class Killer:
    done = False
    def pytest_runtest_setup(self, item):
        if "parity.py::" in item.nodeid and not self.done:
            self.done = True
            os.kill(int(os.environ["MH_KILL_PID"] or get_harness(item.config).target()._server.pid),
                    signal.SIGKILL)
            time.sleep(0.5)

def pytest_configure(config):
    config.pluginmanager.register(Killer())
"""


@pytest.mark.parametrize("target", ["local", "live"])
def test_lost_server_fails_checks_clearly_and_every_report_is_written(
    pytester: pytest.Pytester, tiny: Path, server: ThrowawayMySQLServer, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    pytester.makeconftest(KILLER)
    args = ["--migration", str(tiny / "spec.toml"), "--suite", "parity", "--suite", "integrity"]
    if target == "live":
        name = migrated_live_database(server.port, tiny)
        spec = mysql_only(tiny)
        url = f"mysql://{migrator(name)}:{CANARY}@127.0.0.1:{server.port}/{name}"
        pytester.makefile(".toml", **{"migration-harness": f'[targets.staging]\nmysql = "{url}"\n'})
        args = ["--migration", str(spec), "--target", "staging", "--suite", "parity", "--suite", "integrity"]
        assert server.pid is not None
        monkeypatch.setenv("MH_KILL_PID", str(server.pid))
    else:
        monkeypatch.setenv("MH_KILL_PID", "")
    html, xml = pytester.path / "r.html", pytester.path / "r.xml"
    result = run(pytester, *args, "--html", str(html), "--junitxml", str(xml))
    out = result.stdout.str() + result.stderr.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED, out
    lost = {  # the local run loses its open connection; the live one finds the server gone when it reconnects
        "local": "could not finish: MySQL: *the server stopped or the network dropped*",
        "live": "target 'staging': cannot connect to mysql at mysql://migrator_*:***@*Connection refused*",
    }[target]
    result.stdout.fnmatch_lines([lost, "NO-GO: *"])
    assert "Traceback" not in out and "InterfaceError" not in out
    words = {"local": "the server stopped or the network dropped", "live": "Connection refused"}[target]
    assert words in html.read_text() and words in xml.read_text()
    if target == "local":  # the harness's own server: why it went, from the process and its error log
        assert "was killed by signal 9 (SIGKILL); its error log ends:" in out, out


def test_a_dead_server_is_not_signalled_again_on_stop(
    server: ThrowawayMySQLServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a killed server is reaped its pid is free (pid_max can be 32768): stopping must not signal that
    pid's process group, which may by then be another run's server."""
    pid = server.pid
    assert pid is not None and server._process is not None
    os.kill(pid, signal.SIGKILL)
    server._process.wait()
    assert "was killed by signal 9 (SIGKILL)" in server.exit_note()
    signalled: list[int] = []
    real_killpg = os.killpg
    monkeypatch.setattr(os, "killpg", lambda group, sig: signalled.append(group) or real_killpg(group, sig))
    server.stop()
    assert pid not in signalled


def test_the_server_carries_no_tag_another_process_could_kill_it_by(monkeypatch: pytest.MonkeyPatch) -> None:
    """mirakuru's exit hook, run by every Python process that imports it, SIGKILLs each process whose
    ``mirakuru_uuid`` merely contains the exiting process's pid: it killed xdist workers' session servers in
    CI. The server carries no such tag, not even one the harness inherited from a parent."""
    monkeypatch.setenv("mirakuru_uuid", f"{os.getpid()}:inherited")
    server = ThrowawayMySQLServer(find_server_binary())
    server.start()
    try:
        assert server.pid is not None
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        assert [entry for entry in environ if entry.startswith(b"mirakuru_uuid=")] == []
        root(server.port).query("SELECT 1")
    finally:
        server.stop()
    assert server.pid is None and not server.tmpdir.exists()


# --- 5. no leftovers on live servers ------------------------------------------------------------------------

SCRATCH = """
import os, signal, sys
from migration_harness.config import TargetConfig
from migration_harness.targets import LiveTarget
target = LiveTarget(TargetConfig(name="sandbox", mysql=sys.argv[1], destructive=True), allow_destructive=True)
target.start()
target.scratch("mysql", "orders")
target.scratch("mysql", "snapshot")
print(target.run_token, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def scratch_databases(port: int) -> set[str]:
    admin = root(port)
    try:
        return {
            r[0] for r in admin.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA") if r[0].startswith("mh_")
        }
    finally:
        admin.close()


@pytest.mark.parametrize("leftovers", ["drop", "list"])
def test_scratch_databases_of_a_killed_run_are_found_and_dropped_or_listed(
    server: ThrowawayMySQLServer, leftovers: str
) -> None:
    url = f"mysql://root@127.0.0.1:{server.port}/mysql"
    killed = subprocess.run([sys.executable, "-c", SCRATCH, url], capture_output=True, text=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    token = killed.stdout.strip()
    left = scratch_databases(server.port)
    assert left == {f"mh_{token}_owner", f"mh_{token}_0_orders", f"mh_{token}_1_snapshot"}

    config = TargetConfig(name="sandbox", mysql=url, destructive=True, leftovers=leftovers)
    target = LiveTarget(config, allow_destructive=True)
    target.start()
    try:
        assert len(target.notes) == 1
        note = target.notes[0]
        assert f"left by run {token} on host {socket.gethostname()}" in note and "whose process is gone" in note
        mine = {f"mh_{target.run_token}_owner"}
        if leftovers == "drop":
            assert "dropped 3 scratch database(s)" in note
            assert scratch_databases(server.port) == mine
        else:
            assert f"drop them with: DROP DATABASE IF EXISTS `mh_{token}_0_orders`" in note
            assert scratch_databases(server.port) == left | mine
    finally:
        target.stop()
    assert scratch_databases(server.port) == (set() if leftovers == "drop" else left)


def test_a_running_owner_is_left_alone(server: ThrowawayMySQLServer) -> None:
    config = TargetConfig(name="sandbox", mysql=f"mysql://root@127.0.0.1:{server.port}/mysql", destructive=True)
    first, second = LiveTarget(config, allow_destructive=True), LiveTarget(config, allow_destructive=True)
    first.start()
    try:
        first.scratch("mysql", "busy")
        second.start()
        assert second.notes == []
        assert f"mh_{first.run_token}_0_busy" in scratch_databases(server.port)
        second.stop()
    finally:
        first.stop()
    assert scratch_databases(server.port) == set()


def test_sigterm_drops_scratch_databases_like_ctrl_c(
    pytester: pytest.Pytester, tiny: Path, server: ThrowawayMySQLServer
) -> None:
    pytester.makefile(
        ".toml",
        **{"migration-harness": f'[targets.sandbox]\nmysql = "mysql://root@127.0.0.1:{server.port}/mysql"\n'
           "destructive = true\n"},
    )  # fmt: skip
    pytester.makeconftest(
        textwrap.dedent("""
        import time
        class Slow:
            def pytest_runtest_call(self, item):
                if "rollback.py::" in item.nodeid:
                    print("SLOW", flush=True)
                    time.sleep(60)
        def pytest_configure(config):
            config.pluginmanager.register(Slow())
        """)
    )
    spec = mysql_only(tiny)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-s", "--migration", str(spec), "--target",
         "sandbox", "--allow-destructive", "--suite", "rollback"],
        cwd=pytester.path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if "SLOW" in line:
            break
    assert scratch_databases(server.port), "the run made no scratch databases before the signal"
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=60)[0]
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, out
    assert "KeyboardInterrupt" in out or "stopped by signal" in out
    assert scratch_databases(server.port) == set()


# --- 7. server-side problems found at start ----------------------------------------------------------------


def test_user_without_read_privileges_is_one_error_listing_the_tables(
    pytester: pytest.Pytester, tiny: Path, mysql_server: ThrowawayMySQLServer
) -> None:
    port = mysql_server.port
    name = migrated_live_database(port, tiny)
    user = f"reader{uuid.uuid4().hex[:6]}"
    admin = root(port)
    admin.execute(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{CANARY}'")
    admin.execute(f"GRANT SELECT ON {name}.users TO '{user}'@'127.0.0.1'")  # not profiles
    admin.close()
    pytester.makefile(
        ".toml",
        **{"migration-harness": f'[targets.staging]\nmysql = "mysql://{user}:{CANARY}@127.0.0.1:{port}/{name}"\n'},
    )
    result = run(pytester, "--migration", str(mysql_only(tiny)), "--target", "staging")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*target 'staging' mysql: user '{user}' may not read profiles in database *"])
    assert "Traceback" not in result.stderr.str() and CANARY not in result.stdout.str() + result.stderr.str()


def test_writable_target_without_create_privilege_is_one_clear_error(mysql_server: ThrowawayMySQLServer) -> None:
    port = mysql_server.port
    user = f"nocreate{uuid.uuid4().hex[:6]}"
    admin = root(port)
    admin.execute(f"CREATE USER '{user}'@'127.0.0.1'")
    admin.execute(f"GRANT SELECT ON mysql.* TO '{user}'@'127.0.0.1'")
    admin.close()
    config = TargetConfig(name="sandbox", mysql=f"mysql://{user}@127.0.0.1:{port}/mysql", destructive=True)
    with pytest.raises(HarnessError) as info:
        LiveTarget(config, allow_destructive=True).start()
    assert "target 'sandbox': cannot create its mh_* scratch databases: (1044) Access denied" in str(info.value)
    assert "needs CREATE, DROP" in str(info.value)


def test_server_older_than_the_harness_supports_names_version_and_minimum(
    mysql_server: ThrowawayMySQLServer, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migration_harness.spec import load_spec

    name = migrated_live_database(mysql_server.port, tiny)
    spec = load_spec(mysql_only(tiny))
    target = LiveTarget(TargetConfig(name="old", mysql=f"mysql://root@127.0.0.1:{mysql_server.port}/{name}"))
    target.start()
    try:
        preflight.check(target, spec)  # 10.11 is new enough
        monkeypatch.setitem(preflight.MINIMUM, "MariaDB", (99, 1))
        with pytest.raises(HarnessError) as info:
            preflight.check(target, spec)
    finally:
        target.stop()
    assert "target 'old' mysql: MariaDB 10.11" in str(info.value)
    assert "older than the oldest MariaDB the harness supports, 99.1" in str(info.value)
    assert (
        preflight.too_old("MySQL 5.6.51") == "MySQL 5.6.51 is older than the oldest MySQL the harness supports, 5.7.8"
    )
    assert preflight.too_old("ClickHouse 24.8.1.1") is None


def test_target_without_a_url_for_a_declared_database_is_one_usage_error(
    pytester: pytest.Pytester, tiny: Path, mysql_server: ThrowawayMySQLServer
) -> None:
    name = migrated_live_database(mysql_server.port, tiny)
    pytester.makefile(
        ".toml",
        **{"migration-harness": f'[targets.staging]\nmysql = "mysql://root@127.0.0.1:{mysql_server.port}/{name}"\n'},
    )
    result = run(pytester, "--migration", str(tiny / "spec.toml"), "--target", "staging")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*target 'staging' has no clickhouse URL, but the spec spec.toml declares [[]databases.clickhouse]: set "
         "migration-harness.toml: targets.staging.clickhouse*"]
    )  # fmt: skip
    assert result.stdout.str().count("ERROR") == 0


# --- 8. where the settings come from ----------------------------------------------------------------------


def test_settings_lookup_order(pytester: pytest.Pytester, tiny: Path, mysql_server: ThrowawayMySQLServer) -> None:
    """The rootdir's (here the working directory's) file wins over one beside a spec elsewhere; --harness-config
    names one explicitly; the header names the file used."""
    elsewhere = pytester.path / "elsewhere"
    elsewhere.mkdir()
    shutil.move(tiny, elsewhere / "tiny")
    spec = mysql_only(elsewhere / "tiny")
    name = migrated_live_database(mysql_server.port, elsewhere / "tiny")
    good = f'[targets.staging]\nmysql = "mysql://root@127.0.0.1:{mysql_server.port}/{name}"\n'
    (elsewhere / "migration-harness.toml").write_text('[targets.staging]\nmysql = "mysql://root@127.0.0.1:1/nowhere"\n')
    pytester.makefile(".toml", **{"migration-harness": good})
    args = ["--migration", str(spec), "--target", "staging", "--suite", "static", "--allow-unverified"]
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines([f"  settings: {pytester.path / 'migration-harness.toml'}"])

    explicit = run(pytester, *args, "--harness-config", str(elsewhere / "migration-harness.toml"))
    assert explicit.ret == pytest.ExitCode.USAGE_ERROR
    explicit.stderr.fnmatch_lines(["*target 'staging': cannot connect to mysql at mysql://root@127.0.0.1:1/nowhere*"])
    missing = run(pytester, *args, "--harness-config", "nope.toml")
    missing.stderr.fnmatch_lines([f"*--harness-config {pytester.path / 'nope.toml'}: no such file*"])
