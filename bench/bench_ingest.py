"""Ingest speed and memory: the NEREL texts through ``clusterkg ingest`` with 1 and 2 workers.

Prints articles, seconds, articles/s, peak memory of the whole process tree (parent + workers,
sampled), the speed-up of 2 workers over 1, and the stored articles, entities, relations and quads.

    python bench/bench_ingest.py [--nerel ../shared/data/nerel] [--workers 1 2] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
CLUSTERKG = str(Path(sys.executable).parent / "clusterkg")


def nerel_dump(nerel: Path, out: Path, limit: int | None) -> int:
    """Every NEREL text (train and dev) as one JSONL line with a stable URL; returns the count."""
    texts = sorted((nerel / "train").glob("*.txt")) + sorted((nerel / "dev").glob("*.txt"))
    texts = texts[:limit] if limit else texts
    with out.open("w", encoding="utf-8") as dump:
        for path in texts:
            record = {"url": f"https://nerel.example/{path.parent.name}/{path.stem}",
                      "text": path.read_text(encoding="utf-8")}
            dump.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(texts)


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed_ingest(dump: Path, store: Path, workers: int) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS in bytes, and the command's summary output."""
    started = time.perf_counter()
    child = subprocess.Popen([CLUSTERKG, "ingest", str(dump), "--store", str(store), "--workers", str(workers)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(watched))
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = child.communicate()
    seconds = time.perf_counter() - started
    if child.returncode not in (0, 2):
        raise SystemExit(f"ingest failed ({child.returncode}): {err.strip()[-500:]}")
    return seconds, peak, out.strip()


def quads(store: Path) -> int:
    from graph.stores import open_store

    with open_store(store, read_only=True) as opened:
        rows = opened.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "sparql")
    return int(next(iter(rows[0].values())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nerel", type=Path, default=REPO.parent / "shared" / "data" / "nerel")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        dump = Path(tmp) / "nerel.jsonl"
        count = nerel_dump(args.nerel, dump, args.limit)
        print(f"NEREL texts: {count} articles, {dump.stat().st_size / 1e6:.1f} MB of JSONL; "
              f"{psutil.cpu_count()} CPUs")
        rates: dict[int, float] = {}
        for workers in args.workers:
            store = Path(tmp) / f"store-{workers}"
            seconds, peak, summary = timed_ingest(dump, store, workers)
            rates[workers] = count / seconds
            print(f"workers={workers}: {seconds:.1f} s, {rates[workers]:.1f} articles/s, "
                  f"peak memory {peak / 1e6:.0f} MB (all processes)")
            for line in summary.splitlines():
                print(f"    {line}")
            print(f"    quads stored: {quads(store)}")
        if 1 in rates:
            for workers, rate in rates.items():
                if workers != 1:
                    print(f"speed-up with {workers} workers: {rate / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
