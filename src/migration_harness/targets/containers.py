"""Throwaway MySQL 8 and ClickHouse server containers through testcontainers (needs a Docker engine).

Images come from ``[containers]`` in the settings file, overridden by ``MIGRATION_HARNESS_MYSQL_IMAGE`` /
``MIGRATION_HARNESS_CLICKHOUSE_IMAGE``. ``clickhouse_image = "chdb"`` runs ClickHouse embedded instead of in a
container (for machines without a ClickHouse image); it is reported as a stand-in, never chosen silently.

Every container carries this run's labels; a watchdog process (``reaper.py --containers``) removes them,
with their volumes, if this process dies without :meth:`ContainersTarget.stop` (SIGKILL), and the next run
on this host removes any whose owner process is gone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import quote, urlparse

from sqlalchemy.engine import URL, make_url

from ..config import ClickHouseURL, ContainerSettings
from ..engines import Engine
from ..engines.chdb import ChdbEngine, ChdbSession
from ..errors import HarnessError
from . import reaper
from .live import ServerTarget, clickhouse_display

MYSQL_PORT = 3306
CLICKHOUSE_HTTP_PORT = 8123
_DEFAULT_SOCKET = "/var/run/docker.sock"
ENV_MYSQL_IMAGE = "MIGRATION_HARNESS_MYSQL_IMAGE"
ENV_CLICKHOUSE_IMAGE = "MIGRATION_HARNESS_CLICKHOUSE_IMAGE"
CHDB = "chdb"  # clickhouse_image value: embedded chdb stands in for the ClickHouse server container
LABEL_RUN = reaper.LABEL_RUN  # this target's run token: what the reaper removes
LABEL_OWNER = "org.migration-harness.owner"  # "HOST:PID" of the owning process: what start-up tidies
LABEL_STANDS_IN = "org.migration-harness.stands-in-for"  # set by docker-images/mysql-standin/build.sh
LOG_TAIL_LINES = 15
BIND_HOST = "127.0.0.1"  # published ports are reachable from this machine only


def docker_unavailable_reason(timeout: float = 2.0) -> str | None:
    """None when a Docker engine answers a ping within ``timeout``, else why not, in one sentence."""
    import docker  # testcontainers depends on it; imported lazily because the local target never needs it

    where = f"DOCKER_HOST={os.environ['DOCKER_HOST']}" if os.environ.get("DOCKER_HOST") else _DEFAULT_SOCKET
    try:
        client = docker.from_env(timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:
        detail = _short(str(exc)) or type(exc).__name__
        return (
            f"no Docker engine reachable ({where}: {detail}): the containers target needs one; "
            "start Docker or use --target local"
        )
    return None


def remote_engine_reason() -> str | None:
    """Ports are published on 127.0.0.1 of the engine's machine: an engine elsewhere cannot serve this run."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host.startswith(("tcp://", "ssh://", "http://", "https://")):
        return None
    if urlparse(host).hostname in ("localhost", "127.0.0.1", "::1"):
        return None
    return (
        f"DOCKER_HOST={host} is another machine, and the containers target publishes ports on 127.0.0.1 "
        "only; use a local Docker engine, or a live target for servers elsewhere"
    )


def _short(text: str) -> str:
    """The docker SDK nests urllib3 errors; users need only "socket missing" or "connection refused"."""
    if "FileNotFoundError" in text or "No such file" in text:
        return "socket not found"
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:160] if text else ""


def images_from_env(settings: ContainerSettings) -> ContainerSettings:
    """The environment wins over the settings file: CI picks a stand-in image without editing the file."""
    mysql = os.environ.get(ENV_MYSQL_IMAGE) or settings.mysql_image
    clickhouse = os.environ.get(ENV_CLICKHOUSE_IMAGE) or settings.clickhouse_image
    return dataclasses.replace(settings, mysql_image=mysql, clickhouse_image=clickhouse)


