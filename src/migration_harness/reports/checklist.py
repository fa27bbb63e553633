"""The pre-production checklist as the approval report shows it: each item, the checks that stand behind it,
and the items only people can tick.

Items follow the seed checklist's sections and wording. An item's status is the worst outcome of its checks:
failed, then not verified, then passed; an item whose checks all did not apply is "not applicable", one none of
whose checks ran (a suite left out with ``--suite``) is "not run".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..spec import MigrationSpec
from ..suites import CHECKLIST, PHASE_ONLY, SUITES
from ..verdict import Verdict, short_id


@dataclass(frozen=True)
class Item:
    text: str
    checks: tuple[str, ...]  # "suite::test_function" or "suite::*"
    see: str = ""  # anchor of the report section holding the figures behind the item
    names: Callable[[MigrationSpec], list[str]] | None = None  # what of this migration the item is about

    def said(self, spec: MigrationSpec | None) -> str:
        """The item as this migration's report says it: the checklist's words, then what of the spec they
        are about (``datasets -> dataset_versions``, ``dataset_versions.id = datasets.id``)."""
        named = self.names(spec) if self.names and spec else []
        if not named:
            return self.text
        shown = ", ".join(named[:SHOWN]) + (f" and {len(named) - SHOWN} more" if len(named) > SHOWN else "")
        return f"{self.text} ({shown})"


SHOWN = 3  # names an item lists before "and N more"


def _mappings(spec: MigrationSpec) -> list[str]:
    return [m.name for m in spec.mappings]


def _relations_and_constants(spec: MigrationSpec) -> list[str]:
    constants = [f"{m.target}.{c} = {v!r}" for m in spec.mappings for c, v in m.constants.items()]
    return [*(r.name for r in spec.relations), *constants]


def _id_rules(spec: MigrationSpec) -> list[str]:
    return [m.rule_text(t) for m in spec.mappings for t in m.id_rules]


def _rollups(spec: MigrationSpec) -> list[str]:
    return [r.name for r in spec.rollups]


AUTOMATED: tuple[tuple[str, tuple[Item, ...]], ...] = (
    ("Pre-migration checks", (
        Item("Migrations follow the Liquibase format, with changeset metadata and unique ids",
             ("static::test_changeset_ids_are_unique",)),
        Item("Every changeset under test has a rollback (or is declared irreversible)",
             ("static::test_every_changeset_under_test_has_a_rollback",)),
        Item("Liquibase is up to date: applied changesets unchanged since they ran",
             ("static::test_applied_checksums_unchanged",)),
        Item("Document the current counts (rows per mapping, per group, before migrating)",
             ("migrate::test_migration_applies", "staging::test_baseline_recorded"), "counts"),
        Item("Live target preflight: reachable, versions, privileges", ("staging::test_preflight",)),
        Item("Disk space: free space against the declared headroom x the copied tables",
             ("migrate::test_disk_headroom",), "disk"),
        Item("Test data holds unmerged duplicates, as production does",
             ("migrate::test_seed_keeps_unmerged_duplicates",)),
    )),
    ("Migration execution", (
        Item("Run the migration: every changeset applied and recorded, no errors",
             ("migrate::test_migration_applies", "staging::test_migration_applies_in_place")),
        Item("Record the migration duration", ("migrate::test_migration_applies",), "durations"),
        Item("Forecast the duration on production's rows (within the maintenance window)",
             ("migrate::test_duration_forecast",), "forecast"),
        Item("Nothing left pending after the migration", ("static::test_nothing_pending_after_migration",)),
    )),
    ("Post-migration validation", (
        Item("Total counts match", ("parity::test_total_count_matches",), "counts"),
        Item("Counts per group match", ("parity::test_group_counts_match",), "counts"),
        Item("Rollup tables hold their source's totals per group", ("parity::test_rollup_totals_match",),
             names=_rollups),
        Item("Every source row migrated exactly once", ("integrity::test_every_source_row_migrated_once",),
             names=_mappings),
        Item("Declared values and relations hold", ("integrity::test_declared_values", "parity::test_relation_holds"),
             names=_relations_and_constants),
        Item("Generated IDs follow the declared rules", ("ids::test_id_rules_hold",), names=_id_rules),
        Item("Disk usage before and after the migration recorded", ("migrate::test_migration_applies",), "disk"),
    )),
    ("Data integrity", (
        Item("Preserved columns equal, row by row", ("integrity::test_preserved_columns_equal",)),
        Item("No data loss in tables that existed before", ("integrity::test_no_data_loss_in_existing_tables",)),
        Item("Invariants hold for generated edge-case data shapes", ("properties::*",), "hypothesis"),
    )),
    ("Rollback testing", (
        Item("Rollback restores the pre-migration schema and data",
             ("rollback::test_rollback_restores_pre_migration_state", "staging::test_rollback_restores_baseline")),
        Item("Each changeset's rollback restores the state before it",
             ("rollback::test_each_rollback_restores_the_state_before_its_changeset",)),
        Item("Rollback after a crash and its re-run restores the pre-migration state",
             ("rollback::test_rollback_after_crash_and_rerun_restores_pre_migration_state",)),
        Item("Rollback keeps rows the application wrote after the migration",
             ("rollback::test_rollback_keeps_application_rows",)),
        Item("Migration succeeds again after rollback and reproduces the same state",
             ("rollback::test_reapplying_after_rollback_reproduces_state",
              "staging::test_reapply_reproduces_first_migration")),
    )),
    ("Idempotency", (
        Item("Re-running the migration changes nothing",
             ("idempotency::test_rerunning_the_migration_changes_nothing",)),
        Item("A crash between or inside changesets, then a re-run, ends like a clean run",
             ("idempotency::test_crash_then_rerun_matches_clean_run",)),
        Item("A copy that died half-way, then a re-run, ends like a clean run",
             ("idempotency::test_partial_copy_then_rerun_matches_clean_run",)),
        Item("Two independent runs on the same data give identical IDs and data",
             ("ids::test_independent_runs_are_identical",)),
    )),
    ("Success criteria", (
        Item("All validation checks pass", ("parity::*", "integrity::*", "ids::*")),
        Item("Counts match the baseline (total and per group)",
             ("parity::test_total_count_matches", "parity::test_group_counts_match",
              "staging::test_source_counts_match_baseline"), "counts"),
        Item("No data loss", ("integrity::*", "rollback::test_rollback_keeps_application_rows",
                              "staging::test_existing_tables_unchanged")),
        Item("Disk space within acceptable limits", ("migrate::test_disk_headroom",), "disk"),
    )),
)  # fmt: skip

CUSTOM_SECTION = "Your own checks"
OTHER_SECTION = "Other checks of the shipped suites"

# What the harness cannot check: it stays on the human checklist, ticked by hand on the printed report.
HUMAN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Backups", (
        "Create full MySQL and ClickHouse backups before the migration",
        "Verify the backups are restorable; document their location and the restore procedure",
    )),
    ("Application testing", (
        "The application reads and writes the migrated tables as before",
        "API endpoints work; SDK compatibility maintained",
        "No application errors in the logs; smoke tests pass",
    )),
    ("Production readiness", (
        "Production disk space checked (the report measured test data only)",
        "Migration duration on production volume fits the maintenance window",
        "Maintenance window scheduled and stakeholders notified",
        "Rollback plan prepared; escalation contacts identified",
    )),
    ("Monitoring", (
        "Monitoring alerts set up (error rates, query performance, disk usage)",
        "Monitor system resources (CPU, memory, disk) during the migration",
        "Post-migration monitoring planned (first 24 hours, first week)",
    )),
)  # fmt: skip

SIGN_OFF = ("Tech lead", "Database administrator (DBA)", "Product owner")

STATUS_ORDER = ("failed", "not verified", "passed", "not applicable", "not run")


def check_key(nodeid: str) -> tuple[str, str]:
    """(suite, test function) of a shipped suite's check, ("", function) for a team's own."""
    parts = short_id(nodeid).split("::")
    function = parts[-1].split("[", 1)[0]
    suite = parts[0].removesuffix(".py") if len(parts) > 1 else ""
    return (suite, function) if suite in SUITES else ("", function)


def matches(item: Item, nodeid: str) -> bool:
    suite, function = check_key(nodeid)
    return bool(suite) and (f"{suite}::{function}" in item.checks or f"{suite}::*" in item.checks)


def status(outcomes: list[str]) -> str:
    """The item's status from its checks' outcomes."""
    for worst in ("failed", "not verified"):
        if worst in outcomes:
            return worst
    if "passed" in outcomes:
        return "passed"
    return "not applicable" if outcomes else "not run"


def rows(
    verdict: Verdict, evidence: dict[str, dict[str, Any]], spec: MigrationSpec | None = None
) -> list[dict[str, Any]]:
    """Sections with their items, each with a status and the evidence (``evidence``: nodeid -> check entry);
    ``spec`` names what of the migration an item is about."""
    sections = []
    nodeids = verdict.nodeids()
    for title, items in AUTOMATED:
        out = []
        for item in items:
            behind = [evidence[n] for n in nodeids if matches(item, n)]
            if not behind and all(c.split("::")[0] in PHASE_ONLY for c in item.checks):
                continue  # a live phase's item (--phase) in a run without phases: not part of this checklist
            out.append({"item": item.said(spec), "status": status([e["outcome"] for e in behind]),
                        "see": item.see, "evidence": behind})  # fmt: skip
        sections.append({"section": title, "items": out})
    # A shipped check no item names (a suite newer than this table) still shows, under its suite's title.
    unplaced: dict[str, list[dict[str, Any]]] = {}
    for n in nodeids:
        suite = check_key(n)[0]
        if suite and not any(matches(item, n) for _, items in AUTOMATED for item in items):
            unplaced.setdefault(suite, []).append(evidence[n])
    if unplaced:
        other = [{"item": CHECKLIST.get(suite, suite), "see": "", "evidence": checks,
                  "status": status([e["outcome"] for e in checks])} for suite, checks in unplaced.items()]  # fmt: skip
        sections.append({"section": OTHER_SECTION, "items": other})
    custom = [evidence[n] for n in nodeids if not check_key(n)[0]]
    if custom:
        own = {"item": "Checks marked migration_suite in your own tests", "see": "",
               "status": status([e["outcome"] for e in custom]), "evidence": custom}  # fmt: skip
        sections.append({"section": CUSTOM_SECTION, "items": [own]})
    return sections
