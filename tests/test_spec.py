"""Spec validation: every mistake is one error naming the file and the dotted key; crash points are planned
where a re-run must cope with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_harness.errors import HarnessError
from migration_harness.spec import CLICKHOUSE_MIGRATION_SETTINGS, load_spec

BASE = """
[databases.mysql]
changelog = "c.sql"
migration = ["a:1"]

[[mappings]]
name = "m"
database = "mysql"
source = "s"
target = "t"
key = { id = "id" }
"""
KEY = 'key = { id = "id" }'
ROLLUP = KEY + '\n[[rollups]]\nname = "r"\ndatabase = "mysql"\nsource = "s"\ntarget = "t"\n'


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "c.sql").write_text("--liquibase formatted sql\n")
    (tmp_path / "ch.sql").write_text("--liquibase formatted sql\n")
    spec = tmp_path / "spec.toml"
    spec.write_text(text)
    return spec


def test_a_minimal_spec_loads_with_defaults(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, BASE))
    (mapping,) = spec.mappings
    assert (mapping.source_filter, mapping.target_filter, mapping.source_read) == ("", "", "")
    assert spec.databases["mysql"].migration_settings == {}  # ClickHouse only
    assert spec.name == tmp_path.name


def test_clickhouse_gets_production_like_settings_with_overrides(tmp_path: Path) -> None:
    text = BASE.replace("[databases.mysql]", '[databases.clickhouse]\nchangelog = "ch.sql"\nmigration = ["b:1"]\n'
                        'migration_settings = { max_block_size = 7 }\n\n[databases.mysql]')  # fmt: skip
    settings = load_spec(write(tmp_path, text)).databases["clickhouse"].migration_settings
    assert settings == {**CLICKHOUSE_MIGRATION_SETTINGS, "max_block_size": 7}
    assert settings["optimize_on_insert"] == 0


CASES = [
    ('key = { id = "id" }', "key = { id = 3 }", "mappings[0].key.id: must map a column name to a column name, got 3"),
    ('key = { id = "id" }', "key = {}", "mappings[0].key: must name at least one column"),
    ('source = "s"', 'source = "s; DROP"', "mappings[0].source: must be a table or column name, got 's; DROP'"),
    ('database = "mysql"', 'database = "postgres"', "mappings[0].database: names database 'postgres', but the spec"),
    ('target = "t"', 'target = "t"\nsource_read = "FINAL"', "mappings[0].source_read: FINAL is a ClickHouse read"),
    ('target = "t"', 'target = "t"\ntarget_read = "LAST"', "mappings[0].target_read: must be '' or 'FINAL'"),
    ('target = "t"', 'target = "t"\nbogus = 1', "mappings[0].bogus: unknown key"),
    (
        'migration = ["a:1"]',
        'migration = ["a1"]',
        "databases.mysql.migration: changeset 'a1' must be written author:id",
    ),
    ('migration = ["a:1"]', "migration = []", "databases.mysql.migration: name at least one changeset"),
    ('migration = ["a:1"]', 'migration = ["a:1"]\nvolatile = ["t"]', "databases.mysql.volatile: 't' must be written"),
    ('migration = ["a:1"]', 'migration = ["a:1"]\nmay_change = ["x.y.z"]', "databases.mysql.may_change: 'x.y.z' must"),
    (
        'migration = ["a:1"]',
        'migration = ["a:1"]\nmigration_settings = { x = 1 }',
        "only ClickHouse has query settings",
    ),
    ('changelog = "c.sql"', 'changelog = "missing.sql"', "databases.mysql.changelog: file"),
    ("[databases.mysql]", "[databases.oracle]", "databases.oracle: unknown database kind"),
    ('name = "m"', 'name = "m"\n', None),  # control: unchanged text loads
    ('target = "t"', 'target = "t"\nsource_at = "before"', None),
    ('target = "t"', 'target = "t"\nconstants = { tags = ["latest"] }', "mappings[0].constants.tags: must be a string"),
    ('target = "t"', 'target = "t"\ngroup_by = { g = "COALESCE(g, 0)" }', None),
    ('target = "t"', 'target = "t"\nsource_at = "after"', "mappings[0].source_at: must be 'before'"),
    ('key = { id = "id" }', 'key = { id = "id" }\n[forecast]\nrows = { "mysql.s" = 10 }\nwindow_minutes = 30', None),
    ('key = { id = "id" }', 'key = { id = "id" }\n[forecast]\nrows = { "s" = 10 }', "forecast.rows.s: must be written"),
    ('key = { id = "id" }', 'key = { id = "id" }\n[forecast]\nrows = { "mysql.s" = 0 }', "forecast.rows.mysql.s: must"),
    ('key = { id = "id" }', 'key = { id = "id" }\n[forecast]\nrows = {}', "forecast.rows: must name at least one"),
    ('key = { id = "id" }', 'key = { id = "id" }\n[forecast]\nwindow_minutes = 5', "forecast.rows: is required"),
    (
        'key = { id = "id" }',
        'key = { id = "id" }\n[forecast]\nrows = { "mysql.s" = 9 }\nwindow_minutes = -1',
        "forecast.window_minutes: must be a number of minutes above 0",
    ),
    (KEY, ROLLUP + 'group_by = { g = "DATE(at)" }\ntotals = { n = "COUNT(*)", "MAX(m)" = "MAX(m)" }', None),
    (KEY, ROLLUP + 'group_by = { g = "g" }', "rollups[0].totals: is required"),
    (KEY, KEY + "\nid_rules = { code = \"CONCAT('v1-', id)\" }", None),
    (KEY, KEY + '\nid_rules = { code = " " }', "mappings[0].id_rules.code: must map a column name to a source column"),
    (
        KEY,
        ROLLUP + 'group_by = { "DATE(at)" = "g" }\ntotals = { n = "COUNT(*)" }',
        "rollups[0].group_by.DATE(at): must",
    ),
    (KEY, ROLLUP + 'group_by = { g = "g" }\ntotals = {}', "rollups[0].totals: must name at least one"),
    (KEY, ROLLUP + 'group_by = { g = "g" }\ntotals = { n = 1 }', "rollups[0].totals.n: must map a target column"),
    (
        KEY,
        ROLLUP + 'group_by = { g = "g" }\ntotals = { n = "COUNT(*)" }\nsource_read = "FINAL"',
        "rollups[0].source_read: FINAL is a ClickHouse read",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES, ids=[c[2] or "control" for c in CASES])
def test_spec_mistake_is_one_error_naming_file_and_key(tmp_path: Path, old: str, new: str, message: str | None) -> None:
    assert old in BASE
    path = write(tmp_path, BASE.replace(old, new, 1))
    if message is None:
        load_spec(path)
        return
    with pytest.raises(HarnessError) as raised:
        load_spec(path)
    assert str(raised.value).startswith(f"{path}: "), raised.value
    assert message in str(raised.value)


def test_duplicate_mapping_names_name_both(tmp_path: Path) -> None:
    text = BASE + '\n[[mappings]]\nname = "m"\ndatabase = "mysql"\nsource = "s"\ntarget = "u"\nkey = { id = "id" }\n'
    with pytest.raises(HarnessError, match=r"mappings\[1\]\.name: 'm' is already the name of mappings\[0\]"):
        load_spec(write(tmp_path, text))


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match=r"spec\.toml: not valid TOML"):
        load_spec(write(tmp_path, "[databases.mysql\n"))


def test_crash_points_cover_every_statement_boundary_that_matters(tmp_path: Path) -> None:
    """Inside every multi-statement changeset, after its last statement (ran but not recorded), and right
    after the previous changeset was recorded; never more than a handful per changeset."""
    from migration_harness.collection import crash_points
    from migration_harness.liquibase import load_changelog
    from migration_harness.session import Plan

    sql = tmp_path / "c.sql"
    statements = "\n".join(f"INSERT INTO t VALUES ({i});" for i in range(10))
    sql.write_text(
        "--liquibase formatted sql\n--changeset a:base\nCREATE TABLE t (i INT);\n"
        f"--changeset a:one\nINSERT INTO t VALUES (0);\n--changeset a:many\n{statements}\n"
    )
    log = load_changelog(sql)
    plan = Plan(log, log.changesets[:1], log.changesets[1:])
    assert crash_points({"mysql": plan}) == [
        ("mysql", "a:one", 1),  # the only statement ran, the changeset was not recorded
        ("mysql", "a:many", 0),  # a:one recorded, nothing of a:many ran
        ("mysql", "a:many", 2),  # four cuts spread over the ten statements
        ("mysql", "a:many", 4),
        ("mysql", "a:many", 7),
        ("mysql", "a:many", 9),
        ("mysql", "a:many", 10),  # all ran, not recorded: the re-run repeats statements that took effect
    ]


def test_contexts_and_labels_choose_the_changesets_production_runs(tmp_path: Path) -> None:
    """Liquibase runs every changeset without --contexts; a spec that names production's contexts and labels
    leaves the others out of the baseline and of the changesets under test, as Liquibase would."""
    from migration_harness.liquibase import load_changelog
    from migration_harness.runs import split_changelog

    spec_path = write(tmp_path, BASE.replace('migration = ["a:1"]', 'migration = ["a:1", "a:2"]\ncontexts = "prod"'))
    changelog = (
        "--liquibase formatted sql\n--changeset a:base\nSELECT 1;\n--changeset a:demo context:test\nSELECT 2;\n"
        "--changeset a:1 context:prod,test\nSELECT 3;\n--changeset a:2\nSELECT 4;\n"
        "--changeset a:junk context:test labels:demo\nSELECT 5;\n"
    )
    (tmp_path / "c.sql").write_text(changelog)
    spec = load_spec(spec_path)
    db = spec.databases["mysql"]
    baseline, migration = split_changelog(spec, db, load_changelog(db.changelog))
    assert ([cs.id for cs in baseline], [cs.id for cs in migration]) == (["base"], ["1", "2"])
    unfiltered = load_spec(write(tmp_path, BASE.replace('migration = ["a:1"]', 'migration = ["a:1", "a:2"]')))
    (tmp_path / "c.sql").write_text(changelog)  # write() reset it
    with pytest.raises(HarnessError, match=r"from 'a:1' on; a changeset of a Liquibase context or label .*contexts"):
        split_changelog(unfiltered, unfiltered.databases["mysql"], load_changelog(db.changelog))
