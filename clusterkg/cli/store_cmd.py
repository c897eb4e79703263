"""``stats``, ``members``, ``entity`` and ``query sparql``: reading the store from the command line."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from clusterkg.cli import app
from clusterkg.cli.common import Answer, fail, parse_day, store_command
from graph.lookup import pick_entity
from graph.model import EntityType
from graph.stores.base import GraphStore

query_app = typer.Typer(help="Run a native query against the store.", no_args_is_help=True)
app.add_typer(query_app, name="query")

GROUP_TYPES = (EntityType.CLUSTER.value, EntityType.PROJECT.value)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@store_command(app, "stats")
def stats(opened: GraphStore) -> Answer:
    """Count articles, entities and relations, by type."""
    result = opened.stats()

    def show() -> None:
        table = Table(title="Store", show_header=True)
        table.add_column("what")
        table.add_column("count", justify="right")
        table.add_row("articles", str(result.articles))
        table.add_row("entities", str(result.entities))
        for type_, count in result.entities_by_type.items():
            table.add_row(f"  {type_}", str(count))
        table.add_row("relations", str(result.relations))
        for type_, count in result.relations_by_type.items():
            table.add_row(f"  {type_}", str(count))
        _console().print(table)

    return Answer(result, show)


@store_command(app, "members")
def members(
    opened: GraphStore,
    cluster: Annotated[str, typer.Argument(help="Cluster or project name, as you would type it.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only evidence published on or before this date (YYYY-MM-DD).")
    ] = None,
) -> Answer:
    """Who participates in a cluster or project, with first/last seen and article counts."""
    when = parse_day(as_of, "--as-of")
    group = pick_entity(cluster, opened, GROUP_TYPES)
    found = opened.members(group.id, as_of=when)
    data = [
        {
            "name": m.name,
            "type": m.type.value,
            "first_seen": m.first_seen.isoformat() if m.first_seen else None,
            "last_seen": m.last_seen.isoformat() if m.last_seen else None,
            "articles": m.articles,
        }
        for m in found
    ]

    def show() -> None:
        title = f"Members of {group.name}" + (f" as of {when.isoformat()}" if when else "")
        table = Table(title=Text(title))
        for column in ("name", "type", "first seen", "last seen", "articles"):
            table.add_column(column, justify="right" if column == "articles" else "left")
        for m in found:
            table.add_row(
                Text(m.name), m.type.value, str(m.first_seen or "—"), str(m.last_seen or "—"), str(m.articles)
            )
        _console().print(table)
        if not found:
            typer.echo(f"{group.name} has no members in the store.")

    return Answer(data, show)


@store_command(app, "entity")
def entity(
    opened: GraphStore,
    name: Annotated[str, typer.Argument(help="Entity name, as you would type it.")],
) -> Answer:
    """Everything known about one entity: aliases, attributes, relations with evidence, articles."""
    chosen = pick_entity(name, opened)
    view = opened.entity(chosen.id)
    if view is None:
        raise fail(f"entity {chosen.name!r} vanished from the store")

    def show() -> None:
        console = _console()
        console.print(Text(view.name, style="bold") + Text(f" ({view.type.value})"))
        if view.aliases:
            console.print("aliases: " + "; ".join(view.aliases), markup=False)
        for key, value in view.attributes.items():
            console.print(f"{key}: {value}", markup=False)
        console.print(f"articles: {len(view.articles)}", markup=False)
        for relation in view.relations:
            post = f" [{relation.attributes['post']}]" if relation.attributes.get("post") else ""
            seen = f" ({relation.first_seen} … {relation.last_seen})" if relation.first_seen else ""
            console.print(
                f"• {relation.source_name} —{relation.type.value}{post}→ {relation.target_name}{seen}", markup=False
            )
            for evidence in relation.evidence[:3]:
                console.print(f"    «{evidence.sentence}» ({evidence.article_id}, {evidence.published or 'undated'})",
                              markup=False)
            if len(relation.evidence) > 3:
                console.print(f"    … and {len(relation.evidence) - 3} more", markup=False)

    return Answer(view, show)


@store_command(query_app, "sparql")
def query_sparql(
    opened: GraphStore,
    text: Annotated[str, typer.Argument(help="A SPARQL 1.1 query; ckg:, schema:, prov:, rdf: … prefixes are predeclared.")],
) -> Answer:
    """Run a SPARQL query on the embedded store or the SPARQL endpoint."""
    if not opened.supports_sparql:
        raise fail(f"the {opened.kind} store does not run SPARQL; use `query cypher` or --store/--sparql")
    return rows_answer(opened.query(text, "sparql"))


def rows_answer(rows: list[dict]) -> Answer:
    """Query rows as JSON or as a table (shared by ``query sparql`` and ``query cypher``)."""

    def show() -> None:
        columns: list[str] = []
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        table = Table(show_header=True)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text("" if row.get(c) is None else str(row.get(c))) for c in columns))
        _console().print(table)
        typer.echo(f"{len(rows)} row(s)")

    return Answer([{k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()} for row in rows], show)