def mysql_admin_url(host: str, port: int, password: str) -> URL:
    """The root URL of a MySQL container, no database: scratch databases are created through it."""
    return make_url(f"mysql+pymysql://root:{quote(password, safe='')}@{host}:{port}/")


def clickhouse_admin_url(host: str, port: int, username: str, password: str) -> ClickHouseURL:
    return ClickHouseURL(host=host, port=port, username=username, password=password, database="default")


def run_labels(run_token: str) -> dict[str, str]:
    return {LABEL_RUN: run_token, LABEL_OWNER: f"{socket.gethostname()}:{os.getpid()}"}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a SIGKILLed owner may linger as a zombie
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def remove_orphans(client: Any) -> list[str]:
    """Remove containers (and their volumes) left by harness runs on this host whose process is gone: a
    run killed together with its watchdog (e.g. the whole process group got SIGKILL). Names what it removed."""
    removed = []
    host = socket.gethostname()
    # The low-level listing: the high-level one fetches each container again and fails with NotFound when
    # another run's watchdog removes one in between.
    for found in client.api.containers(all=True, filters={"label": LABEL_RUN}):
        owner_host, _, pid = (found.get("Labels") or {}).get(LABEL_OWNER, "").rpartition(":")
        if owner_host != host or not pid.isdigit() or _pid_alive(int(pid)):
            continue
        with contextlib.suppress(Exception):
            client.api.remove_container(found["Id"], force=True, v=True)
            removed.append(f"{found['Names'][0].lstrip('/')} ({found.get('Image', '?')})")
    return removed


def _on_this_machine(base: type) -> type:
    """``base`` (a testcontainers class) reached where this target publishes its ports: 127.0.0.1.

    testcontainers publishes on 0.0.0.0, and inside a container (a CI job, this sandbox) it connects to the
    bridge gateway or the container's IP instead; a port bound to 127.0.0.1 is reachable only as
    127.0.0.1:mapped-port, so both the readiness checks and the engines use that."""

    class OnThisMachine(base):
        def get_container_host_ip(self) -> str:
            return BIND_HOST

        def _get_exposed_port(self, port: int) -> int:
            return int(self.get_docker_client().port(self.get_container_id(), port))

        def publish_locally(self) -> None:
            for key in list(self.ports):
                del self.ports[key]
                self.ports[f"{key.split('/')[0]}/tcp"] = (BIND_HOST, None)  # docker-py's (ip, any port)

    OnThisMachine.__name__ = OnThisMachine.__qualname__ = base.__name__
    return OnThisMachine


def mysql_container(image: str, password: str, labels: dict[str, str], **options: Any) -> Any:
    """The testcontainers MySQL container as this target starts it: root with a random password (the
    official image's MYSQL_ROOT_PASSWORD and MYSQL_DATABASE), the port on 127.0.0.1, this run's labels."""
    from testcontainers.community.mysql import MySqlContainer  # the non-deprecated module path in 4.x

    # ``options``: testcontainers' own, e.g. docker_client_kw={"version": ...} builds it without asking the engine.
    container = _on_this_machine(MySqlContainer)(
        image, dialect="pymysql", username="root", password=password, **options
    )
    container.with_kwargs(labels=labels)
    container.publish_locally()
    return container


def clickhouse_container(image: str, password: str, labels: dict[str, str], **options: Any) -> Any:
    """The testcontainers ClickHouse container: user ``mh`` with the run's password, HTTP and native ports
    on 127.0.0.1, this run's labels."""
    from testcontainers.community.clickhouse import ClickHouseContainer

    container = _on_this_machine(ClickHouseContainer)(image, username="mh", password=password, **options)
    container.with_kwargs(labels=labels)
    container.publish_locally()
    return container


