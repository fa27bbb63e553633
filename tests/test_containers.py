"""The containers target against a real Docker engine: start-up, readiness, the suites, isolation, cleanup
after a normal end, Ctrl-C and SIGKILL, and the errors for a missing or failing image.

No image registry is reachable on the CI machines, so MySQL runs in the stand-in image that
``.ci/docker.sh`` builds from Debian's MariaDB (``MIGRATION_HARNESS_TEST_MYSQL_IMAGE``) and ClickHouse runs
embedded (``clickhouse_image = "chdb"``). The ClickHouse *container* path is covered by the tests that need
no image. Without a Docker engine (or without the stand-in image) these tests skip with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymysql
import pytest

from migration_harness.config import ContainerSettings
from migration_harness.errors import HarnessError
from migration_harness.targets.containers import (
    BIND_HOST,
    ENV_CLICKHOUSE_IMAGE,
    ENV_MYSQL_IMAGE,
    LABEL_OWNER,
    LABEL_RUN,
    ContainersTarget,
    _on_this_machine,
    clickhouse_container,
    docker_unavailable_reason,
    images_from_env,
    mysql_container,
)

TINY = Path(__file__).parent / "specs" / "tiny"
EXAMPLE = Path(__file__).parents[1] / "examples" / "dataset_versioning" / "spec.toml"
STANDIN = os.environ.get("MIGRATION_HARNESS_TEST_MYSQL_IMAGE", "migration-harness/mysql-standin:mariadb-bookworm")


# --- no image, no engine needed ---------------------------------------------------------------------------


def test_clickhouse_container_is_configured_like_the_mysql_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ClickHouse container path, which no image here can run: credentials, 127.0.0.1-only ports, labels.
    A fixed API version lets testcontainers build the objects without an engine."""
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    labels = {LABEL_RUN: "abc123", LABEL_OWNER: "host:1"}
    no_engine = {"docker_client_kw": {"version": "1.41"}}
    ch = clickhouse_container("clickhouse/clickhouse-server:24.8", "s3cret", labels, **no_engine)
    ch._configure()
    assert ch.env == {"CLICKHOUSE_USER": "mh", "CLICKHOUSE_PASSWORD": "s3cret", "CLICKHOUSE_DB": "test"}
    assert ch.ports == {"9000/tcp": (BIND_HOST, None), "8123/tcp": (BIND_HOST, None)}
    assert ch._kwargs == {"labels": labels}
    assert ch.get_container_host_ip() == BIND_HOST  # never the bridge gateway, where nothing is published
    mysql = mysql_container("mysql:8.0", "s3cret", labels, **no_engine)
    mysql._configure()
    assert mysql.env == {"MYSQL_ROOT_PASSWORD": "s3cret", "MYSQL_DATABASE": "test"}  # the official image's
    assert mysql.ports == {"3306/tcp": (BIND_HOST, None)}
    assert type(mysql).__name__ == "MySqlContainer"


def test_images_come_from_settings_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_MYSQL_IMAGE, raising=False)
    monkeypatch.delenv(ENV_CLICKHOUSE_IMAGE, raising=False)
    default = ContainersTarget()
    assert (default.settings.mysql_image, default.settings.clickhouse_image) == (
        "mysql:8.0",
        "clickhouse/clickhouse-server:24.8",
    )
    assert not default.clickhouse_embedded
    monkeypatch.setenv(ENV_MYSQL_IMAGE, "my/standin:1")
    monkeypatch.setenv(ENV_CLICKHOUSE_IMAGE, "chdb")
    chosen = images_from_env(ContainerSettings(mysql_image="mysql:8.4"))
    assert (chosen.mysql_image, chosen.clickhouse_image) == ("my/standin:1", "chdb")
    target = ContainersTarget()
    assert target.clickhouse_embedded
    assert target.describe() == {
        "mysql": "my/standin:1 (container, not started)",
        "clickhouse": "chdb (embedded, not started)",
    }


