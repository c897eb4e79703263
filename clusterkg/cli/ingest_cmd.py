"""``clusterkg ingest``: files, folders, feeds, dumps and URLs into the store, with progress.

Exit codes: 0 everything was read; 2 some inputs were skipped (each named on stderr as
``skipped SOURCE: reason``) but the rest is stored; 1 a fatal error (store unavailable or locked).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from clusterkg.cli import app
from clusterkg.cli.common import Neo4jOpt, SparqlOpt, StoreOpt, fail, store_from_options
from clusterkg.cli.extract_cmd import ModelOpt

EXIT_SKIPPED = 2


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders (recursive), .jsonl dumps, feeds or http(s) URLs.")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch", min=1, help="Articles per store write.")] = 8,
    model: ModelOpt = None,
) -> None:
    """Read articles, extract entities and relations, and store them; already stored articles are skipped.

    Exit code 0 when everything was read, 2 when some inputs were skipped, 1 on a fatal error.
    """
    from clusterkg.ingest import IngestError, Ingestor

    if model is not None:  # read by Extractor.load here and in the worker processes
        os.environ["CLUSTERKG_MODEL"] = model

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    with store_from_options(store, neo4j, sparql) as opened:
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        )
        with progress:
            task = progress.add_task("reading sources", total=None)

            def show(summary) -> None:
                progress.update(
                    task,
                    description=f"{summary.read} articles read, {summary.new} new, "
                    f"{summary.already_stored} already stored, {summary.skipped} skipped",
                )

            def skipped(item) -> None:
                progress.console.print(item.line(), markup=False, highlight=False, soft_wrap=True)

            ingestor = Ingestor(opened, workers=workers, batch_size=batch_size, on_skip=skipped, on_article=show)
            try:
                summary = ingestor.run(sources)
            except IngestError as exc:
                raise fail(f"{exc}; whole articles written so far are kept") from exc
            except KeyboardInterrupt as exc:
                raise fail("interrupted: whole articles written so far are kept; run again to finish", 130) from exc
        typer.echo(summary.line())
        totals = opened.stats()
        typer.echo(f"store: {totals.articles} articles, {totals.entities} entities, {totals.relations} relations")
    if summary.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


def graph_eval(gold_files: list, json_: bool, details: bool) -> None:
    """`clusterkg eval GOLD.jsonl… --graph`: the printing half; the score is loaders.evaluation.graph_score."""
    import json as jsonlib

    from rich.table import Table

    from clusterkg.cli.common import print_json
    from clusterkg.ingest import IngestError, evaluate_graph

    if not gold_files:
        raise fail("give one or more gold JSONL files")
    for path in gold_files:
        if not path.exists():
            raise fail(f"{path}: no such file")
    try:
        score = evaluate_graph(gold_files)
    except (jsonlib.JSONDecodeError, KeyError) as exc:
        raise fail(f"not a gold JSONL file ({exc})") from exc
    except IngestError as exc:
        raise fail(str(exc)) from exc
    if json_:
        print_json(score.as_dict(details=details))
        return
    table = Table(title=f"resolved graph of {', '.join(str(p) for p in gold_files)}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("of", justify="right")
    table.add_row("split (extra nodes per gold entity)", f"{score.split:.3f}", str(score.gold_entities))
    table.add_row("merged (nodes with ≥2 gold entities)", f"{score.merged:.3f}", str(score.nodes))
    table.add_row("junk (nodes with no gold entity)", f"{score.junk:.3f}", str(score.nodes))
    table.add_row("name (right canonical name)", f"{score.name:.3f}", str(score.nodes - len(score.junk_nodes)))
    edges = score.edges
    table.add_row("unique edges: precision", f"{edges.precision:.3f}", str(edges.predicted))
    table.add_row("unique edges: recall", f"{edges.recall:.3f}", str(edges.gold))
    table.add_row("unique edges: F1", f"{edges.f1:.3f}", "")
    console = Console(highlight=False)
    console.print(table)
    if details:
        for item in score.split_entities:
            console.print(f"split   {item['gold']}: {' | '.join(item['nodes'])}", markup=False)
        for item in score.merged_nodes:
            console.print(f"merged  {item['node']}: {' | '.join(item['gold'])}", markup=False)
        for item in score.wrong_names:
            console.print(f"name    {item['node']} → {' | '.join(item['gold'])}", markup=False)
        for name in score.junk_nodes:
            console.print(f"junk    {name}", markup=False)
