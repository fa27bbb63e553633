"""Settings from migration-harness.toml / pyproject.toml: every value, every error path, no leaked secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_harness.config import (
    DEFAULT_CLICKHOUSE_IMAGE,
    DEFAULT_MYSQL_IMAGE,
    load_settings,
    mysql_url,
    parse_clickhouse_url,
    redact,
)
from migration_harness.errors import HarnessError

SECRET = "s3cr3t-pw"


def write(tmp_path: Path, text: str, name: str = "migration-harness.toml") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path


def error_of(tmp_path: Path) -> str:
    with pytest.raises(HarnessError) as info:
        load_settings(tmp_path)
    return str(info.value)


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.source is None and settings.migration is None and dict(settings.targets) == {}
    assert settings.containers.mysql_image == DEFAULT_MYSQL_IMAGE == "mysql:8.0"
    assert settings.containers.clickhouse_image == DEFAULT_CLICKHOUSE_IMAGE
    assert settings.local.mysqld is None


def test_full_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", SECRET)
    write(
        tmp_path,
        """
migration = "db/spec.yaml"
[targets.staging]
mysql = "mysql://app:${PW}@db.internal:3306/app"
clickhouse = "clickhouses://app:${PW}@ch.internal/events"
destructive = true
[targets.prod]
mysql = "mysql://ro@db.prod/app"
production = true
[containers]
mysql_image = "mysql:8.4"
[local]
mysqld = "/opt/mysql/bin/mysqld"
scratch = "/var/tmp"
""",
    )
    settings = load_settings(tmp_path)
    assert settings.source == tmp_path / "migration-harness.toml"
    assert settings.migration == tmp_path / "db/spec.yaml"
    staging, prod = settings.targets["staging"], settings.targets["prod"]
    assert staging.destructive and not staging.production
    assert prod.production and not prod.destructive and prod.clickhouse is None
    assert staging.mysql_url is not None and staging.mysql_url.password == SECRET
    assert staging.mysql_url.drivername == "mysql+pymysql"
    ch = staging.clickhouse_url
    assert ch is not None and (ch.host, ch.port, ch.database, ch.secure) == ("ch.internal", 8443, "events", True)
    assert settings.containers.mysql_image == "mysql:8.4"
    assert settings.containers.clickhouse_image == DEFAULT_CLICKHOUSE_IMAGE
    assert settings.local.mysqld == "/opt/mysql/bin/mysqld" and settings.local.scratch == "/var/tmp"
    assert SECRET not in repr(settings) and SECRET not in repr(ch)


def test_pyproject_section_and_precedence(tmp_path: Path) -> None:
    write(tmp_path, '[tool.migration-harness]\nmigration = "from-pyproject.yaml"\n', "pyproject.toml")
    assert load_settings(tmp_path).migration == tmp_path / "from-pyproject.yaml"
    write(tmp_path, 'migration = "from-own-file.yaml"\n')
    assert load_settings(tmp_path).migration == tmp_path / "from-own-file.yaml"


def test_pyproject_without_section_gives_defaults(tmp_path: Path) -> None:
    write(tmp_path, '[project]\nname = "x"\n', "pyproject.toml")
    assert load_settings(tmp_path).source is None


def test_pyproject_errors_name_the_section(tmp_path: Path) -> None:
    write(tmp_path, "[tool.migration-harness]\nbogus = 1\n", "pyproject.toml")
    assert error_of(tmp_path).startswith("pyproject.toml [tool.migration-harness]: bogus: unknown key")


def test_env_default_and_url_encoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MH_UNSET", raising=False)
    monkeypatch.setenv("MH_PW", "p@ss:w/rd")  # would break the URL if substituted raw
    monkeypatch.setenv("MH_URL", "mysql://u@h:3306/whole")
    write(
        tmp_path,
        """