def test_remote_engine_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://docker.example.com:2376")
    reason = ContainersTarget().unavailable_reason()
    assert reason == (
        "DOCKER_HOST=tcp://docker.example.com:2376 is another machine, and the containers target publishes "
        "ports on 127.0.0.1 only; use a local Docker engine, or a live target for servers elsewhere"
    )
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")  # local, but nothing answers there
    assert (ContainersTarget().unavailable_reason() or "").startswith("no Docker engine reachable (DOCKER_HOST=tcp")


# --- against a real Docker engine -------------------------------------------------------------------------


def _docker() -> Any:
    import docker

    return docker.from_env()


@pytest.fixture(scope="module")
def engine() -> Iterator[Any]:
    reason = docker_unavailable_reason()
    if reason:
        pytest.skip(reason)
    client = _docker()
    yield client
    client.close()


@pytest.fixture(scope="module")
def standin(engine: Any) -> str:
    import docker.errors

    try:
        engine.images.get(STANDIN)
    except docker.errors.ImageNotFound:
        pytest.skip(f"stand-in MySQL image {STANDIN} not built (.ci/docker.sh start builds it)")
    return STANDIN


def standin_target(image: str) -> ContainersTarget:
    return ContainersTarget(ContainerSettings(mysql_image=image, clickhouse_image="chdb"))


def containers_of(engine: Any, label: str) -> list[Any]:
    import docker.errors

    for _ in range(10):  # the listing re-fetches each container: one removed meanwhile is NotFound
        try:
            return list(engine.containers.list(all=True, filters={"label": label}))
        except docker.errors.NotFound:
            time.sleep(0.2)
    return list(engine.containers.list(all=True, filters={"label": label}))


def volume_names(container: Any) -> list[str]:
    return [m["Name"] for m in container.attrs["Mounts"] if m["Type"] == "volume"]


def volumes_exist(engine: Any, names: list[str]) -> list[str]:
    existing = {v.name for v in engine.volumes.list()}
    return [n for n in names if n in existing]


def test_missing_image_is_one_clear_error(engine: Any) -> None:
    target = ContainersTarget(ContainerSettings(mysql_image="migration-harness/no-such-image:1"))
    with pytest.raises(HarnessError) as info:
        target.start()
    message = str(info.value)
    assert message.startswith(
        "containers target: mysql image 'migration-harness/no-such-image:1' is not on the Docker engine and "
        "pulling it failed ("
    )
    assert "[containers] mysql_image or MIGRATION_HARNESS_MYSQL_IMAGE" in message
    assert "docker-images/mysql-standin/build.sh" in message
    assert not containers_of(engine, f"{LABEL_RUN}={target.run_token}")
    assert target._reaper is None  # stopped with the failed start


