"""The ``clusterkg`` command: a thin typer shell over loaders, graph and exports.

Every error the project raises on purpose is a ``ClusterKGError``; the command group prints it as one
``error: …`` line and exits 1 (or the error's ``code``); ``clusterkg --debug …`` adds the traceback
with its chain of causes.
"""

from __future__ import annotations

import os
import traceback
from typing import Annotated

import typer
from typer.core import TyperGroup

from graph.errors import ClusterKGError


class _OneLineErrors(TyperGroup):
    """Turns a ClusterKGError from any command into ``error: <message>`` on stderr and its exit code."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        # --debug is the group's option, but people type it anywhere: ``clusterkg stats --debug``.
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            args = ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except ClusterKGError as exc:
            if ctx.params.get("debug"):
                traceback.print_exception(exc)
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(code=getattr(exc, "code", 1)) from exc


app = typer.Typer(
    name="clusterkg",
    help="Regional news in, a knowledge graph of an industrial cluster out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_OneLineErrors,
)


@app.callback()
def _options(
    debug: Annotated[
        bool, typer.Option("--debug", envvar="CLUSTERKG_DEBUG", help="On an error, also print the traceback and its causes.")
    ] = False,
) -> None:
    """Regional news in, a knowledge graph of an industrial cluster out."""


def _register() -> None:
    # Each module adds its commands to ``app``; one module per command group.
    import importlib

    for module in (
        "clusterkg.cli.ingest_cmd",
        "clusterkg.cli.extract_cmd",
        "clusterkg.cli.eval_cmd",
        "clusterkg.cli.train_cmd",
        "clusterkg.cli.store_cmd",
        "clusterkg.cli.bolt_cmd",
        "clusterkg.cli.analysis_cmd",
        "clusterkg.cli.map_cmd",
        "clusterkg.cli.export_cmd",
        "clusterkg.cli.fix_cmd",
        "clusterkg.cli.dupes_cmd",
    ):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


_register()


# natasha's NER runs small matrix products for which a second BLAS thread only burns a core
# (measured: the same ingest, 26 s of CPU instead of 13 s, no faster); --workers is the way to
# use more cores. Set before numpy is first imported; a user's own setting wins.
_ONE_BLAS_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main() -> None:
    for name in _ONE_BLAS_THREAD:
        os.environ.setdefault(name, "1")
    app()
