"""Throwaway MySQL 8 and ClickHouse server containers through testcontainers (needs a Docker engine)."""

from __future__ import annotations

import contextlib
import os
import secrets
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url

from ..config import ClickHouseURL, ContainerSettings
from ..errors import HarnessError
from .live import ServerTarget, clickhouse_display

MYSQL_PORT = 3306
CLICKHOUSE_HTTP_PORT = 8123
_DEFAULT_SOCKET = "/var/run/docker.sock"


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


def _short(text: str) -> str:
    """The docker SDK nests urllib3 errors; users need only "socket missing" or "connection refused"."""
    if "FileNotFoundError" in text or "No such file" in text:
        return "socket not found"
    if "refused" in text.lower():
        return "connection refused"
    return text.splitlines()[0][:160] if text else ""


def mysql_admin_url(host: str, port: int, password: str) -> URL:
    """The root URL of a MySQL container, no database: scratch databases are created through it."""
    return make_url(f"mysql+pymysql://root:{quote(password, safe='')}@{host}:{port}/")


def clickhouse_admin_url(host: str, port: int, username: str, password: str) -> ClickHouseURL:
    return ClickHouseURL(host=host, port=port, username=username, password=password, database="default")


class ContainersTarget(ServerTarget):
    """``mysql:8.0`` and ``clickhouse/clickhouse-server`` containers started for this run and removed at stop."""

    name = "containers"

    def __init__(self, settings: ContainerSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or ContainerSettings()
        self._password = secrets.token_urlsafe(12)  # random per run: the ports are reachable from the host
        self._containers: dict[str, Any] = {}

    def unavailable_reason(self) -> str | None:
        return docker_unavailable_reason()

    def start(self) -> None:
        reason = self.unavailable_reason()
        if reason:
            raise HarnessError(reason)
        try:
            self._start_mysql()
            self._start_clickhouse()
        except HarnessError:
            self.stop()
            raise
        except Exception as exc:
            self.stop()
            raise HarnessError(f"containers target failed to start: {str(exc).splitlines()[0][:300]}") from None
        self._connect_all()

    def _start_mysql(self) -> None:
        from testcontainers.community.mysql import MySqlContainer  # the non-deprecated module path in 4.x

        image = self.settings.mysql_image
        container = MySqlContainer(image, dialect="pymysql", username="root", password=self._password)
        self._containers["mysql"] = container.start()
        host, port = container.get_container_host_ip(), int(container.get_exposed_port(MYSQL_PORT))
        self._mysql = mysql_admin_url(host, port, self._password)
        self._shown["mysql"] = f"container {image} at {host}:{port}"

    def _start_clickhouse(self) -> None:
        from testcontainers.community.clickhouse import ClickHouseContainer

        image = self.settings.clickhouse_image
        container = ClickHouseContainer(image, username="mh", password=self._password)
        self._containers["clickhouse"] = container.start()
        host, port = container.get_container_host_ip(), int(container.get_exposed_port(CLICKHOUSE_HTTP_PORT))
        self._clickhouse = clickhouse_admin_url(host, port, "mh", self._password)
        self._shown["clickhouse"] = f"container {image} at {clickhouse_display(self._clickhouse)}"

    def describe(self) -> dict[str, str]:
        if not self._admins:
            return {
                "mysql": f"{self.settings.mysql_image} (container, not started)",
                "clickhouse": f"{self.settings.clickhouse_image} (container, not started)",
            }
        return super().describe()

    def stop(self) -> None:
        super().stop()
        while self._containers:
            _, container = self._containers.popitem()
            with contextlib.suppress(Exception):
                container.stop()