def test_start_isolation_and_cleanup(engine: Any, standin: str) -> None:
    """Two sessions at once get their own containers and ports; a stop removes its container and volume
    only; a container left by a killed run (dead owner pid, this host) is removed by the next start."""
    orphan = engine.containers.create(
        standin, labels={LABEL_RUN: "orphan00", LABEL_OWNER: f"{socket.gethostname()}:{_dead_pid()}"}
    )
    first, second = standin_target(standin), standin_target(standin)
    began = time.monotonic()
    first.start()
    try:
        assert time.monotonic() - began < 120
        assert not containers_of(engine, f"{LABEL_RUN}=orphan00")
        # Named in the notes, unless another xdist worker's start tidied it first.
        assert all(orphan.name in note for note in first.notes if "left by killed runs" in note)
        second.start()
        described = first.describe()
        assert re.fullmatch(
            rf"MariaDB 10\.\d+\.\d+ \(container {re.escape(standin)}, standing in for mysql:8\.0 at 127\.0\.0\.1:\d+\)",
            described["mysql"],
        ), described
        assert described["clickhouse"].endswith("(chdb, embedded: stands in for a ClickHouse server container)")
        [mine] = containers_of(engine, f"{LABEL_RUN}={first.run_token}")
        [theirs] = containers_of(engine, f"{LABEL_RUN}={second.run_token}")
        assert mine.id != theirs.id
        bindings = mine.attrs["HostConfig"]["PortBindings"]["3306/tcp"]
        assert [b["HostIp"] for b in bindings] == ["127.0.0.1"]  # reachable from this machine only
        ports = {t._mysql.port for t in (first, second) if t._mysql is not None}
        assert len(ports) == 2
        a, b = first.scratch("mysql", "mine"), second.scratch("mysql", "theirs")
        a.execute("CREATE TABLE t (id INT)")
        a.execute("INSERT INTO t VALUES (1)")
        assert a.query("SELECT id FROM t") == [(1,)]
        assert a.database not in {row[0] for row in b.query("SHOW DATABASES")}
        ch = first.scratch("clickhouse")
        ch.execute("CREATE TABLE t (id Int32) ENGINE = MergeTree ORDER BY id")
        ch.execute("INSERT INTO t VALUES (2)")
        assert ch.query("SELECT id FROM t") == [(2,)]
        mine_volumes = volume_names(mine)
        assert mine_volumes  # the image declares VOLUME /var/lib/mysql, as the official one does
        first.stop()
        assert not containers_of(engine, f"{LABEL_RUN}={first.run_token}")
        assert not volumes_exist(engine, mine_volumes)
        assert b.query("SELECT 1") == [(1,)]  # the other session is untouched
    finally:
        first.stop()
        second.stop()
    assert not containers_of(engine, f"{LABEL_RUN}={second.run_token}")


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_standin_accepts_what_testcontainers_passes(engine: Any, standin: str) -> None:
    """MySqlContainer with a non-root user: the official image's MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE
    and MYSQL_ROOT_PASSWORD, with characters that need quoting in SQL."""
    from testcontainers.community.mysql import MySqlContainer

    password, root_password, database = "it's a \\ pass", "r00t'pw", "app db"
    container = _on_this_machine(MySqlContainer)(
        standin, username="app", password=password, root_password=root_password, dbname=database
    )
    container.with_kwargs(labels={LABEL_RUN: "contract"})
    container.publish_locally()
    container.start()
    try:
        port = int(container.get_exposed_port(3306))
        app = pymysql.connect(host=BIND_HOST, port=port, user="app", password=password, database=database)
        with app.cursor() as cur:
            cur.execute("SELECT DATABASE(), CURRENT_USER()")
            assert cur.fetchone() == (database, "app@%")
            cur.execute("CREATE TABLE t (id INT)")  # the user owns its database
        app.close()
        root = pymysql.connect(host=BIND_HOST, port=port, user="root", password=root_password)
        with root.cursor() as cur:
            cur.execute("SELECT User, Host FROM mysql.user WHERE Host <> 'localhost' ORDER BY User")
            assert cur.fetchall() == (("app", "%"), ("root", "%"))  # nothing password-less over the network
        root.close()
        with pytest.raises(pymysql.err.OperationalError, match="Access denied"):
            pymysql.connect(host=BIND_HOST, port=port, user="root", password="")
    finally:
        container.stop()


@pytest.fixture(scope="module")
def failing_image(engine: Any, standin: str) -> Iterator[str]:
    """The stand-in with a server option that does not exist: the container exits during its start."""
    name = "migration-harness/failing-standin:test"
    created = engine.containers.create(standin)
    created.commit(repository=name.split(":")[0], tag="test", changes=['CMD ["mariadbd", "--no-such-option"]'])
    created.remove(v=True)
    yield name
    engine.images.remove(name, force=True)


def test_image_that_fails_to_start_shows_its_log_tail(engine: Any, failing_image: str) -> None:
    target = standin_target(failing_image)
    with pytest.raises(HarnessError) as info:
        target.start()
    message = str(info.value)
    assert message.startswith(
        f"containers target: the mysql container ({failing_image}) failed to start: it exited with code 1 "
        "before it was ready; last "
    ), message
    assert "log line(s) of the container:" in message
    assert "unknown option '--no-such-option'" in message
    assert "temporary server exited during initialization" in message
    assert not containers_of(engine, f"{LABEL_RUN}={target.run_token}")


# --- the plugin, end to end, in a subprocess --------------------------------------------------------------


def _env(standin: str) -> dict[str, str]:
    return {
        **os.environ,
        ENV_MYSQL_IMAGE: standin,
        ENV_CLICKHOUSE_IMAGE: "chdb",
        "TESTCONTAINERS_RYUK_DISABLED": "true",
    }


