"""Shared helpers: corpus locations and schema-and-data fingerprints to compare two migrated databases."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from migration_harness.engines import Engine

CORPUS = Path(__file__).parent / "corpus"
CH_CORPUS = Path(__file__).parent / "corpus_clickhouse"

ROW_FIELDS = (
    "ID", "AUTHOR", "FILENAME", "ORDEREXECUTED", "EXECTYPE", "MD5SUM", "DESCRIPTION", "COMMENTS",
    "TAG", "LIQUIBASE", "CONTEXTS", "LABELS",
)  # fmt: skip
_BOOKKEEPING = ("DATABASECHANGELOG", "DATABASECHANGELOGLOCK")


def history(engine: Engine) -> list[tuple[Any, ...]]:
    if "DATABASECHANGELOG" not in engine.tables():
        return []
    rows = engine.query(f"SELECT {', '.join(ROW_FIELDS)} FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")
    return [tuple(r) for r in rows]


def schema_and_data(engine: Engine) -> dict[str, Any]:
    db = engine.quote_literal(engine.database)
    out: dict[str, Any] = {}
    for table in engine.tables():
        if table in _BOOKKEEPING:
            continue
        ddl = engine.query(f"SHOW CREATE TABLE {engine.quote_ident(table)}")[0][1]
        rows = engine.query(f"SELECT * FROM {engine.quote_ident(table)}")
        out[f"table {table}"] = (re.sub(r" AUTO_INCREMENT=\d+", "", ddl), sorted(map(repr, rows)))
    for kind, sql in {
        "views": f"SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = {db}",
        "routines": f"SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {db}",
        "triggers": f"SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {db}",
    }.items():
        out[kind] = sorted(map(repr, engine.query(sql)))
    return out
