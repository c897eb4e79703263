"""`clusterkg extract` and `clusterkg bench-extract`: extraction without a store (eval and train: eval_cmd, train_cmd)."""

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


def progress_bar(console: Console) -> Progress:
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
        raise fail(f"{path}: cannot read ({exc.__class__.__name__})") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise fail(f"{path}:{n}: not a JSON line") from exc
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


ModelOpt = Annotated[
    str | None,
    typer.Option("--model", envvar="CLUSTERKG_MODEL",
                 help="Learned-layer model file from `clusterkg train` (default: the shipped model; `none`: rules only)."),
]


def load_extractor(profile: str = "annotation", model: str | None = None):
    """The extractor with the chosen learned model; a bad model file is one `error:` line."""
    from loaders.extraction import Extractor
    from loaders.extraction.learned import ModelError

    try:
        return Extractor.load(profile=profile, model=model if model is not None else "default")
    except ModelError as exc:
        raise fail(str(exc)) from exc


def extract_all(articles: list[Article], console: Console, label: str = "extracting", profile: str = "annotation",
                model: str | None = None):
    extractor = load_extractor(profile, model)
    out = []
    with progress_bar(console) as progress:
        task = progress.add_task(label, total=len(articles))
        for article in articles:
            out.append(extractor.extract(article))
            progress.advance(task)
    return out


@app.command("extract")
def extract_command(
    input: Annotated[Path, typer.Argument(help="JSONL articles (at least `text`; gold fields are ignored).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write one JSON line per article.")],
    model: ModelOpt = None,
) -> None:
    """Extract entities and relations from JSONL articles, without a store."""
    from loaders.evaluation import extraction_to_json

    console = Console(stderr=True)
    articles = read_articles(input)
    extractions = extract_all(articles, console, model=model)
    try:
        with out.open("w", encoding="utf-8") as fh:
            for extraction in extractions:
                fh.write(json.dumps(extraction_to_json(extraction), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise fail(f"{out}: cannot write ({exc.strerror})") from exc
    console.print(f"{len(extractions)} articles → {out}")


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