def test_flagship_example_passes_on_the_containers_target(
    pytester: pytest.Pytester, standin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every suite of the bundled example (what ``./dev example`` runs on the local target): its MySQL half
    in the stand-in container, its ClickHouse half on chdb, both named as stand-ins in the header."""
    for key, value in _env(standin).items():
        monkeypatch.setenv(key, value)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--migration", str(EXAMPLE), "--target", "containers", "-v"
    )  # fmt: skip
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "migration-harness: dataset_versioning (*spec.toml) on target containers",
            f"  mysql: MariaDB * (container {standin}, standing in for mysql:8.0 at 127.0.0.1:*)",
            "  clickhouse: ClickHouse * (chdb, embedded: stands in for a ClickHouse server container)",
            "*GO: * passed, 0 failed, 0 not verified, * not applicable",
        ]
    )
    # The MySQL side ran, in the container: every suite has its mysql items among the passes.
    for suite in ("migrate", "parity", "integrity", "ids", "idempotency", "rollback"):
        result.stdout.fnmatch_lines([f"*{suite}.py::*mysql* PASSED*"])


def _run_until_container(
    tmp_path: Path, standin: str, engine: Any, ready: bool = True
) -> tuple[subprocess.Popen[str], Any]:
    """A pytest run of the tiny spec on the containers target, returned once its MySQL container serves
    (``ready``) or as soon as it exists (still initialising its datadir)."""
    spec = tmp_path / "tiny"
    shutil.copytree(TINY, spec)
    # SIGINT back to the default: under a parent started in the background (`.ci/run &`) it is ignored, and
    # Python only turns SIGINT into KeyboardInterrupt when it was not ignored at start-up.
    proc = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--migration", str(spec / "spec.toml"),
         "--target", "containers", "-q", "--suite", "properties"],
        cwd=tmp_path, env=_env(standin), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    owner = f"{LABEL_OWNER}={socket.gethostname()}:{proc.pid}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = containers_of(engine, owner)
        if found and not ready:
            return proc, found[0]
        if found and found[0].logs().count(b"ready for connections") >= 2:
            time.sleep(3)  # connected and working on the suites
            assert proc.poll() is None, proc.communicate()[0]
            return proc, found[0]
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    proc.kill()
    pytest.fail(f"no container started for the run: {proc.communicate()[0][-2000:]}")


def _gone(engine: Any, container: Any, volumes: list[str], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not containers_of(engine, f"{LABEL_RUN}={container.labels[LABEL_RUN]}") and not volumes_exist(
            engine, volumes
        ):
            return True
        time.sleep(0.5)
    return False


def test_ctrl_c_removes_the_containers(tmp_path: Path, engine: Any, standin: str) -> None:
    proc, container = _run_until_container(tmp_path, standin, engine)
    volumes = volume_names(container)
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, output
    assert _gone(engine, container, volumes, within=10), "container or volume left after Ctrl-C"


def test_ctrl_c_during_start_up_removes_the_container(tmp_path: Path, engine: Any, standin: str) -> None:
    """Interrupted while the container initialises (the session never got the target to stop it): nothing
    is left, whether start() or, once pytest has exited, the watchdog removed it."""
    proc, container = _run_until_container(tmp_path, standin, engine, ready=False)
    time.sleep(0.5)  # created; started and waiting for readiness
    assert container.logs().count(b"ready for connections") < 2  # not ready yet
    proc.send_signal(signal.SIGINT)
    output, _ = proc.communicate(timeout=120)
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "passed" not in output  # interrupted before any test ran
    assert _gone(engine, container, [], within=10), "container left after Ctrl-C during start-up"


def test_sigkill_leaves_no_container_or_volume(tmp_path: Path, engine: Any, standin: str) -> None:
    proc, container = _run_until_container(tmp_path, standin, engine)
    volumes = volume_names(container)
    proc.kill()
    proc.communicate(timeout=30)
    # Nothing of the run's own teardown ran: the watchdog (reaper.py --containers) removes them.
    assert _gone(engine, container, volumes, within=30), "container or volume left after SIGKILL"
