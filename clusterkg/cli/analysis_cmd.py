"""``links``, ``instructions``, ``partners``, ``brokers``, ``communities``, ``timeline``: the analysts' ready questions."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import (
    JsonOpt,
    Neo4jOpt,
    SparqlOpt,
    StoreOpt,
    pick_name,
    print_json,
    store_from_options,
)
from graph import questions
from graph.model import EntityName
from graph.stores.base import GraphStore


def resolve(store: GraphStore, name: str) -> EntityName:
    """The one entity a typed name means; unknown or ambiguous names end the command with exit 1."""
    return pick_name(name, store.entity_names())


def _seen(first: object, last: object) -> str:
    if not first:
        return "undated"
    return f"{first}" if first == last else f"{first}..{last}"


@app.command("links")
def links_cmd(
    a: Annotated[str, typer.Argument(help="First entity, as you would type it.")],
    b: Annotated[str, typer.Argument(help="Second entity.")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path to look for.")] = questions.DEFAULT_MAX_HOPS,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Every shortest path between two entities, each hop with its evidence."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        first, second = resolve(opened, a), resolve(opened, b)
        paths = questions.links(opened, first.id, second.id, max_hops=max_hops)
    if json_out:
        print_json(paths)
        return
    if not paths:
        typer.echo(f"no path of at most {max_hops} hops between {first.name} and {second.name}")
        return
    for number, path in enumerate(paths, start=1):
        typer.echo(f"path {number} ({path.hops} hops): " + " — ".join(n.name for n in path.nodes))
        for step in path.steps:
            for relation in step.relations:
                post = f" [{relation.attributes['post']}]" if relation.attributes.get("post") else ""
                typer.echo(f"  {relation.source_name} -{relation.type.value}{post}-> {relation.target_name}"
                           f"  ({len(relation.evidence)} evidence, {_seen(relation.first_seen, relation.last_seen)})")
                for evidence in relation.evidence[:3]:
                    typer.echo(f"    {evidence.published or 'undated'}  {evidence.sentence}")


@app.command("instructions")
def instructions_cmd(
    by: Annotated[str | None, typer.Option("--by", help="Only what this official or authority instructed.")] = None,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Which clusters and projects were formed on whose instruction."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        instructor = resolve(opened, by) if by else None
        rows = questions.instructions(opened, by=instructor.id if instructor else None)
    if json_out:
        print_json(rows)
        return
    if not rows:
        typer.echo("no instructions found" + (f" by {instructor.name}" if instructor else ""))
        return
    for row in rows:
        typer.echo(f"{row.subject.name} ({row.subject.type}) on the instruction of {row.instructor.name} "
                   f"({row.instructor.type}), {_seen(row.first_seen, row.last_seen)}")
        for evidence in row.evidence[:3]:
            typer.echo(f"    {evidence.published or 'undated'}  {evidence.sentence}")


@app.command("partners")
def partners_cmd(
    name: Annotated[str, typer.Argument(help="The entity, as you would type it.")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Who cooperates with an entity, how often and since when."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        entity = resolve(opened, name)
        rows = questions.partners(opened, entity.id)
    if json_out:
        print_json(rows)
        return
    if not rows:
        typer.echo(f"no partners of {entity.name} found")
        return
    for row in rows:
        typer.echo(f"{row.name} ({row.type}): {row.articles} articles, {row.evidence} evidence, since {row.since or 'undated'}")


@app.command("brokers")
def brokers_cmd(
    top: Annotated[int, typer.Option("--top", min=1, help="How many to list.")] = 10,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Entities that bridge otherwise separate groups (betweenness), with degree and articles."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        rows = questions.brokers(opened, top=top)
    if json_out:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row.betweenness:.4f}  {row.name} ({row.type}): degree {row.degree}, {row.articles} articles")


@app.command("communities")
def communities_cmd(
    everyone: Annotated[bool, typer.Option("--all", help="Include officials and projects, not only organisations.")] = False,
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Groups of closely linked organisations (Louvain), each with its members."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        groups = questions.communities(opened, organisations_only=not everyone)
    if json_out:
        print_json(groups)
        return
    if not groups:
        typer.echo("no communities: the graph has no linked organisations")
        return
    for group in groups:
        typer.echo(f"community {group.index} ({group.size} members): " + "; ".join(m.name for m in group.members))


@app.command("timeline")
def timeline_cmd(
    name: Annotated[str, typer.Argument(help="The entity, as you would type it.")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Dated facts about an entity, oldest first."""
    with store_from_options(store, neo4j, sparql, read_only=True) as opened:
        entity = resolve(opened, name)
        facts = questions.timeline(opened, entity.id)
    if json_out:
        print_json(facts)
        return
    if not facts:
        typer.echo(f"no dated facts about {entity.name}")
        return
    for fact in facts:
        arrow = "->" if fact.direction == "out" else "<-"
        post = f" [{fact.post}]" if fact.post else ""
        typer.echo(f"{fact.date or 'undated'}  {fact.type.value}{post} {arrow} {fact.other.name}: {fact.sentence}")
