"""Project settings from ``migration-harness.toml`` or ``[tool.migration-harness]`` in pyproject.toml.

Every problem becomes one :class:`HarnessError` that names the file and the key at fault. Secrets stay out
of files through ``${ENV_VAR}`` / ``${ENV_VAR:-default}`` expansion, and no password ever reaches a
message or a repr: URLs are shown through :func:`redact` only.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from sqlalchemy.engine import URL, make_url

from .errors import HarnessError

CONFIG_FILE = "migration-harness.toml"
PYPROJECT = "pyproject.toml"
RESERVED_TARGETS = ("local", "containers")
DEFAULT_MYSQL_IMAGE = "mysql:8.0"
DEFAULT_CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:24.8"

_MYSQL_DRIVERS = ("mysql", "mariadb", "mysql+pymysql", "mariadb+pymysql")
_CLICKHOUSE_SCHEMES = {"clickhouse": False, "http": False, "clickhouses": True, "https": True}
_VAR = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")
_TARGET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Query parameters that may carry a credential (password=, passwd=, access_token=, api_key=, sig=, ...).
SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key|auth|sig|cred", re.I)
DEFAULT_CONNECT_TIMEOUT = 10.0  # seconds to connect and hear the server's greeting
DEFAULT_QUERY_TIMEOUT = 3600.0  # seconds one statement may run on a live server before the run gives up


@dataclass(frozen=True)
class ClickHouseURL:
    """A parsed ClickHouse HTTP(S) URL; the password is kept out of the repr."""

    host: str
    port: int
    username: str = "default"
    password: str = field(default="", repr=False)
    database: str = "default"
    secure: bool = False
    path: str = ""  # chdb:///data/dir: an embedded chdb database on disk standing in for a server

    @property
    def embedded(self) -> bool:
        return bool(self.path)


@dataclass(frozen=True)
class TargetConfig:
    """One ``[targets.NAME]`` table: an existing server pair the harness may read (and maybe write)."""

    name: str
    mysql: str | None = None
    clickhouse: str | None = None
    destructive: bool = False
    production: bool = False
    source: str = CONFIG_FILE  # the file it came from, for messages
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    leftovers: str = "drop"  # scratch databases a killed run left: "drop" them or "list" them

    def __repr__(self) -> str:  # URLs redacted: a repr ends up in logs and tracebacks
        urls = ", ".join(f"{k}={redact(v)!r}" for k, v in (("mysql", self.mysql), ("clickhouse", self.clickhouse)) if v)
        return f"TargetConfig(name={self.name!r}, {urls}, destructive={self.destructive}, production={self.production})"

    def expanded(self) -> TargetConfig:
        """The target with ``${VAR}`` expanded: done only for the target a run uses, so an unset secret of
        another target (or of a run that never touches one) changes nothing."""

        def expand(key: str, template: str | None) -> str | None:
            if template is None:
                return None
            return _expand(template, lambda message: HarnessError(f"{self.where(key)}: {message}"))

        return replace(self, mysql=expand("mysql", self.mysql), clickhouse=expand("clickhouse", self.clickhouse))

    def where(self, key: str | None = None) -> str:
        """``migration-harness.toml: targets.staging.mysql`` - the prefix for every message about it."""
        return f"{self.source}: targets.{self.name}" + (f".{key}" if key else "")

    @property
    def mysql_url(self) -> URL | None:
        expanded = self.expanded().mysql
        return mysql_url(expanded) if expanded else None

    @property
    def clickhouse_url(self) -> ClickHouseURL | None:
        expanded = self.expanded().clickhouse
        return parse_clickhouse_url(expanded) if expanded else None


@dataclass(frozen=True)
class ContainerSettings:
    mysql_image: str = DEFAULT_MYSQL_IMAGE
    clickhouse_image: str = DEFAULT_CLICKHOUSE_IMAGE


@dataclass(frozen=True)
class LocalSettings:
    mysqld: str | None = None  # server binary; None -> MIGRATION_HARNESS_MYSQLD or a search of PATH
    scratch: str | None = None  # directory for the throwaway databases' files; None -> scratch.scratch_root()


@dataclass(frozen=True)
class Settings:
    source: Path | None = None  # the file the settings came from; None when there is none
    migration: Path | None = None
    targets: Mapping[str, TargetConfig] = field(default_factory=dict)
    containers: ContainerSettings = field(default_factory=ContainerSettings)
    local: LocalSettings = field(default_factory=LocalSettings)


# --- URLs -------------------------------------------------------------------------------------------------


def redact(url: str) -> str:
    """``mysql://app:s3cret@db:3306/app`` -> ``mysql://app:***@db:3306/app``.

    Splits at the *last* ``@`` of the authority, so even an unescaped ``@`` in a password stays hidden;
    anything that does not look like a URL is hidden whole, since it may be a secret itself.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if parts.scheme == "chdb" and not parts.netloc:
        return url  # a data directory: no credentials
    if not parts.scheme or not parts.netloc:
        return "<unparseable URL>"
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    netloc = f"{userinfo}{at}{hostport}"
    query = parse_qsl(parts.query, keep_blank_values=True)
    hidden = [(k, "***" if SECRET_PARAM.search(k) else v) for k, v in query]
    return parts._replace(netloc=netloc, query=urlencode(hidden, safe="*"), fragment="").geturl()