class ContainersTarget(ServerTarget):
    """``mysql:8.0`` and ``clickhouse/clickhouse-server`` containers started for this run and removed at stop."""

    name = "containers"

    def __init__(self, settings: ContainerSettings | None = None) -> None:
        super().__init__()
        self.settings = images_from_env(settings or ContainerSettings())
        self._password = secrets.token_urlsafe(12)  # random per run: the ports are reachable from the host
        self._containers: dict[str, Any] = {}
        self._reaper: subprocess.Popen[bytes] | None = None
        self._chdb: ChdbSession | None = None
        self.startup_seconds: dict[str, float] = {}  # dialect -> container start until it answered

    def __repr__(self) -> str:
        return f"<ContainersTarget mysql={self.settings.mysql_image} clickhouse={self.settings.clickhouse_image}>"

    @property
    def clickhouse_embedded(self) -> bool:
        return self.settings.clickhouse_image.strip().lower() == CHDB

    def unavailable_reason(self) -> str | None:
        return remote_engine_reason() or docker_unavailable_reason()

    def start(self) -> None:
        reason = self.unavailable_reason()
        if reason:
            raise HarnessError(reason)
        try:
            self._tidy()
            self._start_reaper()
            self._start_mysql()
            self._start_clickhouse()
            self._connect_all()
        except HarnessError:
            self.stop()
            raise
        except Exception as exc:
            self.stop()
            raise HarnessError(f"containers target failed to start: {str(exc).splitlines()[0][:300]}") from None
        except BaseException:  # Ctrl-C while a container starts: the session never sees this target to stop it
            self.stop()
            raise

    def _client(self) -> Any:
        import docker

        return docker.from_env()

    def _tidy(self) -> None:
        client = self._client()
        try:
            removed = remove_orphans(client)
        finally:
            client.close()
        if removed:
            self.notes.append(f"removed {len(removed)} container(s) left by killed runs: {', '.join(removed)}")

    def _start_reaper(self) -> None:
        """The watchdog first: a run killed while a container starts must not leave it behind."""
        self._reaper = subprocess.Popen(
            [sys.executable, "-m", "migration_harness.targets.reaper", "--containers", str(os.getpid()),
             self.run_token],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C to the terminal's process group must not stop it
        )  # fmt: skip

    def _ensure_image(self, image: str, dialect: str) -> dict[str, str]:
        """The image's labels; pulled when absent, else one error saying what to do instead."""
        from docker.errors import ImageNotFound

        client = self._client()
        try:
            try:
                return dict(client.images.get(image).labels or {})
            except ImageNotFound:
                pass
            try:
                return dict(client.images.pull(image).labels or {})
            except Exception as exc:
                key = "mysql_image" if dialect == "mysql" else "clickhouse_image"
                env = ENV_MYSQL_IMAGE if dialect == "mysql" else ENV_CLICKHOUSE_IMAGE
                hint = (
                    "; docker-images/mysql-standin/build.sh builds a MariaDB stand-in without a registry"
                    if dialect == "mysql"
                    else f'; {key} = "chdb" runs ClickHouse embedded instead (reported as a stand-in)'
                )
                raise HarnessError(
                    f"containers target: {dialect} image {image!r} is not on the Docker engine and pulling it "
                    f"failed ({_short(str(exc))}); pull or build it, or choose another with [containers] {key} "
                    f"or {env}{hint}"
                ) from None
        finally:
            client.close()

    def _run(self, dialect: str, image: str, container: Any) -> tuple[str, int]:
        """Start ``container`` and wait until it is ready; on failure remove it and say why, with its log."""
        began = time.monotonic()
        self._containers[dialect] = container  # registered first: stop() removes even a half-started one
        try:
            container.start()
        except Exception as exc:
            raise HarnessError(
                f"containers target: the {dialect} container ({image}) failed to start: "
                f"{_start_failure(container, exc)}{_log_tail(container)}"
            ) from None
        self.startup_seconds[dialect] = time.monotonic() - began
        port = MYSQL_PORT if dialect == "mysql" else CLICKHOUSE_HTTP_PORT
        return container.get_container_host_ip(), int(container.get_exposed_port(port))

    def _start_mysql(self) -> None:
        image = self.settings.mysql_image
        labels = self._ensure_image(image, "mysql")
        container = mysql_container(image, self._password, run_labels(self.run_token))
        host, port = self._run("mysql", image, container)
        self._mysql = mysql_admin_url(host, port, self._password)
        standin = f", standing in for {labels[LABEL_STANDS_IN]}" if LABEL_STANDS_IN in labels else ""
        self._shown["mysql"] = f"container {image}{standin} at {host}:{port}"

    def _start_clickhouse(self) -> None:
        if self.clickhouse_embedded:
            self._chdb = ChdbSession.shared()
            return
        image = self.settings.clickhouse_image
        self._ensure_image(image, "clickhouse")
        container = clickhouse_container(image, self._password, run_labels(self.run_token))
        host, port = self._run("clickhouse", image, container)
        self._clickhouse = clickhouse_admin_url(host, port, "mh", self._password)
        self._shown["clickhouse"] = f"container {image} at {clickhouse_display(self._clickhouse)}"

    def _create_database(self, dialect: str, name: str) -> Engine:
        if dialect == "clickhouse" and self._chdb is not None:
            self._chdb.run_global(ChdbEngine.sql_dialect.create_database(name))
            return ChdbEngine(self._chdb, name)
        return super()._create_database(dialect, name)

    def _drop_database(self, engine: Engine) -> None:
        if isinstance(engine, ChdbEngine):
            assert self._chdb is not None
            self._chdb.run_global(engine.sql.drop_database(engine.database))
            return
        super()._drop_database(engine)

    def describe(self) -> dict[str, str]:
        clickhouse = "chdb (embedded" if self.clickhouse_embedded else f"{self.settings.clickhouse_image} (container"
        if not self._admins:
            return {
                "mysql": f"{self.settings.mysql_image} (container, not started)",
                "clickhouse": f"{clickhouse}, not started)",
            }
        described = super().describe()
        if self._chdb is not None:
            version = ChdbEngine(self._chdb, "default").server_version()
            described["clickhouse"] = (
                f"ClickHouse {version} (chdb, embedded: stands in for a ClickHouse server container)"
            )
        return described

    def stop(self) -> None:
        super().stop()
        self._chdb = None  # the process-wide session stays; this target's databases were dropped above
        while self._containers:
            _, container = self._containers.popitem()
            with contextlib.suppress(Exception):
                container.stop()  # force-removes the container and its anonymous volumes
        if self._reaper is not None:
            self._reaper.kill()
            self._reaper.wait()
            self._reaper = None


def _start_failure(container: Any, exc: BaseException) -> str:
    """ "it exited with code 1 before it was ready" rather than testcontainers' paragraph with a regex."""
    with contextlib.suppress(Exception):
        wrapped = container.get_wrapped_container()
        wrapped.reload()
        if wrapped.status in ("exited", "dead"):
            return f"it exited with code {wrapped.attrs['State']['ExitCode']} before it was ready"
    if isinstance(exc, TimeoutError):
        return "it was not ready within the start-up timeout (testcontainers' TC_MAX_TRIES x TC_POOLING_INTERVAL)"
    text = str(exc).strip()
    return (text.splitlines()[0][:300] if text else type(exc).__name__).rstrip(". ")


def _log_tail(container: Any) -> str:
    """The last lines the container wrote, indented under the error: usually the reason it did not start."""
    try:
        out, err = container.get_logs()
    except Exception:
        return ""
    lines = (out + err).decode(errors="replace").strip().splitlines()[-LOG_TAIL_LINES:]
    if not lines:
        return "; the container wrote no log"
    return f"; last {len(lines)} log line(s) of the container:\n" + "\n".join(f"    {line}" for line in lines)
