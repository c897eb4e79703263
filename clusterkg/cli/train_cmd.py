"""`clusterkg train`: fit the learned layer on annotated articles and write the model file (JSON, no code)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from clusterkg.cli import app
from clusterkg.cli.common import JsonOpt, fail, print_json
from clusterkg.cli.eval_cmd import prepare_gold


@app.command("train")
def train_command(
    gold_files: Annotated[list[Path], typer.Argument(help="Annotated articles, JSONL in the ANNOTATION.md format.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the model (JSON).")],
    navec: Annotated[bool, typer.Option("--navec", help="Add the navec vector of each head noun to the entity features "
                                        "(off by default: it lowered the cross-validated figures on the shared data).")] = False,
    json_: JsonOpt = False,
) -> None:
    """Fit the entity and relation classifiers on annotated articles; use the model with --model."""
    from loaders.evaluation import crossval
    from loaders.extraction.learned import ModelError

    _, prepared = prepare_gold(gold_files, Console(stderr=True), "rule stages", navec)
    trained_on = {"files": [p.name for p in gold_files], "articles": len(prepared)}
    model = crossval.train_model(prepared, vectors=navec, trained_on=trained_on)
    if model.entity is None and model.relation is None:
        raise fail("nothing to learn: the gold files need entities of at least two kinds (or none)")
    try:
        model.save(out)
    except ModelError as exc:
        raise fail(str(exc)) from exc
    summary = {
        "out": str(out),
        "articles": len(prepared),
        "entity_candidates": sum(len(p.example.candidates.entities) for p in prepared),
        "pair_candidates": sum(len(p.example.candidates.pairs) for p in prepared),
        "entity_features": len(model.entity.features) if model.entity else 0,
        "relation_features": len(model.relation.features) if model.relation else 0,
        "bytes": out.stat().st_size,
    }
    if json_:
        print_json(summary)
        return
    Console().print(f"model trained on {summary['articles']} articles ({summary['entity_candidates']} entity and "
                    f"{summary['pair_candidates']} pair candidates) → {out} ({summary['bytes'] // 1024} KiB)")
