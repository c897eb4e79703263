"""Time of brokers (betweenness) and communities (Louvain) on Barabási–Albert graphs of 10^3 … 10^5 nodes.

    python bench/bench_analytics.py                    # 1e3 1e4 1e5
    python bench/bench_analytics.py --sizes 1e5 --repeat 3

Figures, not asserts (a loaded CI box would flake on a bound). Target: brokers on 10^5 nodes about
1 s on a quiet machine (above EXACT_BETWEENNESS_LIMIT nodes betweenness is sampled from 32 sources).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time

import networkx as nx

from graph.analytics import brokers, communities


def graph_of(nodes: int) -> nx.MultiDiGraph:
    """A scale-free graph with ids shaped like ours, every node an organisation."""
    H = nx.barabasi_albert_graph(nodes, 2, seed=1)
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"e{v:016x}", {"name": f"n{v}", "type": "Company", "articles": 1}) for v in H)
    G.add_edges_from((f"e{u:016x}", f"e{v:016x}") for u, v in H.edges())
    return G


def timed(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1e3", "1e4", "1e5"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--communities-max", type=float, default=1e4, help="Louvain only up to this many nodes.")
    args = parser.parse_args(argv)
    brokers(graph_of(10), top=1)  # igraph's import is not part of the figure
    print(f"{'nodes':>8} {'edges':>8} {'brokers s':>10} {'communities s':>14}")
    for size in args.sizes:
        G = graph_of(int(float(size)))
        broker_s = timed(functools.partial(brokers, G, top=5), args.repeat)
        if G.number_of_nodes() <= args.communities_max:
            community = f"{timed(functools.partial(communities, G), args.repeat):>14.2f}"
        else:
            community = f"{'-':>14}"
        print(f"{G.number_of_nodes():>8} {G.number_of_edges():>8} {broker_s:>10.2f} {community}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
