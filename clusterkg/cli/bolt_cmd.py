"""``push`` (embedded store → Neo4j) and ``query cypher``: the Bolt side of the command line."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, JsonOpt, Neo4jOpt, StoreOpt, fail, store_from_options
from clusterkg.cli.store_cmd import query_app, rows_answer
from graph.model import Extraction, GraphSnapshot


def snapshot_extractions(snapshot: GraphSnapshot) -> list[Extraction]:
    """A snapshot cut back into per-article extractions, so a Bolt store can write it article by article.

    An entity goes to every article that mentions it or gives evidence for one of its relations,
    with its stored (final) type, so the type vote on the other side comes out the same.
    """
    by_article: dict[str, Extraction] = {a.id: Extraction(article=a) for a in snapshot.articles}
    placed: dict[str, set[str]] = defaultdict(set)  # article id -> entity ids already placed there
    entities = {e.id: e for e in snapshot.entities}

    def place(article_id: str, entity_id: str) -> None:
        extraction = by_article.get(article_id)
        entity = entities.get(entity_id)
        if extraction is None or entity is None or entity_id in placed[article_id]:
            return
        placed[article_id].add(entity_id)
        mentions = [m for m in entity.mentions if m.article_id == article_id]
        extraction.entities.append(entity.model_copy(update={"mentions": mentions}))

    for entity in snapshot.entities:
        for mention in entity.mentions:
            place(mention.article_id, entity.id)
    for relation in snapshot.relations:
        evidence_by_article = defaultdict(list)
        for evidence in relation.evidence:
            evidence_by_article[evidence.article_id].append(evidence)
        for article_id, evidence in evidence_by_article.items():
            if article_id not in by_article:
                continue
            place(article_id, relation.source)
            place(article_id, relation.target)
            by_article[article_id].relations.append(relation.model_copy(update={"evidence": evidence}))
    orphans = [e for e in snapshot.entities if not any(e.id in ids for ids in placed.values())]
    if orphans and by_article:
        first = next(iter(by_article))
        for entity in orphans:
            place(first, entity.id)
    return list(by_article.values())


@app.command()
def push(
    neo4j: Neo4jOpt = None,
    store: StoreOpt = None,
    json: JsonOpt = False,
) -> None:
    """Copy the embedded store into a Neo4j (Bolt) server; articles already there are left alone."""
    if not neo4j:
        raise fail("push needs a Bolt server: pass --neo4j bolt://HOST:7687 or set NEO4J_URI")
    with store_from_options(store, read_only=True) as source:
        snapshot = source.snapshot()
    extractions = snapshot_extractions(snapshot)
    with store_from_options(None, neo4j) as target:
        report = target.write(extractions)
        stats = target.stats()
    line = (f"pushed {len(report.written)} article(s) to {neo4j} ({len(report.skipped_existing)} already there); "
            f"the server now holds {stats.articles} articles, {stats.entities} entities, {stats.relations} relations")
    Answer({"report": report, "stats": stats}, [line]).print(json)


@query_app.command("cypher")
def query_cypher(
    text: Annotated[str, typer.Argument(help="A Cypher query, e.g. \"MATCH (n:Company) RETURN n.name LIMIT 5\".")],
    param: Annotated[
        list[str],
        typer.Option("--param", "-p", help="NAME=VALUE, used in the query as $NAME (always a string)."),
    ] = [],  # noqa: B006 - typer reads the default
    neo4j: Neo4jOpt = None,
    json: JsonOpt = False,
) -> None:
    """Run a Cypher query on the Neo4j (Bolt) server; values go in as parameters, never as text."""
    if not neo4j:
        raise fail("query cypher needs a Bolt server: pass --neo4j bolt://HOST:7687 or set NEO4J_URI")
    params = {}
    for item in param:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier():
            raise fail(f"--param takes NAME=VALUE, got {item!r}")
        params[name] = value
    with store_from_options(None, neo4j) as opened:
        rows = opened.query(text, "cypher", params)
    rows_answer(rows).print(json)
