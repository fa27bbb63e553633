"""The tiny spec the plugin tests break and run: where it lives, and its MySQL half for MySQL-only targets."""

from __future__ import annotations

from pathlib import Path

TINY = Path(__file__).parent / "specs" / "tiny"


def mysql_only(tiny: Path) -> Path:
    """Rewrite the copy in ``tiny`` to its MySQL half (no ClickHouse database, seed or relation); the spec."""
    spec = tiny / "spec.toml"
    text = spec.read_text()
    users_mapping = text.split("[[mappings]]")[1].split("[[mappings]]")[0]
    spec.write_text(
        text.split("[databases.clickhouse]")[0].replace('module = "seed.py"\n', "") + "[[mappings]]" + users_mapping
    )
    return spec
