"""CI: the recipes of docs/ci/ run as written, so they cannot rot.

Each recipe's YAML is parsed and its shell commands (GitHub's `run:`, GitLab's `before_script:`/`script:`) are
executed in a fresh copy of a team's repository (the bundled example as `migrations/`, a git repository), with
the recipe's own variables. Steps that only the CI service can run (checkout, setup-python, cache, upload) are
skipped with a note. The one substitution is the documented placeholder HARNESS_PACKAGE: pip installs this
checkout instead of the release. The install runs into a throwaway venv that sees this checkout's .venv for the
dependencies, so pip resolves them as already installed and the check stays well under two minutes.

GitHub's workflow runs the example as it is (GO: exit 0); GitLab's job runs a pull request whose changeset does
not apply (NO-GO: exit 1, so the job fails). Both must leave the report files their pytest command names.

    .venv/bin/python .ci/check_recipes.py
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RECIPES = ROOT / "docs" / "ci"
EXAMPLE = ROOT / "examples" / "dataset_versioning"
TEAM_MIGRATIONS = "migrations"  # where the recipes expect the team's spec and changelogs
PLACEHOLDERS = {"HARNESS_PACKAGE": str(ROOT)}  # documented in docs/ci.md: what pip installs
SERVICE_ACTIONS = ("actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-artifact")
REPORT_OPTIONS = ("--html", "--migration-report")
VERDICTS = {0: "GO", 1: "NO-GO", 6: "NOT VERIFIED"}  # pytest's exit code -> the verdict it stands for
# A pull request that breaks the backfill: the changeset does not apply, which is NO-GO.
BROKEN = ("mysql/000003_backfill_dataset_versions.sql", "FROM datasets d", "FROM datasets_renamed d")


@dataclass
class Step:
    name: str
    script: str


@dataclass
class Recipe:
    name: str
    env: dict[str, str]
    steps: list[Step] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    path_filters: list[str] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)
    caches: list[str] = field(default_factory=list)

    @property
    def pytest_command(self) -> list[str]:
        """The words of the command that runs the checklist (the recipe's last `python -m pytest` line)."""
        lines = [line for step in self.steps for line in step.script.splitlines() if "-m pytest" in line]
        if not lines:
            raise SystemExit(f"check_recipes: {self.name} runs no `python -m pytest` command")
        return shlex.split(lines[-1])

    def reports(self) -> list[str]:
        words = self.pytest_command
        return [words[i + 1] for i, word in enumerate(words[:-1]) if word in REPORT_OPTIONS]


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def github_recipe(path: Path) -> Recipe:
    doc = yaml.safe_load(path.read_text())
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on:` key as True
    (job_name, job), *_ = doc["jobs"].items()
    recipe = Recipe(f"{path.name} job {job_name}", {**doc.get("env", {}), **job.get("env", {})})
    recipe.path_filters = _strings(on["pull_request"].get("paths"))
    for i, step in enumerate(job["steps"]):
        uses = step.get("uses", "")
        if uses:
            if not uses.startswith(SERVICE_ACTIONS):
                raise SystemExit(f"check_recipes: {path.name}: step {i} uses {uses}, which this check cannot run")
            recipe.skipped.append(uses)
            with_ = step.get("with", {})
            if uses.startswith("actions/upload-artifact"):
                recipe.artifacts += _strings(with_.get("path"))
            if uses.startswith("actions/cache"):
                recipe.caches += _strings(with_.get("path"))
            continue
        if step.get("env"):
            raise SystemExit(f"check_recipes: {path.name}: step-level env is not supported by this check")
        recipe.steps.append(Step(step.get("name", f"step {i}"), step["run"]))
    return recipe


def gitlab_recipe(path: Path) -> Recipe:
    doc = yaml.safe_load(path.read_text())
    (job_name, job), *_ = ((k, v) for k, v in doc.items() if isinstance(v, dict) and "script" in v)
    recipe = Recipe(f"{path.name} job {job_name}", dict(job.get("variables", {})))
    recipe.path_filters = [c for rule in job.get("rules", []) for c in _strings(rule.get("changes"))]
    recipe.artifacts = _strings(job.get("artifacts", {}).get("paths"))
    recipe.caches = _strings(job.get("cache", {}).get("paths"))
    recipe.skipped.append(f"image {job.get('image')} (this machine stands in for it)")
    for section in ("before_script", "script"):  # GitLab runs each section's lines in one shell
        if job.get(section):
            recipe.steps.append(Step(section, "\n".join(_strings(job[section]))))
    return recipe


def glob_matches(pattern: str, path: str) -> bool:
    """CI path filters: ``**/`` is any number of directories, ``**`` anything, ``*`` anything but ``/``."""
    regex = ""
    for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
        regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(token, re.escape(token))
    return re.fullmatch(regex, path) is not None


def team_repository(parent: Path, broken: bool = False) -> Path:
    """A team's repository: the bundled example as migrations/, committed to git (the report reads the commit)."""
    repo = parent / "team"
    migrations = repo / TEAM_MIGRATIONS
    shutil.copytree(EXAMPLE, migrations, ignore=shutil.ignore_patterns("mutants", "__pycache__"))
    if broken:
        name, old, new = BROKEN
        sql = migrations / name
        assert old in sql.read_text(), f"{name} no longer contains {old!r}: update BROKEN"
        sql.write_text(sql.read_text().replace(old, new))
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "team repository"]):
        subprocess.run([*git, *args], cwd=repo, check=True)
    return repo


def throwaway_python(parent: Path) -> Path:
    """A venv whose own site-packages is empty but which sees this checkout's .venv (the dependencies, and pip
    itself: ensurepip would cost seconds). pip installs into the venv it runs in, so .venv stays as it is."""
    env = parent / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = next((env / "lib").glob("python*/site-packages"))
    (site / "harness-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env / "bin"


def recipe_env(recipe: Recipe, bin_dir: Path, repo: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "VIRTUAL_ENV"))}
    env |= {"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "CI_PROJECT_DIR": str(repo), "CI": "true"}
    for name, value in recipe.env.items():
        value = PLACEHOLDERS.get(name, str(value))
        env[name] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m[1], m[0]), value)  # GitLab expands $VARS
    return env


def run_recipe(recipe: Recipe, expected_exit: int, broken: bool) -> list[str]:
    """Run the recipe's commands in a fresh team repository; the problems found (empty when it works)."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="mh-recipe-") as tmp:
        repo = team_repository(Path(tmp), broken)
        bin_dir = throwaway_python(Path(tmp))
        env = recipe_env(recipe, bin_dir, repo)
        for skipped in recipe.skipped:
            print(f"check_recipes: {recipe.name}: skipped {skipped} (the CI service's own step)")
        for i, step in enumerate(recipe.steps):
            last = i == len(recipe.steps) - 1
            started = time.monotonic()
            shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.script]  # as GitHub runs `run:`
            done = subprocess.run(shell, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
            seconds = time.monotonic() - started
            want = expected_exit if last else 0
            print(f"check_recipes: {recipe.name}: {step.name}: exit {done.returncode} in {seconds:.1f} s")
            if done.returncode != want:
                problems.append(f"{step.name}: exit {done.returncode}, expected {want}\n{done.stdout[-4000:]}"
                                f"\n{done.stderr[-2000:]}")  # fmt: skip
                return problems
            if last:
                for line in done.stdout.splitlines():  # the header, progress lines and the verdict, as a job log shows
                    if line.startswith(("migration-harness:", "GO:", "NO-GO:", "NOT VERIFIED:")):
                        print(f"    {line}")
                if not re.search(rf"^{VERDICTS[expected_exit]}: ", done.stdout, re.M):
                    problems.append(f"{step.name}: no {VERDICTS[expected_exit]} verdict in the output")
        for report in recipe.reports():
            if not (repo / report).is_file():
                problems.append(f"the pytest command names {report}, but the run did not write it")
            elif not any(glob_matches(a.rstrip("/") + "/**", report) or a == report for a in recipe.artifacts):
                problems.append(f"{report} is not among the uploaded artifacts {recipe.artifacts}")
    return problems


def static_problems(recipe: Recipe) -> list[str]:
    """What a recipe must say, checked without running it."""
    problems = []
    words = recipe.pytest_command
    if "--migration" not in words or "--migration-report" not in words:
        problems.append(f"the pytest command {shlex.join(words)} lacks --migration or --migration-report")
    if "--allow-unverified" in words:
        problems.append("--allow-unverified would let NOT VERIFIED pass the job")
    if not any(".hypothesis/examples" in c for c in recipe.caches) or not any("pip" in c for c in recipe.caches):
        problems.append(f"caches {recipe.caches} miss the pip or the .hypothesis/examples directory")
    files = [p.relative_to(EXAMPLE) for p in EXAMPLE.rglob("*.*") if "mutants" not in p.parts]
    unfiltered = [f"{TEAM_MIGRATIONS}/{f}" for f in files]
    unfiltered = [f for f in unfiltered if not any(glob_matches(pattern, f) for pattern in recipe.path_filters)]
    if unfiltered:
        problems.append(f"a pull request touching {unfiltered[0]} would not run the job ({recipe.path_filters})")
    return problems


def main() -> int:
    started = time.monotonic()
    cases = [
        (github_recipe(RECIPES / "github-actions.yml"), 0, False),  # the example as it is: GO
        (gitlab_recipe(RECIPES / "gitlab-ci.yml"), 1, True),  # a changeset that does not apply: NO-GO
    ]
    failed = False
    for recipe, expected, broken in cases:
        problems = static_problems(recipe) + run_recipe(recipe, expected, broken)
        for problem in problems:
            print(f"check_recipes: {recipe.name}: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
    print(f"check_recipes: {'FAILED' if failed else 'ok'} in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
