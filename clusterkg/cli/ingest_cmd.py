"""``clusterkg ingest``: files, folders, feeds, dumps and URLs into the store, with progress.

Exit codes: 0 everything was read; 2 some inputs were skipped (each named on stderr as
``skipped SOURCE: reason``) but the rest is stored; 1 a fatal error (store unavailable or locked).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from clusterkg.cli import app
from clusterkg.cli.common import Neo4jOpt, SparqlOpt, StoreOpt, fail, store_from_options

EXIT_SKIPPED = 2


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders (recursive), .jsonl dumps, feeds or http(s) URLs.")],
    store: StoreOpt = None,
    neo4j: Neo4jOpt = None,
    sparql: SparqlOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Extraction processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch", min=1, help="Articles per store write.")] = 8,
) -> None:
    """Read articles, extract entities and relations, and store them; already stored articles are skipped.

    Exit code 0 when everything was read, 2 when some inputs were skipped, 1 on a fatal error.
    """
    from clusterkg.ingest import IngestError, Ingestor

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
                raise fail(f"{exc}; whole articles written so far are kept") from None
            except KeyboardInterrupt:
                raise fail("interrupted: whole articles written so far are kept; run again to finish", 130) from None
        typer.echo(summary.line())
        totals = opened.stats()
        typer.echo(f"store: {totals.articles} articles, {totals.entities} entities, {totals.relations} relations")
    if summary.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)
