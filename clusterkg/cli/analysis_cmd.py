"""``links``, ``instructions``, ``partners``, ``brokers``, ``communities``, ``timeline``: the analysts' ready questions."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, store_command
from graph import questions
from graph.lookup import pick_entity
from graph.stores.base import GraphStore


def _seen(first: object, last: object) -> str:
    if not first:
        return "undated"
    return f"{first}" if first == last else f"{first}..{last}"


@store_command(app, "links")
def links_cmd(
    opened: GraphStore,
    a: Annotated[str, typer.Argument(help="First entity, as you would type it.")],
    b: Annotated[str, typer.Argument(help="Second entity.")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path to look for.")] = questions.DEFAULT_MAX_HOPS,
) -> Answer:
    """Every shortest path between two entities, each hop with its evidence."""
    first, second = pick_entity(a, opened), pick_entity(b, opened)
    paths = questions.links(opened, first.id, second.id, max_hops=max_hops)
    lines = [] if paths else [f"no path of at most {max_hops} hops between {first.name} and {second.name}"]
    for number, path in enumerate(paths, start=1):
        lines.append(f"path {number} ({path.hops} hops): " + " — ".join(n.name for n in path.nodes))
        for step in path.steps:
            for relation in step.relations:
                post = f" [{relation.attributes['post']}]" if relation.attributes.get("post") else ""
                lines.append(f"  {relation.source_name} -{relation.type.value}{post}-> {relation.target_name}"
                             f"  ({len(relation.evidence)} evidence, {_seen(relation.first_seen, relation.last_seen)})")
                lines.extend(f"    {e.published or 'undated'}  {e.sentence}" for e in relation.evidence[:3])
    return Answer(paths, lines)


@store_command(app, "instructions")
def instructions_cmd(
    opened: GraphStore,
    by: Annotated[str | None, typer.Option("--by", help="Only what this official or authority instructed.")] = None,
) -> Answer:
    """Which clusters and projects were formed on whose instruction."""
    instructor = pick_entity(by, opened) if by else None
    rows = questions.instructions(opened, by=instructor.id if instructor else None)
    lines = [] if rows else ["no instructions found" + (f" by {instructor.name}" if instructor else "")]
    for row in rows:
        lines.append(f"{row.subject.name} ({row.subject.type}) on the instruction of {row.instructor.name} "
                     f"({row.instructor.type}), {_seen(row.first_seen, row.last_seen)}")
        lines.extend(f"    {e.published or 'undated'}  {e.sentence}" for e in row.evidence[:3])
    return Answer(rows, lines)


@store_command(app, "partners")
def partners_cmd(
    opened: GraphStore,
    name: Annotated[str, typer.Argument(help="The entity, as you would type it.")],
) -> Answer:
    """Who cooperates with an entity, how often and since when."""
    entity = pick_entity(name, opened)
    rows = questions.partners(opened, entity.id)
    lines = [f"{row.name} ({row.type}): {row.articles} articles, {row.evidence} evidence, since {row.since or 'undated'}"
             for row in rows] or [f"no partners of {entity.name} found"]
    return Answer(rows, lines)


@store_command(app, "brokers")
def brokers_cmd(
    opened: GraphStore,
    top: Annotated[int, typer.Option("--top", min=1, help="How many to list.")] = 10,
) -> Answer:
    """Entities that bridge otherwise separate groups (betweenness), with degree and articles."""
    rows = questions.brokers(opened, top=top)
    lines = [f"{row.betweenness:.4f}  {row.name} ({row.type}): degree {row.degree}, {row.articles} articles"
             for row in rows]
    return Answer(rows, lines)


@store_command(app, "communities")
def communities_cmd(
    opened: GraphStore,
    everyone: Annotated[bool, typer.Option("--all", help="Include officials and projects, not only organisations.")] = False,
) -> Answer:
    """Groups of closely linked organisations (Louvain), each with its members."""
    groups = questions.communities(opened, organisations_only=not everyone)
    lines = [f"community {group.index} ({group.size} members): " + "; ".join(m.name for m in group.members)
             for group in groups] or ["no communities: the graph has no linked organisations"]
    return Answer(groups, lines)


@store_command(app, "timeline")
def timeline_cmd(
    opened: GraphStore,
    name: Annotated[str, typer.Argument(help="The entity, as you would type it.")],
) -> Answer:
    """Dated facts about an entity, oldest first."""
    entity = pick_entity(name, opened)
    facts = questions.timeline(opened, entity.id)
    lines = [f"{fact.date or 'undated'}  {fact.type.value}{f' [{fact.post}]' if fact.post else ''} "
             f"{'->' if fact.direction == 'out' else '<-'} {fact.other.name}: {fact.sentence}"
             for fact in facts] or [f"no dated facts about {entity.name}"]
    return Answer(facts, lines)
