"""``clusterkg map``: an interactive HTML map (and optionally a PNG/SVG picture) of the stored graph."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, fail, parse_day, store_command
from graph.lookup import pick_entity
from graph.model import EntityName, EntityType
from graph.stores.base import GraphStore

DEFAULT_DIR = Path("exports")


class SizeBy(str, Enum):
    degree = "degree"
    articles = "articles"


def default_out(cluster: EntityName | None, around: EntityName | None, depth: int) -> Path:
    """``exports/<name>.html`` in the current directory: the cluster's name, the entity's, or ``graph``."""
    if cluster:
        stem = _slug(cluster.name)
    elif around:
        stem = f"{_slug(around.name)}-depth{depth}"
    else:
        stem = "graph"
    return DEFAULT_DIR / f"{stem}.html"


def _slug(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower().replace("ё", "е")).strip("-_")
    return slug[:60].rstrip("-_") or "map"


@store_command(app, "map", options=("store", "neo4j", "sparql"))
def map_command(
    opened: GraphStore,
    cluster: Annotated[str | None, typer.Option("--cluster", help="Show one cluster: members, projects, officials, partners.")] = None,
    around: Annotated[str | None, typer.Option("--around", help="Show the neighbourhood of one entity.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=1, max=6, help="Hops around --around.")] = 1,
    since: Annotated[str | None, typer.Option("--since", help="Only facts reported on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only facts reported on or before this date (YYYY-MM-DD).")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Hide facts below this confidence.")] = 0.0,
    size_by: Annotated[SizeBy, typer.Option("--size-by", help="Node size by number of relations or of articles.")] = SizeBy.degree,
    out: Annotated[Path | None, typer.Option("--out", help="HTML file to write (default exports/<name>.html).")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also write a static PNG picture.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also write a static SVG picture.")] = None,
) -> Answer:
    """Write a self-contained interactive map (opens offline, can be e-mailed)."""
    from exports.map import render_map

    since_day, until_day = parse_day(since, "--since"), parse_day(until, "--until")
    if since_day and until_day and since_day > until_day:
        raise fail("--since is after --until")
    for picture, suffix in ((png, ".png"), (svg, ".svg")):
        if picture and picture.suffix.lower() != suffix:
            raise fail(f"{picture} should end in {suffix}")
    names = opened.entity_names() if cluster or around else []
    cluster_entity = pick_entity(cluster, names, (EntityType.CLUSTER.value,)) if cluster else None
    around_entity = pick_entity(around, names) if around else None
    snapshot = opened.snapshot()

    def show() -> None:  # runs once the store is closed
        target = out or default_out(cluster_entity, around_entity, depth)
        try:
            report = render_map(
                snapshot,
                target,
                cluster=cluster_entity.id if cluster_entity else None,
                around=around_entity.id if around_entity else None,
                depth=depth,
                since=since_day,
                until=until_day,
                min_confidence=min_confidence,
                size_by=size_by.value,
                png=png,
                svg=svg,
            )
        except OSError as exc:
            raise fail(str(exc)) from exc
        typer.echo(
            f"map: {report.out} ({report.nodes} nodes, {report.edges} edges, {report.bytes // 1024} KiB, "
            f"layout {report.layout_seconds:.2f} s, render {report.render_seconds:.2f} s)"
        )
        for picture in (report.png, report.svg):
            if picture:
                typer.echo(f"picture: {picture}")

    return Answer(None, show)
