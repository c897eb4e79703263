"""Options and helpers every command shares: which store, JSON output, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from graph.model import EntityName
from graph.stores import GraphStore, StoreError, open_store

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", envvar="CLUSTERKG_STORE", help="Embedded store directory (default ./clusterkg-data)."),
]
Neo4jOpt = Annotated[
    str | None,
    typer.Option("--neo4j", envvar="NEO4J_URI", help="Bolt URI of a Neo4j (or compatible) server."),
]
SparqlOpt = Annotated[
    str | None,
    typer.Option("--sparql", envvar="CLUSTERKG_SPARQL", help="SPARQL 1.1 endpoint URL to use as the store."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line to stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=code)


@contextmanager
def store_from_options(
    store: str | None, neo4j: str | None = None, sparql: str | None = None, *, read_only: bool = False
) -> Iterator[GraphStore]:
    """Open the chosen store, turning any store failure into one line and exit code 1."""
    try:
        opened = open_store(store, neo4j=neo4j, sparql=sparql, read_only=read_only)
    except StoreError as exc:
        raise fail(str(exc)) from None
    try:
        yield opened
    except StoreError as exc:
        raise fail(str(exc)) from None
    finally:
        opened.close()


def pick_name(name: str, names: list[EntityName], types: tuple[str, ...] | None = None) -> EntityName:
    """The entity a typed name means; an unknown name is one line, an ambiguous one lists candidates (exit 1)."""
    from graph.lookup import AmbiguousName, UnknownName, pick_entity

    try:
        return pick_entity(name, names, types)
    except UnknownName as exc:
        raise fail(str(exc)) from None
    except AmbiguousName as exc:
        lines = "\n".join(f"  {c.name} ({c.type})" for c in exc.candidates)
        typer.echo(f"error: {name!r} is ambiguous; did you mean one of:\n{lines}", err=True)
        raise typer.Exit(code=1) from None


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
