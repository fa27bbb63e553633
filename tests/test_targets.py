"""Target resolution, the live target against a throwaway server, and the containers target's set-up logic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import port_for
import pytest

from migration_harness.config import ContainerSettings, LocalSettings, Settings, TargetConfig, load_settings
from migration_harness.engines.mysql import MySQLEngine
from migration_harness.errors import HarnessError
from migration_harness.targets import (
    KNOWN_BUILTIN,
    ContainersTarget,
    LiveTarget,
    LocalTarget,
    UnknownTarget,
    resolve_target,
)
from migration_harness.targets.containers import clickhouse_admin_url, mysql_admin_url
from migration_harness.targets.live import short_reason
from migration_harness.targets.processes import ThrowawayMySQLServer

SECRET = "Tr0ub4dor-live"


# --- resolution -------------------------------------------------------------------------------------------


def test_resolve_builtins_and_configured() -> None:
    staging = TargetConfig(name="staging", mysql="mysql://u@h/app", destructive=True)
    settings = Settings(
        targets={"staging": staging}, containers=ContainerSettings(mysql_image="mysql:8.4"),
        local=LocalSettings(mysqld="/opt/mysqld"),
    )  # fmt: skip
    local = resolve_target("local", settings, allow_destructive=False)
    assert isinstance(local, LocalTarget) and local._mysqld == "/opt/mysqld"
    containers = resolve_target("containers", settings, allow_destructive=False)
    assert isinstance(containers, ContainersTarget) and containers.settings.mysql_image == "mysql:8.4"
    live = resolve_target("staging", settings, allow_destructive=True)
    assert isinstance(live, LiveTarget) and live.writable and not live.throwaway
    assert not resolve_target("staging", settings, allow_destructive=False).writable
    assert KNOWN_BUILTIN == ("local", "containers")


def test_unknown_target_lists_known_ones() -> None:
    settings = Settings(
        source=Path("migration-harness.toml"),
        targets={n: TargetConfig(name=n, mysql="mysql://u@h/a") for n in ("staging", "prod")},
    )
    with pytest.raises(UnknownTarget) as info:
        resolve_target("stagign", settings, allow_destructive=False)
    assert isinstance(info.value, HarnessError)
    assert "unknown target 'stagign'; known targets: local, containers, prod, staging" in str(info.value)


# --- live target ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_server(mysql_server: ThrowawayMySQLServer) -> Iterator[int]:
    """The throwaway server with an ``app`` database and a password-protected ``mh_app`` user; its port."""
    admin = MySQLEngine(mysql_server.url)
    admin.execute_many([
        "CREATE DATABASE IF NOT EXISTS app",
        "CREATE TABLE IF NOT EXISTS app.orders (id INT PRIMARY KEY)",
        f"CREATE USER IF NOT EXISTS 'mh_app'@'%' IDENTIFIED BY '{SECRET}'",
        "GRANT ALL ON *.* TO 'mh_app'@'%'",
    ])  # fmt: skip
    yield mysql_server.port
    admin.execute("DROP DATABASE IF EXISTS app")
    admin.close()


def live_config(port: int, password: str = SECRET, **flags: bool) -> TargetConfig:
    return TargetConfig(name="staging", mysql=f"mysql://mh_app:{password}@127.0.0.1:{port}/app", **flags)


def started(config: TargetConfig, allow_destructive: bool = False) -> LiveTarget:
    target = LiveTarget(config, allow_destructive=allow_destructive)
    target.start()
    return target


def databases(port: int) -> set[str]:
    admin = MySQLEngine(f"mysql://root@127.0.0.1:{port}/")
    try:
        return {row[0] for row in admin.query("SHOW DATABASES")}
    finally:
        admin.close()


def test_live_target_reads_but_refuses_scratch_by_default(app_server: int) -> None:
    target = started(live_config(app_server))
    try:
        assert not target.writable
        engine = target.live("mysql")
        assert engine.database == "app" and engine.tables() == ["orders"]
        with pytest.raises(HarnessError) as info:
            target.scratch("mysql")
        message = str(info.value)
        assert "target 'staging' is read-only" in message
        assert "set destructive = true in migration-harness.toml: targets.staging" in message
        assert "pass --allow-destructive" in message
        described = target.describe()
        assert described["mysql"].startswith("MariaDB ") or described["mysql"].startswith("MySQL ")
        assert f"mysql://mh_app:***@127.0.0.1:{app_server}/app" in described["mysql"]
        assert SECRET not in repr(target) + repr(target.config) + str(described)
        with pytest.raises(HarnessError, match=r"no clickhouse URL \(migration-harness.toml: targets.staging"):
            target.live("clickhouse")
    finally:
        target.stop()


def test_destructive_config_still_needs_the_flag(app_server: int) -> None:
    target = LiveTarget(live_config(app_server, destructive=True), allow_destructive=False)
    reason = target.read_only_reason()
    assert reason is not None and "pass --allow-destructive" in reason and "destructive = true" not in reason


def test_production_is_never_writable(app_server: int) -> None:
    target = started(live_config(app_server, destructive=True, production=True), allow_destructive=True)
    try:
        assert not target.writable
        with pytest.raises(HarnessError, match=r"production = true .* never written to"):
            target.scratch("mysql")
    finally:
        target.stop()


def test_writable_live_target_creates_and_drops_scratch(app_server: int) -> None:
    target = started(live_config(app_server, destructive=True), allow_destructive=True)
    try:
        assert target.writable
        engine = target.scratch("mysql", "widgets")
        assert engine.database.startswith("mh_") and engine.database in databases(app_server)
        engine.execute("CREATE TABLE t (id INT)")
        engine.execute("INSERT INTO t VALUES (7)")
        assert engine.query("SELECT id FROM t") == [(7,)]
        with pytest.raises(HarnessError, match="no clickhouse server configured"):
            target.scratch("clickhouse")
    finally:
        target.stop()
    assert engine.database not in databases(app_server)
    assert "app" in databases(app_server)  # the configured database is never dropped


def test_live_target_through_config_file(app_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MH_TEST_PW", SECRET)
    (tmp_path / "migration-harness.toml").write_text(
        f'[targets.staging]\nmysql = "mysql://mh_app:${{MH_TEST_PW}}@127.0.0.1:{app_server}/app"\n'
    )
    target = resolve_target("staging", load_settings(tmp_path), allow_destructive=False)
    target.start()
    try:
        assert target.live("mysql").scalar("SELECT DATABASE()") == "app"
    finally:
        target.stop()


def test_wrong_password_is_one_clear_error(app_server: int) -> None:
    wrong = "not-the-Password-9"
    with pytest.raises(HarnessError) as info:
        started(live_config(app_server, password=wrong))
    message = str(info.value)
    assert message.startswith(
        f"target 'staging': cannot connect to mysql at mysql://mh_app:***@127.0.0.1:{app_server}/app"
    )
    assert "Access denied" in message and "1045" in message
    assert wrong not in message and SECRET not in message and "Traceback" not in message


def test_unreachable_servers_are_one_clear_error() -> None:
    port = port_for.select_random()  # nothing listens there
    with pytest.raises(HarnessError) as info:
        started(TargetConfig(name="staging", mysql=f"mysql://u:{SECRET}@127.0.0.1:{port}/app"))
    message = str(info.value)
    assert f"cannot connect to mysql at mysql://u:***@127.0.0.1:{port}/app: (2003) Can't connect" in message
    assert "Connection refused" in message
    assert SECRET not in message
    with pytest.raises(HarnessError) as info:
        started(TargetConfig(name="events", clickhouse=f"clickhouse://u:{SECRET}@127.0.0.1:{port}/db"))
    message = str(info.value)
    assert f"target 'events': cannot connect to clickhouse at clickhouse://u:***@127.0.0.1:{port}/db" in message
    assert "Connection refused" in message and SECRET not in message


# --- containers target ------------------------------------------------------------------------------------


def test_containers_urls_from_host_and_port() -> None:
    url = mysql_admin_url("localhost", 49153, "p@ss/w:rd")
    assert (url.host, url.port, url.username, url.password) == ("localhost", 49153, "root", "p@ss/w:rd")
    assert not url.database
    assert url.drivername == "mysql+pymysql"
    ch = clickhouse_admin_url("127.0.0.1", 49154, "mh", "pw")
    assert (ch.host, ch.port, ch.username, ch.database, ch.secure) == ("127.0.0.1", 49154, "mh", "default", False)


def test_containers_images_and_describe_before_start() -> None:
    default = ContainersTarget()
    assert default.settings.mysql_image == "mysql:8.0"
    assert default.settings.clickhouse_image == "clickhouse/clickhouse-server:24.8"
    custom = ContainersTarget(ContainerSettings(mysql_image="mysql:8.4", clickhouse_image="clickhouse/ch:25.3"))
    assert custom.describe() == {
        "mysql": "mysql:8.4 (container, not started)",
        "clickhouse": "clickhouse/ch:25.3 (container, not started)",
    }
    assert custom.throwaway and custom.writable
    assert custom._password not in repr(custom)


def test_containers_reason_without_docker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/docker.sock")
    target = ContainersTarget()
    began = time.monotonic()
    reason = target.unavailable_reason()
    assert time.monotonic() - began < 2
    assert reason is not None
    assert reason.startswith(f"no Docker engine reachable (DOCKER_HOST=unix://{tmp_path}/docker.sock")
    assert reason.endswith("the containers target needs one; start Docker or use --target local")
    with pytest.raises(HarnessError, match="no Docker engine reachable"):
        target.start()


def _images_missing(target: ContainersTarget) -> str | None:
    """Which official images the engine lacks: the test does not pull (no registry on the CI machines)."""
    import docker

    client = docker.from_env()
    try:
        missing = []
        for image in (target.settings.mysql_image, target.settings.clickhouse_image):
            try:
                client.images.get(image)
            except docker.errors.ImageNotFound:
                missing.append(image)
    finally:
        client.close()
    if not missing:
        return None
    return f"{', '.join(missing)} not on this Docker engine; tests/test_containers.py runs the stand-in image"


def test_containers_round_trip_when_docker_exists() -> None:
    """The official images, where an engine has them; the stand-in's end-to-end tests are in test_containers.py."""
    target = ContainersTarget()
    reason = target.unavailable_reason() or _images_missing(target)
    if reason:
        pytest.skip(reason)
    target.start()
    try:
        described = target.describe()
        assert described["mysql"].startswith("MySQL 8.0.") and "ClickHouse 24.8" in described["clickhouse"]
        for dialect in ("mysql", "clickhouse"):
            engine = target.scratch(dialect)
            engine.execute("CREATE TABLE t (id Int32) ENGINE = MergeTree ORDER BY id" if dialect == "clickhouse"
                           else "CREATE TABLE t (id INT)")  # fmt: skip
            engine.execute("INSERT INTO t VALUES (1)")
            assert engine.query("SELECT id FROM t") == [(1,)]
    finally:
        target.stop()


def test_live_describe_before_start_is_redacted() -> None:
    config = TargetConfig(name="s", mysql=f"mysql://u:{SECRET}@db/app", clickhouse=f"https://u:{SECRET}@ch/db")
    described = LiveTarget(config).describe()
    assert described == {
        "mysql": "mysql://u:***@db/app (not connected)",
        "clickhouse": "https://u:***@ch/db (not connected)",
    }


def test_short_reason_picks_the_server_sentence() -> None:
    clickhouse = Exception(
        ":HTTPDriver for http://ch:8123 received ClickHouse error code 516\n"
        f" Code: 516. DB::Exception: u: Authentication failed: password {SECRET} is incorrect. "
        "(AUTHENTICATION_FAILED) (version 24.8.4.13 (official build))\n"
    )
    assert short_reason(clickhouse, SECRET) == (
        "Code: 516. DB::Exception: u: Authentication failed: password *** is incorrect. (AUTHENTICATION_FAILED)"
    )
    assert short_reason(OSError("no\nmore")) == "no"
