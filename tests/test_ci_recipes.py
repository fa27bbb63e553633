"""The CI recipes of docs/ci/: they parse, run the checklist command, and docs/ci.md shows them verbatim.
(.ci/check_recipes.py executes them; that is CI's job, too slow for a unit test.)"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _check_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_recipes", ROOT / ".ci" / "check_recipes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


check = _check_module()
RECIPES = {
    "github-actions.yml": check.github_recipe(check.RECIPES / "github-actions.yml"),
    "gitlab-ci.yml": check.gitlab_recipe(check.RECIPES / "gitlab-ci.yml"),
}


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_runs_the_checklist_and_keeps_its_reports(name: str) -> None:
    recipe = RECIPES[name]
    words = recipe.pytest_command
    assert words[:3] == ["python", "-m", "pytest"]
    assert words[words.index("--migration") + 1] == "$MIGRATION_SPEC"
    assert recipe.env["MIGRATION_SPEC"] == "migrations/spec.toml"
    assert recipe.reports() == ["reports/migration.html", "reports/approval.html"]
    assert recipe.artifacts == ["reports/"]
    assert any('pip install "$HARNESS_PACKAGE"' in step.script for step in recipe.steps)
    assert any("apt-get install" in step.script and "mariadb-server" in step.script for step in recipe.steps)
    assert check.static_problems(recipe) == []


def test_github_steps_the_check_cannot_run_are_the_ci_services_own() -> None:
    skipped = RECIPES["github-actions.yml"].skipped
    assert {s.split("@")[0] for s in skipped} == set(check.SERVICE_ACTIONS)


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("migrations/**", "migrations/mysql/changelog.xml", True),
        ("migrations/**/*", "migrations/spec.toml", True),
        ("migrations/**/*", "migrations/clickhouse/000001_create.sql", True),
        ("migrations/*", "migrations/mysql/changelog.xml", False),
        ("migrations/**", "src/app.py", False),
    ],
)
def test_path_filters_match_like_the_ci_services(pattern: str, path: str, matches: bool) -> None:
    assert check.glob_matches(pattern, path) is matches


def test_a_filter_that_misses_the_changelogs_is_reported() -> None:
    recipe = check.github_recipe(check.RECIPES / "github-actions.yml")
    recipe.path_filters = ["migrations/*.toml"]
    assert any("would not run the job" in p for p in check.static_problems(recipe))


@pytest.mark.parametrize("name", RECIPES)
def test_docs_show_the_recipe_verbatim(name: str) -> None:
    page = (ROOT / "docs" / "ci.md").read_text()
    block = re.search(rf"<!-- verbatim: docs/ci/{re.escape(name)} -->\n```yaml\n(.*?)```", page, re.S)
    assert block is not None, f"docs/ci.md has no verbatim block for {name}"
    assert block[1] == (check.RECIPES / name).read_text()