def url_secrets(url: str) -> list[str]:
    """Every credential a URL carries (its password, secret-looking query values), to scrub from text a
    driver produced; short values are left out, they would mangle unrelated words."""
    try:
        parts = urlsplit(url)
        found = [unquote(parts.password or "")]
    except ValueError:
        return []
    found += [v for k, v in parse_qsl(parts.query) if SECRET_PARAM.search(k)]
    return [s for s in found if len(s) >= 3]


def mysql_url(text: str) -> URL:
    """A SQLAlchemy URL for the PyMySQL driver; raises ValueError with a password-free reason."""
    try:
        url = make_url(text)
    except Exception:
        raise ValueError("not a valid URL (expected mysql://user:password@host:3306/database)") from None
    if url.drivername not in _MYSQL_DRIVERS:
        raise ValueError(f"unsupported scheme {url.drivername!r}; use mysql://user:password@host:3306/database")
    if not url.host:
        raise ValueError("the URL names no host")
    if not url.database:
        raise ValueError("the URL names no database (mysql://user:password@host:3306/DATABASE)")
    if url.password is not None and url.password != _split_password(text):
        raise ValueError("the password contains an unescaped '@' or ':'; percent-encode it")
    return url.set(drivername="mysql+pymysql")


def parse_clickhouse_url(text: str) -> ClickHouseURL:
    """``clickhouse://`` or ``http://`` (port 8123), ``clickhouses://`` or ``https://`` (TLS, port 8443)."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError("not a valid URL (expected clickhouse://user:password@host:8123/database)") from None
    if parts.scheme == "chdb":
        return _chdb_url(parts)
    if parts.scheme not in _CLICKHOUSE_SCHEMES:
        raise ValueError(
            f"unsupported scheme {parts.scheme!r}; use clickhouse:// or http:// (plain), clickhouses:// or "
            "https:// (TLS)"
        )
    if not parts.hostname:
        raise ValueError("the URL names no host")
    if parts.query or parts.fragment:
        raise ValueError("query parameters are not supported; put only user, password, host, port and database")
    secure = _CLICKHOUSE_SCHEMES[parts.scheme]
    database = unquote(parts.path.strip("/")) or "default"
    if "/" in database:
        raise ValueError(f"the path must be just a database name, got {database!r}")
    return ClickHouseURL(
        host=parts.hostname,
        port=port or (8443 if secure else 8123),
        username=unquote(parts.username or "default"),
        password=unquote(parts.password or ""),
        database=database,
        secure=secure,
    )


def _chdb_url(parts: Any) -> ClickHouseURL:
    """``chdb:///abs/data/dir?database=analytics``: a file-backed chdb database as a live ClickHouse (a local
    copy of the analytics data, or a stand-in where no server can run)."""
    if parts.netloc or not parts.path.startswith("/"):
        raise ValueError("a chdb URL names an absolute data directory: chdb:///path/to/data?database=NAME")
    query = dict(parse_qsl(parts.query))
    if set(query) - {"database"}:
        raise ValueError("a chdb URL takes only ?database=NAME")
    return ClickHouseURL(host="", port=0, database=query.get("database", "default"), path=unquote(parts.path))


def _split_password(text: str) -> str | None:
    password = urlsplit(text).password
    return unquote(password) if password is not None else None


# --- loading ----------------------------------------------------------------------------------------------


def load_settings(rootdir: Path) -> Settings:
    """Settings from ``rootdir``; defaults when neither file configures the harness."""
    own = rootdir / CONFIG_FILE
    if own.is_file():
        return _parse(_read_toml(own), own, own.name)
    pyproject = rootdir / PYPROJECT
    if pyproject.is_file():
        tool = _read_toml(pyproject).get("tool", {})
        section = tool.get("migration-harness") if isinstance(tool, dict) else None
        if section is not None:
            label = f"{pyproject.name} [tool.migration-harness]"
            if not isinstance(section, dict):
                raise HarnessError(f"{pyproject.name}: tool.migration-harness must be a table")
            return _parse(section, pyproject, label)
    return Settings()


def load_settings_file(path: Path) -> Settings:
    """Settings from a file named explicitly (``--harness-config``): it must exist and configure the harness."""
    if not path.is_file():
        raise HarnessError(f"--harness-config {path}: no such file")
    data = _read_toml(path)
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        section = tool.get("migration-harness") if isinstance(tool, dict) else None
        if not isinstance(section, dict):
            raise HarnessError(f"--harness-config {path}: has no [tool.migration-harness] table")
        return _parse(section, path, f"{path.name} [tool.migration-harness]")
    return _parse(data, path, path.name)


def _read_toml(path: Path) -> dict[str, Any]:
    from .liquibase.text import read_utf8

    text = read_utf8(path, "settings file")  # a non-UTF-8 byte is named with its line, not a decode traceback
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already ends in "(at line L, column C)"
        raise HarnessError(f"{path.name}: malformed TOML: {exc}") from None


class _Reader:
    """Type-checks one table's keys and reports the first problem with file and dotted key."""

    def __init__(self, label: str, prefix: str, table: Any) -> None:
        self.label, self.prefix = label, prefix
        if not isinstance(table, dict):
            raise self.error(None, f"must be a table, got {_type_name(table)}")
        self.table = table

    def error(self, key: str | None, message: str) -> HarnessError:
        dotted = ".".join(p for p in (self.prefix, key) if p)
        return HarnessError(f"{self.label}: {dotted}: {message}" if dotted else f"{self.label}: {message}")

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        for key in self.table:
            if key not in allowed:
                raise self.error(key, f"unknown key; expected one of: {', '.join(allowed)}")

    def string(self, key: str, lazy: bool = False) -> str | None:
        """The value with ``${VAR}`` expanded; ``lazy`` returns it unexpanded (checked with placeholders for
        unset variables), for values expanded only when used."""
        value = self.table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, got {_type_name(value)}")
        expanded = _expand(value, lambda message: self.error(key, message), unset="unset" if lazy else None)
        if not expanded.strip():
            raise self.error(key, "must not be empty")
        return value if lazy else expanded

    def seconds(self, key: str, default: float) -> float:
        value = self.table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 31_536_000:
            raise self.error(key, f"must be a number of seconds above 0, got {value!r}")
        return float(value)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        value = self.table.get(key, allowed[0])
        if value not in allowed:
            raise self.error(key, f"must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}")
        return str(value)

    def boolean(self, key: str) -> bool:
        value = self.table.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, got {_type_name(value)}")
        return value


