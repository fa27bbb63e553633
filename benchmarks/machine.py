"""What every benchmark prints beside its figures: the machine and its load (shared machines are noisy)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    return f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().strip()
