"""`clusterkg extract`, `clusterkg eval` and `clusterkg bench-extract`: extraction without a store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from clusterkg.cli import app
from clusterkg.cli.common import JsonOpt, fail, print_json
from graph.model import Article

_ARTICLE_FIELDS = ("id", "url", "title", "date", "source", "text")


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console, transient=True)


def read_articles(path: Path) -> list[Article]:
    """Articles from JSONL; only the article fields are read, gold annotations are never looked at."""
    if not path.exists():
        raise fail(f"{path}: no such file")
    articles = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"{path}: cannot read ({exc.__class__.__name__})") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError:
            raise fail(f"{path}:{n}: not a JSON line") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
            raise fail(f"{path}:{n}: an article needs a text")
        data = {k: raw.get(k) for k in _ARTICLE_FIELDS}
        published = None
        if data["date"]:
            try:
                published = date.fromisoformat(str(data["date"])[:10])
            except ValueError:
                published = None
        articles.append(
            Article(
                id=str(data["id"]) if data["id"] else Article.make_id(data["url"], data["text"]),
                url=data["url"],
                title=data["title"],
                outlet=data["source"],
                published=published,
                text=data["text"],
            )
        )
    return articles


def _load_extractor(profile: str = "annotation"):
    from loaders.extraction import Extractor

    return Extractor.load(profile=profile)


def _extract_all(articles: list[Article], console: Console, label: str = "extracting", profile: str = "annotation"):
    extractor = _load_extractor(profile)
    out = []
    with _progress(console) as progress:
        task = progress.add_task(label, total=len(articles))
        for article in articles:
            out.append(extractor.extract(article))
            progress.advance(task)
    return out


@app.command("extract")
def extract_command(
    input: Annotated[Path, typer.Argument(help="JSONL articles (at least `text`; gold fields are ignored).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write one JSON line per article.")],
) -> None:
    """Extract entities and relations from JSONL articles, without a store."""
    from loaders.evaluation import extraction_to_json

    console = Console(stderr=True)
    articles = read_articles(input)
    extractions = _extract_all(articles, console)
    try:
        with out.open("w", encoding="utf-8") as fh:
            for extraction in extractions:
                fh.write(json.dumps(extraction_to_json(extraction), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise fail(f"{out}: cannot write ({exc.strerror})") from None
    console.print(f"{len(extractions)} articles → {out}")


def _print_score(title: str, score, console: Console, typed: bool = True) -> None:
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


@app.command("eval")
def eval_command(
    gold: Annotated[Path | None, typer.Argument(help="Gold JSONL (ANNOTATION.md format).")] = None,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score this prediction file instead of running extraction.")] = None,
    nerel: Annotated[Path | None, typer.Option("--nerel", help="A NEREL brat folder (*.txt + *.ann) to score on.")] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List false and missed entities and relations.")] = False,
    sample: Annotated[int, typer.Option("--sample", min=0, help="With --nerel: score a fixed random sample of this many documents (0 = all).")] = 0,
    json_: JsonOpt = False,
) -> None:
    """Precision, recall and F1 as ANNOTATION.md defines them (runs the extraction unless --pred is given)."""
    from loaders import evaluation as ev

    console = Console()
    err = Console(stderr=True)
    results = {}
    if gold is None and nerel is None:
        raise fail("give a gold JSONL file or --nerel DIR")
    if gold is not None:
        if not gold.exists():
            raise fail(f"{gold}: no such file")
        try:
            gold_docs = ev.read_jsonl(gold)
        except (json.JSONDecodeError, KeyError) as exc:
            raise fail(f"{gold}: not a gold JSONL file ({exc})") from None
        if pred is not None:
            if not pred.exists():
                raise fail(f"{pred}: no such file")
            pred_docs = ev.read_jsonl(pred)
        else:
            pred_docs = [ev.doc_from_extraction(x) for x in _extract_all(read_articles(gold), err)]
        score = ev.score_documents(gold_docs, pred_docs, keep_errors=errors)
        results[str(gold)] = score
    if nerel is not None:
        if not nerel.is_dir():
            raise fail(f"{nerel}: not a folder")
        gold_docs = ev.read_nerel(nerel, sample=sample)
        if not gold_docs:
            raise fail(f"{nerel}: no .ann/.txt pairs")
        articles = [Article(id=d.id, text=d.text) for d in gold_docs]
        pred_docs = [ev.nerel_prediction(x) for x in _extract_all(articles, err, "extracting NEREL", profile="nerel")]
        results[f"NEREL {nerel}"] = ev.score_documents(gold_docs, pred_docs, matcher=ev.NEREL_MATCHER, keep_errors=errors)
    if json_:
        print_json({name: s.as_dict() | ({"errors": s.errors} if errors else {}) for name, s in results.items()})
        return
    for name, s in results.items():
        _print_score(name, s, console, typed=not name.startswith("NEREL"))
        if errors:
            for e in s.errors:
                if any(e[k] for k in ("false_entities", "missed_entities", "false_relations", "missed_relations")):
                    console.print(e)


@app.command("bench-extract")
def bench_extract_command(
    nerel: Annotated[Path, typer.Option("--nerel", help="Folder of NEREL texts to run on.")] = Path("../shared/data/nerel/dev"),
    limit: Annotated[int, typer.Option("--limit", help="At most this many texts (0 = all).")] = 0,
    json_: JsonOpt = False,
) -> None:
    """Full extraction against bare natasha NER (segment + NER) on the same texts: throughput, ratio, memory."""
    from clusterkg.benchmark import run_benchmark

    texts = sorted(nerel.glob("*.txt")) if nerel.is_dir() else []
    if not texts:
        raise fail(f"{nerel}: no .txt files")
    if limit:
        texts = texts[:limit]
    result = run_benchmark([p.read_text(encoding="utf-8") for p in texts], Console(stderr=True))
    if json_:
        print_json(result)
        return
    console = Console()
    table = Table(title=f"extraction benchmark on {len(texts)} texts")
    table.add_column("")
    table.add_column("value", justify="right")
    for k, v in result.items():
        table.add_row(k, f"{v:.3f}" if isinstance(v, float) else str(v))
    console.print(table)
