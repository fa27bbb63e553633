#!/usr/bin/env python3
"""Screenshots of approval reports in headless Chromium, JavaScript or not (the report has none).

    .venv/bin/python scripts/screenshot_report.py reports/dataset_versioning.approval.html [more.html ...]
        [--height 2400] [--out DIR]

Writes NAME.png beside each report (or into --out). Chromium comes from ``apt-get install chromium``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path


def screenshot(chromium: str, html: Path, png: Path, width: int, height: int) -> None:
    subprocess.run(
        [chromium, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
         f"--screenshot={png}", f"--window-size={width},{height}", html.resolve().as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2400)
    parser.add_argument("--out", type=Path, default=None, help="directory for the PNGs (default: beside each report)")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        print("screenshot_report: no chromium on PATH (apt-get install chromium)", file=sys.stderr)
        return 2
    missing = [str(html) for html in args.reports if not html.is_file()]
    if missing:
        print(f"screenshot_report: no such report: {', '.join(missing)}", file=sys.stderr)
        return 2
    for html in args.reports:
        png = (args.out or html.parent) / (html.name.removesuffix(html.suffix) + ".png")
        png.parent.mkdir(parents=True, exist_ok=True)
        screenshot(chromium, html, png, args.width, args.height)
        print(f"{png} ({png.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