[targets.a]
mysql = "mysql://u:${MH_PW}@${MH_UNSET:-db.example}:3307/app"
[targets.b]
mysql = "${MH_URL}"
""",
    )
    targets = load_settings(tmp_path).targets
    url = targets["a"].mysql_url
    assert url is not None and (url.password, url.host, url.port) == ("p@ss:w/rd", "db.example", 3307)
    assert targets["b"].mysql_url is not None and targets["b"].mysql_url.database == "whole"


def test_unset_variable_names_file_target_key_not_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MH_MISSING", raising=False)
    write(tmp_path, '[targets.staging]\nmysql = "mysql://u:${MH_MISSING}@h/app"\n')
    target = load_settings(tmp_path).targets["staging"]  # loading expands nothing: other runs are unaffected
    with pytest.raises(HarnessError) as raised:
        target.expanded()  # the target a run actually uses
    assert str(raised.value).startswith(
        "migration-harness.toml: targets.staging.mysql: environment variable MH_MISSING"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bogus = 1", "migration-harness.toml: bogus: unknown key"),
        ('[targets.s]\nmysql = "mysql://u@h/a"\nport = 1', "migration-harness.toml: targets.s.port: unknown key"),
        ("[containers]\ntag = 'x'", "migration-harness.toml: containers.tag: unknown key"),
        ("[local]\nmariadbd = 'x'", "migration-harness.toml: local.mariadbd: unknown key"),
        ("migration = 3", "migration-harness.toml: migration: must be a string, got an integer"),
        ("migration = ''", "migration-harness.toml: migration: must not be empty"),
        ("targets = 1", "migration-harness.toml: targets: must be a table"),
        ("[targets]\ns = 'mysql://u@h/a'", "migration-harness.toml: targets.s: must be a table, got a string"),
        ('[targets.s]\nmysql = "mysql://u@h/a"\ndestructive = "yes"', "targets.s.destructive: must be true or false"),
        ('[targets.s]\nmysql = "mysql://u@h/a"\nproduction = 1', "targets.s.production: must be true or false"),
        ("[targets.s]\ndestructive = true", "migration-harness.toml: targets.s: needs a mysql URL, a clickhouse"),
        ('[targets.local]\nmysql = "mysql://u@h/a"', "targets.local: 'local' is a built-in target"),
        ('[targets.containers]\nmysql = "mysql://u@h/a"', "targets.containers: 'containers' is a built-in"),
        ('[targets.s]\nmysql = "postgres://u@h/a"', "targets.s.mysql: unsupported scheme 'postgres'"),
        ('[targets.s]\nmysql = "mysql://u@h"', "targets.s.mysql: the URL names no database"),
        ('[targets.s]\nmysql = "mysql://u@h:port/a"', "targets.s.mysql: not a valid URL"),
        ('[targets.s]\nmysql = "mysql://u:p@ss@h/a"', "targets.s.mysql: the password contains an unescaped"),
        ('[targets.s]\nclickhouse = "tcp://h:9000"', "targets.s.clickhouse: unsupported scheme 'tcp'"),
        ('[targets.s]\nclickhouse = "http://h/db?x=1"', "targets.s.clickhouse: query parameters are not supported"),
        ('[targets.s]\nclickhouse = "http:///db"', "targets.s.clickhouse: the URL names no host"),
        ("[containers]\nmysql_image = 8", "containers.mysql_image: must be a string"),
    ],
)
def test_errors_name_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, text + "\n")
    assert expected in error_of(tmp_path)


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, 'migration = "a"\n[targets.s\nmysql = 1\n')
    message = error_of(tmp_path)
    assert message.startswith("migration-harness.toml: malformed TOML:") and "line 2" in message


def test_password_never_in_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", SECRET)
    write(tmp_path, '[targets.s]\nmysql = "mysql://u:${PW}@h/a"\nport = 1\n')
    assert SECRET not in error_of(tmp_path)
    write(tmp_path, '[targets.s]\nmysql = "postgres://u:${PW}@h/a"\n')
    assert SECRET not in error_of(tmp_path)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mysql://app:s3cret@db:3306/app", "mysql://app:***@db:3306/app"),
        ("mysql+pymysql://app@db/app", "mysql+pymysql://app@db/app"),
        ("clickhouses://u:pw@ch:8443/db", "clickhouses://u:***@ch:8443/db"),
        ("https://u:p@ss@ch/db", "https://u:***@ch/db"),  # unescaped @: hide up to the last one
        ("not a url s3cret", "<unparseable URL>"),
    ],
)
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_clickhouse_url_defaults() -> None:
    plain = parse_clickhouse_url("clickhouse://ch")
    assert (plain.port, plain.username, plain.password, plain.database, plain.secure) == (
        8123, "default", "", "default", False,
    )  # fmt: skip
    assert parse_clickhouse_url("https://u:p%40w@ch:9443/x").password == "p@w"
    assert mysql_url("mariadb://u@h/a").drivername == "mysql+pymysql"
