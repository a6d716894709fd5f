"""Shared bits of the benchmarks: where the public data is, and how figures are saved."""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"
RESULTS = ROOT / "bench" / "results"


def save(name: str, figures: dict) -> Path:
    """Write figures to bench/results/<name>.json with when and where they were measured."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {"bench": name, "measured": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.machine(), **figures}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
