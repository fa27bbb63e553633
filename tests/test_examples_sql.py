"""The shipped examples beyond what the generic suites check: mutant folders are well formed, the name
split SQL implements its documented rule, and bulk volume loads and migrates."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from migration_harness.engines import Engine
from migration_harness.liquibase import NativeRunner, load_changelog
from migration_harness.seeding import Seeder, load_seeder
from migration_harness.spec import load_spec
from migration_harness.suites import SUITES
from migration_harness.targets.local import LocalTarget

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VERSIONING = EXAMPLES / "dataset_versioning"
MUTANTS = sorted(p for p in (VERSIONING / "mutants").iterdir() if p.is_dir())


def test_there_are_enough_mutants() -> None:
    assert len(MUTANTS) >= 12


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda p: p.name)
def test_mutant_is_well_formed(mutant: Path) -> None:
    meta = tomllib.loads((mutant / "mutant.toml").read_text(encoding="utf-8"))
    assert meta["description"] and meta["expect"]["message"]
    assert meta["expect"]["suite"] in SUITES
    files = [p for p in mutant.rglob("*") if p.is_file() and p.name != "mutant.toml"]
    assert files, "a mutant replaces at least one changelog file"
    for path in files:
        original = VERSIONING / path.relative_to(mutant)
        assert original.is_file(), f"{path.relative_to(mutant)} replaces no file of the example"
        assert path.read_text(encoding="utf-8") != original.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def target(local_target: LocalTarget) -> LocalTarget:
    return local_target


def _prepare(target: LocalTarget, spec_path: Path) -> tuple[dict[str, Engine], dict[str, NativeRunner], Seeder]:
    """Scratch databases at the baseline (every changeset before the first one under test)."""
    spec = load_spec(spec_path)
    engines, runners = {}, {}
    for kind, db in spec.databases.items():
        engine = target.scratch(kind, spec.name)
        props = {k: v.replace("${database}", engine.database) for k, v in db.properties.items()}
        log = load_changelog(db.changelog, props)
        runner = NativeRunner(engine, log, single_node=db.single_node)
        first = next(i for i, cs in enumerate(log.changesets) if f"{cs.author}:{cs.id}" == db.migration[0])
        runner.update_count(first)
        engines[kind], runners[kind] = engine, runner
    seeder = load_seeder(spec)
    assert seeder is not None
    seeder.learn(engines)  # generated data is derived from the baseline schema
    return engines, runners, seeder


def split_name(full_name: str | None) -> tuple[str | None, str | None]:
    """The rule the backfill implements: trim spaces, first word -> first name, the rest -> last name."""
    if full_name is None:
        return None, None
    first, _, rest = full_name.strip(" ").partition(" ")
    return first or None, rest.strip(" ") or None


def test_name_split_sql_implements_the_documented_rule(target: LocalTarget) -> None:
    engines, runners, seeder = _prepare(target, EXAMPLES / "user_name_split" / "spec.toml")
    seeder.load(engines, seeder.fixed_shape())
    users = dict(engines["mysql"].query("SELECT id, full_name FROM users"))
    assert None in users.values() and len(users) > 5
    runners["mysql"].update()
    rows = engines["mysql"].query("SELECT user_id, first_name, last_name FROM user_names")
    got = {user_id: (first, last) for user_id, first, last in rows}
    assert got == {user_id: split_name(name) for user_id, name in users.items()}


def test_bulk_volume_loads_and_migrates(target: LocalTarget) -> None:
    engines, runners, seeder = _prepare(target, VERSIONING / "spec.toml")
    seeder.bulk(engines, 5000)
    seeder.app_writes(engines)
    datasets = engines["mysql"].scalar("SELECT COUNT(*) FROM datasets")
    items = engines["clickhouse"].scalar("SELECT count() FROM dataset_items FINAL")
    raw = engines["clickhouse"].scalar("SELECT count() FROM dataset_items")
    assert int(raw) > int(items) > 4000  # unmerged duplicates are there
    assert engines["clickhouse"].scalar("SELECT countIf(created_at != toDateTime64(toStartOfSecond(created_at), 9)) "
                                        "FROM dataset_items") != 0  # fmt: skip
    for runner in runners.values():
        runner.update()
    assert engines["mysql"].scalar("SELECT COUNT(*) FROM dataset_versions WHERE id = dataset_id") == datasets
    assert engines["mysql"].scalar("SELECT COUNT(*) FROM dataset_version_tags WHERE tag = 'latest'") == datasets
    assert engines["clickhouse"].scalar("SELECT count() FROM dataset_item_versions") == items
