"""Latency of the ready questions at 10^4, 10^5 and 10^6 triples of a synthetic graph shaped like ours,
on the embedded store (Oxigraph) and, with the very same SPARQL, on rdflib's in-memory Dataset.

    python bench/bench_queries.py                 # 1e4 1e5 1e6
    python bench/bench_queries.py --sizes 1e4 1e5 --repeat 3

Targets (issue 6): at 10^6 triples every ready question under 1 s on the embedded store, and the
embedded store at least 20x faster than rdflib's memory store on the same queries.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

import pyoxigraph as ox

from graph import questions
from graph.rdf_encode import entity_quads, extraction_quads
from graph.rdf_vocabulary import to_python
from graph.model import Article, Entity, Evidence, Extraction, Relation
from graph.stores.embedded import EmbeddedRdfStore
from graph.stores.sparql_base import PROLOGUE, SparqlGraphStore

QUADS_PER_ARTICLE = 224  # measured on the generator below; used only to pick the article count


# --- a synthetic graph shaped like ours ----------------------------------------------------------
def synthetic_extractions(articles: int, seed: int = 7) -> Iterable[Extraction]:
    """Articles about clusters: members join, organisations cooperate, officials hold posts, projects
    run within clusters on someone's instruction. Entity pools grow with the article count."""
    rnd = random.Random(seed)
    n_clusters = max(3, articles // 150)
    clusters = [Entity(type="Cluster", name=f"Кластер {i}") for i in range(n_clusters)]
    companies = [Entity(type="Company", name=f"Компания {i}", aliases=[f"АО Компания {i}"]) for i in range(max(20, articles))]
    universities = [Entity(type="University", name=f"Университет {i}") for i in range(max(5, articles // 40))]
    bodies = [Entity(type="RegionalBody", name=f"Администрация области {i}") for i in range(max(3, articles // 100))]
    officials = [Entity(type="Official", name=f"Чиновник Номер{i}") for i in range(max(10, articles // 3))]
    projects = [Entity(type="Project", name=f"Проект {i}") for i in range(max(5, articles // 10))]
    posts = ["губернатор", "ректор", "генеральный директор", "заместитель губернатора"]
    start = date(2015, 1, 1)
    for a in range(articles):
        published = start + timedelta(days=rnd.randrange(3650))
        text = f"Синтетическая статья {a}."
        article = Article(id=Article.make_id(f"https://bench.invalid/{a}", text), url=f"https://bench.invalid/{a}",
                          published=published, text=text)
        # Clusters grow by region: members cluster around "their" cluster's slice of the pool.
        c = rnd.randrange(n_clusters)
        cluster = clusters[c]
        span = max(1, len(companies) // n_clusters)
        members = [companies[min(len(companies) - 1, c * span + rnd.randrange(span + 5))] for _ in range(3)]
        members.append(rnd.choice(universities))
        partner = rnd.choice(companies)
        official = rnd.choice(officials)
        body = rnd.choice(bodies)
        project = rnd.choice(projects)

        def ev() -> list[Evidence]:
            return [Evidence(article_id=article.id, sentence=text, start=0, end=len(text), published=published)]

        relations = [Relation(type="PARTICIPATES_IN", source=m.id, target=cluster.id, evidence=ev()) for m in members]
        if partner.id != members[0].id:
            relations.append(Relation(type="COOPERATES_WITH", source=members[0].id, target=partner.id, evidence=ev()))
        relations.append(Relation(type="OFFICIAL_OF", source=official.id, target=body.id,
                                  attributes={"post": rnd.choice(posts)}, evidence=ev()))
        relations.append(Relation(type="PART_OF", source=project.id, target=cluster.id, evidence=ev()))
        relations.append(Relation(type="INSTRUCTED_BY", source=project.id, target=official.id, evidence=ev()))
        entities = {e.id: e for e in [cluster, *members, partner, official, body, project]}
        mentioned = [e.model_copy(update={"mentions": ev()}) for e in entities.values()]
        yield Extraction(article=article, entities=mentioned, relations=relations)


def synthetic_quads(articles: int) -> list[ox.Quad]:
    """The graph in the store's layout, written directly (relations merged by id across articles
    the way a store keeps them: one fact node, evidence from each article's graph)."""
    quads: list[ox.Quad] = []
    described: dict[str, Entity] = {}
    for extraction in synthetic_extractions(articles):
        by_id: dict[str, Relation] = {}
        for r in extraction.relations:
            by_id.setdefault(r.id, r)
        extraction.relations = list(by_id.values())
        quads.extend(extraction_quads(extraction))
        for e in extraction.entities:
            described.setdefault(e.id, e)
    for entity in described.values():
        quads.extend(entity_quads(entity))
    return quads


# --- rdflib's memory store behind the same SPARQL --------------------------------------------------
class RdflibMemoryStore(SparqlGraphStore):
    """rdflib ``Dataset`` in memory answering the exact SPARQL texts the embedded store runs."""

    kind = "rdflib-memory"

    def __init__(self, nquads: bytes) -> None:
        from rdflib import Dataset

        self.dataset = Dataset()
        self.dataset.parse(data=nquads.decode("utf-8"), format="nquads")

    def _terms(self, result) -> list[dict]:
        from rdflib import BNode, Literal, URIRef

        def term(value):
            if isinstance(value, URIRef):
                return ox.NamedNode(str(value))
            if isinstance(value, Literal):
                if value.language:
                    return ox.Literal(str(value), language=value.language)
                if value.datatype:
                    return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
                return ox.Literal(str(value))
            if isinstance(value, BNode):
                return ox.BlankNode(str(value))
            return None

        names = [str(v) for v in result.vars]
        rows = []
        for row in result:
            values = {n: term(row[n]) for n in names}
            rows.append({n: v for n, v in values.items() if v is not None})
        return rows

    def _select(self, query: str) -> list[dict]:
        return self._terms(self.dataset.query(PROLOGUE + query))

    def _run_user_query(self, text: str) -> list[dict]:
        result = self.dataset.query(text)
        names = [str(v) for v in result.vars]
        return [{n: to_python(r.get(n)) for n in names} for r in self._terms(result)]


# --- timing ---------------------------------------------------------------------------------------
def timed(call: Callable[[], object], repeat: int) -> float:
    call()  # warm caches (first query plans, igraph import)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


RDFLIB_BUDGET = 20.0  # seconds: a question slower than this on rdflib is not timed at the next size
_rdflib_slow: dict[str, float] = {}


def bench(size: int, repeat: int, with_rdflib: bool) -> list[tuple]:
    articles = max(10, size // QUADS_PER_ARTICLE)
    started = time.perf_counter()
    quads = synthetic_quads(articles)
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        started = time.perf_counter()
        raw = ox.Store(str(path))
        raw.bulk_extend(quads)
        raw.flush()
        del raw
        loaded = time.perf_counter() - started
        store = EmbeddedRdfStore(path, read_only=True)
        print(f"# {len(quads):,} quads, {articles:,} articles: generated in {generated:.1f} s, "
              f"bulk-loaded in {loaded:.1f} s", file=sys.stderr)
        cluster = Entity(type="Cluster", name="Кластер 0").id
        company_a = Entity(type="Company", name="Компания 1").id
        company_b = Entity(type="Company", name=f"Компания {articles - 2}").id
        asks = {
            "members": lambda s: questions.members_as_of(s, cluster),
            "links": lambda s: questions.links(s, company_a, company_b, max_hops=4),
            "entity": lambda s: s.entity(company_a),
            "brokers": lambda s: questions.brokers(s, top=10),
        }
        other = None
        if with_rdflib:
            started = time.perf_counter()
            other = RdflibMemoryStore(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            print(f"# rdflib Dataset parsed in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        rows = []
        for name, ask in asks.items():
            ours = timed(lambda: ask(store), repeat)
            theirs = None
            if other is not None and name not in _rdflib_slow:
                started = time.perf_counter()
                ask(other)
                theirs = time.perf_counter() - started
                if theirs > RDFLIB_BUDGET:
                    _rdflib_slow[name] = theirs
            rows.append((len(quads), name, ours, theirs))
        store.close()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["1e4", "1e5", "1e6"], help="Approximate triple counts.")
    parser.add_argument("--repeat", type=int, default=5, help="Timed runs per question on the embedded store.")
    parser.add_argument("--no-rdflib", action="store_true", help="Skip rdflib's memory store (slow at 10^6).")
    args = parser.parse_args(argv)
    print(f"{'triples':>10} {'question':>9} {'embedded ms':>12} {'rdflib ms':>11} {'speed-up':>9}")
    for size in args.sizes:
        for triples, name, ours, theirs in bench(int(float(size)), args.repeat, not args.no_rdflib):
            ratio = f"{theirs / ours:8.0f}x" if theirs else "       -"
            other = f"{theirs * 1000:11.1f}" if theirs else "    skipped" if name in _rdflib_slow else "          -"
            flag = "" if ours < 1.0 else "  > 1 s!"
            print(f"{triples:>10,} {name:>9} {ours * 1000:12.1f} {other} {ratio}{flag}", flush=True)


if __name__ == "__main__":
    main()
