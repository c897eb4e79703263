"""Run every benchmark in turn and print their figures: ``make bench`` or ``python bench/run_all.py``.

Each script stands alone too; this only runs them one after another so that no two compete for
the machine's cores.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ["bench_extraction.py"],
    ["bench_ingest.py"],
    ["bench_queries.py"],
    ["bench_analytics.py"],
    ["bench_map.py", "--with-store"],
    ["bench_bolt.py"],
]


def main() -> int:
    failed = []
    for script, *args in SCRIPTS:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *args])
        print(f"=== {script}: exit {code}, {time.perf_counter() - started:.0f} s", flush=True)
        if code:
            failed.append(script)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