def _parse(data: dict[str, Any], path: Path, label: str) -> Settings:
    top = _Reader(label, "", data)
    top.check_keys(("migration", "targets", "containers", "local"))
    migration = top.string("migration")
    return Settings(
        source=path,
        migration=(path.parent / migration) if migration else None,
        targets=_parse_targets(label, data.get("targets", {})),
        containers=_parse_containers(label, data.get("containers", {})),
        local=_parse_local(label, data.get("local", {})),
    )


def _parse_targets(label: str, table: Any) -> dict[str, TargetConfig]:
    reader = _Reader(label, "targets", table)
    targets = {}
    for name, body in reader.table.items():
        if name in RESERVED_TARGETS:
            raise reader.error(name, f"{name!r} is a built-in target and cannot be configured here; pick another name")
        if not _TARGET_NAME.match(name):
            raise reader.error(name, "target names may use letters, digits, '_', '-' and '.'")
        targets[name] = _parse_target(label, name, body)
    return targets


def _parse_target(label: str, name: str, body: Any) -> TargetConfig:
    reader = _Reader(label, f"targets.{name}", body)
    reader.check_keys(
        ("mysql", "clickhouse", "destructive", "production", "connect_timeout", "query_timeout", "leftovers")
    )
    mysql, clickhouse = reader.string("mysql", lazy=True), reader.string("clickhouse", lazy=True)
    if mysql is None and clickhouse is None:
        raise reader.error(None, "needs a mysql URL, a clickhouse URL or both")
    for key, value, check in (("mysql", mysql, mysql_url), ("clickhouse", clickhouse, parse_clickhouse_url)):
        if value is None:
            continue
        try:  # the URL's shape now; its secrets only when the target is used
            check(_expand(value, lambda message, key=key: reader.error(key, message), unset="unset"))
        except ValueError as exc:
            raise reader.error(key, str(exc)) from None
    return TargetConfig(
        name=name, mysql=mysql, clickhouse=clickhouse, destructive=reader.boolean("destructive"),
        production=reader.boolean("production"), source=label,
        connect_timeout=reader.seconds("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
        query_timeout=reader.seconds("query_timeout", DEFAULT_QUERY_TIMEOUT),
        leftovers=reader.choice("leftovers", ("drop", "list")),
    )  # fmt: skip


def _parse_containers(label: str, table: Any) -> ContainerSettings:
    reader = _Reader(label, "containers", table)
    reader.check_keys(("mysql_image", "clickhouse_image"))
    return ContainerSettings(
        mysql_image=reader.string("mysql_image") or DEFAULT_MYSQL_IMAGE,
        clickhouse_image=reader.string("clickhouse_image") or DEFAULT_CLICKHOUSE_IMAGE,
    )


def _parse_local(label: str, table: Any) -> LocalSettings:
    reader = _Reader(label, "local", table)
    reader.check_keys(("mysqld", "scratch"))
    return LocalSettings(mysqld=reader.string("mysqld"), scratch=reader.string("scratch"))


def _expand(value: str, error: Any, unset: str | None = None) -> str:
    """Expand ``${VAR}`` and ``${VAR:-default}``; an unset variable without default is an error, or
    ``unset`` when given (to check a value's shape without its secrets).

    A value substituted into a URL's user/password part is percent-encoded, so a secret with ``@``, ``:``
    or ``/`` in the environment works as is and cannot spill into the host part of the URL.
    """

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group("name"), match.group("default")
        raw = os.environ.get(name)
        if raw is None and default is None and unset is not None:
            raw = unset
        if raw is None:
            if default is None:
                raise error(f"environment variable {name} is not set (use ${{{name}:-default}} for a fallback)")
            raw = default
        return quote(raw, safe="") if _in_userinfo(value, match.start(), match.end()) else raw

    return _VAR.sub(substitute, value)


def _in_userinfo(template: str, start: int, end: int) -> bool:
    scheme_end = template.find("://")
    between = template[scheme_end + 3 : start]
    return 0 <= scheme_end < start and "@" in template[end:] and "@" not in between and "/" not in between


def _type_name(value: Any) -> str:
    return {dict: "a table", list: "an array", str: "a string", bool: "a boolean", int: "an integer",
            float: "a number"}.get(type(value), type(value).__name__)  # fmt: skip
