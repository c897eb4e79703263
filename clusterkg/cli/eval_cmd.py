"""`clusterkg eval`: precision, recall and F1 as ANNOTATION.md defines them, on gold JSONL or NEREL, held out
by K-fold cross-validation (`--folds`), or on the resolved graph (`--graph`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from clusterkg.cli import app
from clusterkg.cli.common import JsonOpt, fail, print_json
from clusterkg.cli.extract_cmd import ModelOpt, extract_all, load_extractor, progress_bar, read_articles
from graph.model import Article


def print_score(title: str, score, console: Console, typed: bool = True) -> None:
    table = Table(title=title)
    for col in ("", "P", "R", "F1", "tp", "pred", "gold"):
        table.add_column(col, justify="right" if col else "left")

    def row(label, c):
        table.add_row(label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp), str(c.pred), str(c.gold))

    if typed:
        row("entities (typed)", score.typed)
    row("entities (untyped)", score.untyped)
    row("relations", score.relations)
    table.add_section()
    for t, c in sorted(score.by_type.items()):
        row(f"  {t}" if typed else f"  {'people' if t == 'Official' else 'organisations'}", c)
    table.add_section()
    for t, c in sorted(score.by_relation.items()):
        row(f"  {t}", c)
    console.print(table)


def read_gold(paths: list[Path]) -> list:
    """(Article, gold Doc) pairs of every gold file, ids unique across files."""
    from loaders.evaluation.gold import read_gold_articles

    pairs, seen = [], set()
    for path in paths:
        if not path.exists():
            raise fail(f"{path}: no such file")
        try:
            found = read_gold_articles(path)
        except (json.JSONDecodeError, KeyError, UnicodeDecodeError) as exc:
            raise fail(f"{path}: not a gold JSONL file ({exc.__class__.__name__}: {exc})") from exc
        for article, gold in found:
            if article.id in seen:
                raise fail(f"{path}: article id {article.id} appears twice in the gold files")
            seen.add(article.id)
            pairs.append((article, gold))
    if not pairs:
        raise fail("the gold files hold no article")
    return pairs


def prepare_gold(paths: list[Path], console: Console, label: str, vectors: bool = False) -> tuple[object, list]:
    """The rule stages over every gold article, once (cross-validation and training reuse them)."""
    from loaders.evaluation import crossval

    pairs = read_gold(paths)
    extractor = load_extractor(model="none")
    with progress_bar(console) as progress:
        task = progress.add_task(label, total=len(pairs))
        prepared = crossval.prepare(extractor, pairs, vectors=vectors, progress=lambda: progress.advance(task))
    return extractor, prepared


def _cross_validation(gold_files: list[Path], folds: int, json_: bool, vectors: bool) -> None:
    from loaders.evaluation import crossval

    extractor, prepared = prepare_gold(gold_files, Console(stderr=True), "rule stages", vectors)
    try:
        results = crossval.cross_validate(extractor, prepared, folds, vectors)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    cv, fit = results["cross_validated"], results["train_on_all"]
    gap = {"entities_typed": round(fit.typed.f1 - cv.typed.f1, 4), "relations": round(fit.relations.f1 - cv.relations.f1, 4)}
    if json_:
        print_json({"folds": folds, "articles": len(prepared), "files": [str(p) for p in gold_files],
                    **{name: s.as_dict() for name, s in results.items()}, "gap_train_minus_cv": gap})
        return
    console = Console()
    print_score(f"cross-validated, {folds} folds, {len(prepared)} articles (the figure to steer by)", cv, console)
    print_score("fit on all articles, scored on its own training data", fit, console)
    print_score("rules alone (no learned layer)", results["rules_only"], console)
    console.print(f"train-on-all minus cross-validated F1: typed entities {gap['entities_typed']:+.3f}, "
                  f"relations {gap['relations']:+.3f}")


@app.command("eval")
def eval_command(
    gold_files: Annotated[list[Path] | None, typer.Argument(help="Gold JSONL files (ANNOTATION.md format).")] = None,
    folds: Annotated[int, typer.Option("--folds", min=0, help="K-fold cross-validation of the learned layer over all gold files (0 = off).")] = 0,
    graph: Annotated[bool, typer.Option("--graph", help="Ingest the gold files into a temporary store and score the resolved graph (split, merged, junk, name, edges).")] = False,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score this prediction file instead of running extraction.")] = None,
    nerel: Annotated[Path | None, typer.Option("--nerel", help="A NEREL brat folder (*.txt + *.ann) to score on.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List false and missed entities and relations.")] = False,
    sample: Annotated[int, typer.Option("--sample", min=0, help="With --nerel: score a fixed random sample of this many documents (0 = all).")] = 0,
    model: ModelOpt = None,
    navec: Annotated[bool, typer.Option("--navec", help="With --folds: add the navec vector of each head noun to the entity features.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Precision, recall and F1 as ANNOTATION.md defines them (runs the extraction unless --pred is given)."""
    from loaders import evaluation as ev

    if graph:
        from clusterkg.cli.ingest_cmd import graph_eval

        return graph_eval(gold_files or [], json_, errors)
    if folds:
        if not gold_files:
            raise fail("--folds needs gold JSONL files")
        if pred is not None or nerel is not None:
            raise fail("--folds scores extraction on gold files; it does not take --pred or --nerel")
        return _cross_validation(gold_files, folds, json_, navec)
    if gold_files and pred is not None and len(gold_files) > 1:
        raise fail("--pred scores one gold file")
    console = Console()
    err = Console(stderr=True)
    results = {}
    if not gold_files and nerel is None:
        raise fail("give a gold JSONL file or --nerel DIR")
    for gold in gold_files or []:
        if not gold.exists():
            raise fail(f"{gold}: no such file")
        try:
            gold_docs = ev.read_jsonl(gold)
        except (json.JSONDecodeError, KeyError) as exc:
            raise fail(f"{gold}: not a gold JSONL file ({exc})") from exc
        if pred is not None:
            if not pred.exists():
                raise fail(f"{pred}: no such file")
            pred_docs = ev.read_jsonl(pred)
        else:
            pred_docs = [ev.doc_from_extraction(x) for x in extract_all(read_articles(gold), err, model=model)]
        results[str(gold)] = ev.score_documents(gold_docs, pred_docs, keep_errors=errors)
    if nerel is not None:
        if not nerel.is_dir():
            raise fail(f"{nerel}: not a folder")
        gold_docs = ev.read_nerel(nerel, sample=sample)
        if not gold_docs:
            raise fail(f"{nerel}: no .ann/.txt pairs")
        articles = [Article(id=d.id, text=d.text) for d in gold_docs]
        pred_docs = [ev.nerel_prediction(x) for x in extract_all(articles, err, "extracting NEREL", profile="nerel")]
        results[f"NEREL {nerel}"] = ev.score_documents(gold_docs, pred_docs, matcher=ev.NEREL_MATCHER, keep_errors=errors)
    if json_:
        print_json({name: s.as_dict() | ({"errors": s.errors} if errors else {}) for name, s in results.items()})
        return
    for name, s in results.items():
        print_score(name, s, console, typed=not name.startswith("NEREL"))
        if errors:
            for e in s.errors:
                if any(e[k] for k in ("false_entities", "missed_entities", "false_relations", "missed_relations")):
                    console.print(e)
