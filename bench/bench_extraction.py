"""Full extraction vs bare natasha NER on NEREL texts: `python bench/bench_extraction.py [DIR] [LIMIT]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from clusterkg.benchmark import run_benchmark

if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data/nerel/dev")
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    paths = sorted(folder.glob("*.txt"))
    paths = paths[:limit] if limit else paths
    print(json.dumps(run_benchmark([p.read_text(encoding="utf-8") for p in paths]), indent=2))
