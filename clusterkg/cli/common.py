"""What every command shares: the store options (declared once), opening the store, printing an answer.

A reading command is written as ``@store_command(...)`` over a function that takes the opened store
and its own options and returns an :class:`Answer`; the decorator adds ``--store/--neo4j/--sparql``
(and ``--json``), opens and closes the store, and prints the answer as JSON or as text. Errors are
``ClusterKGError`` and are printed as one line by the command group (see ``clusterkg.cli``).
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from graph.errors import ClusterKGError
from graph.stores import GraphStore, open_store

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


class CommandError(ClusterKGError):
    """A command's own refusal (bad option value, unwritable file); ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> CommandError:
    """The error to raise for one clear ``error: …`` line on stderr and exit ``code`` (default 1)."""
    return CommandError(message, code)


@contextmanager
def store_from_options(
    store: str | None, neo4j: str | None = None, sparql: str | None = None, *, read_only: bool = False
) -> Iterator[GraphStore]:
    """Open the chosen store and close it afterwards; a store failure is a ClusterKGError (one line, exit 1)."""
    opened = open_store(store, neo4j=neo4j, sparql=sparql, read_only=read_only)
    try:
        yield opened
    finally:
        opened.close()


@dataclass
class Answer:
    """What a reading command found: ``data`` for ``--json``; ``show`` (lines, or a function that
    prints) for people."""

    data: Any
    show: list[str] | Callable[[], None]

    def print(self, as_json: bool) -> None:
        if as_json:
            print_json(self.data)
        elif callable(self.show):
            self.show()
        else:
            for line in self.show:
                typer.echo(line)


_STORE_PARAMETERS = {
    "store": (StoreOpt, None),
    "neo4j": (Neo4jOpt, None),
    "sparql": (SparqlOpt, None),
    "json_out": (JsonOpt, False),
}


def store_command(
    parent: typer.Typer,
    name: str | None = None,
    *,
    options: tuple[str, ...] = ("store", "neo4j", "sparql", "json_out"),
    read_only: bool = True,
) -> Callable[[Callable[..., Answer]], Callable[..., None]]:
    """Register ``body(opened_store, **own_options) -> Answer`` as a command with the store options.

    ``options`` chooses which of ``--store/--neo4j/--sparql/--json`` the command takes; the store is
    opened read-only unless ``read_only=False``, and closed before the answer is printed.
    """

    def register(body: Callable[..., Answer]) -> Callable[..., None]:
        own = list(inspect.signature(body, eval_str=True).parameters.values())[1:]
        added = [
            inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, annotation=_STORE_PARAMETERS[key][0],
                              default=_STORE_PARAMETERS[key][1])
            for key in options
        ]

        @functools.wraps(body)
        def command(**values: Any) -> None:
            as_json = values.pop("json_out", False)
            where = {key: values.pop(key, None) for key in ("store", "neo4j", "sparql")}
            with store_from_options(**where, read_only=read_only) as opened:
                answer = body(opened, **values)
            answer.print(as_json)

        parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        del command.__wrapped__  # typer must read the signature above, not the body's
        parent.command(name)(command)
        return command

    return register


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date (None stays None); anything else is a one-line error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise fail(f"{option} wants a date like 2024-05-31, got {value!r}") from exc


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
