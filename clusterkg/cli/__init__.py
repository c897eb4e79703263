"""The ``clusterkg`` command: a thin typer shell over loaders, graph and exports."""

from __future__ import annotations

import os

import typer

app = typer.Typer(
    name="clusterkg",
    help="Regional news in, a knowledge graph of an industrial cluster out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Each module adds its commands to ``app``; one module per command group.
    import importlib

    for module in (
        "clusterkg.cli.ingest_cmd",
        "clusterkg.cli.extract_cmd",
        "clusterkg.cli.store_cmd",
        "clusterkg.cli.bolt_cmd",
        "clusterkg.cli.analysis_cmd",
        "clusterkg.cli.map_cmd",
        "clusterkg.cli.export_cmd",
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
