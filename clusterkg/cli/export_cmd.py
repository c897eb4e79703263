"""``clusterkg export``: the stored graph as RDF, Gephi or neo4j-admin CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, fail, store_command
from exports.files import FORMATS, export_graph
from graph.stores.base import GraphStore


@store_command(app, "export", options=("store", "neo4j", "sparql"))
def export_cmd(
    opened: GraphStore,
    fmt: Annotated[str, typer.Option("--format", help="One of " + ", ".join(FORMATS) + ".")],
    out: Annotated[Path, typer.Option("--out", help="File to write (a directory for csv).")],
) -> Answer:
    """Export the whole graph: ttl/nq/jsonld with provenance, graphml/gexf for Gephi, csv for neo4j-admin."""
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    snapshot = opened.snapshot()

    def show() -> None:  # runs once the store is closed
        try:
            written = export_graph(snapshot, fmt, out)
        except OSError as exc:
            raise fail(f"cannot write {out}: {exc.strerror or exc}") from exc
        for path in written:
            typer.echo(f"wrote {path}")
        typer.echo(f"{len(snapshot.entities)} entities, {len(snapshot.relations)} relations, {len(snapshot.articles)} articles")

    return Answer(None, show)
