"""JSONL dumps, streamed line by line (never loaded whole); a bad line is skipped with its number."""

from __future__ import annotations

import json
from collections.abc import Iterator

from graph.model import Article
from loaders.sources.base import MAX_ARTICLE_BYTES, ArticleLoader, LoadItem, RawSource, SkippedSource, too_large
from loaders.sources.html import parse_date

_CHUNK = 1 << 20


class JsonlLoader(ArticleLoader):
    """One JSON object a line: ``text`` required; ``id``, ``url``, ``title``, ``date``, ``source`` optional.

    The article id follows ``Article.make_id(url, text)`` so ids never clash across dumps; a line's
    own ``id`` is kept only for messages.
    """

    kind = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonlines")
    content_types = ("application/jsonl", "application/x-ndjson", "application/x-jsonlines",
                     "application/jsonlines")

    def sniff(self, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")

    def load(self, raw: RawSource) -> Iterator[LoadItem]:
        with raw.opener() as stream:
            number = 0
            while True:
                line = stream.readline(MAX_ARTICLE_BYTES + 1)
                if not line:
                    break
                number += 1
                where = f"{raw.name}:{number}"
                if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
                    size = len(line) + _drain_line(stream)
                    yield SkippedSource(source=where, reason=too_large(size, MAX_ARTICLE_BYTES))
                    continue
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if not line.strip():
                    continue
                yield _article_from_line(line, where)


def _drain_line(stream) -> int:
    """Skip the rest of an over-long line without holding it; return how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _article_from_line(line: bytes, where: str) -> LoadItem:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return SkippedSource(source=where, reason="line is not UTF-8")
    except json.JSONDecodeError as exc:
        return SkippedSource(source=where, reason=f"line is not JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(record, dict):
        return SkippedSource(source=where, reason=f"line is a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return SkippedSource(source=where, reason="line has no \"text\" field with text in it")
    text = text.replace("\r\n", "\n").strip()
    url = _optional_str(record.get("url"))
    return Article(
        id=Article.make_id(url, text),
        url=url,
        title=_optional_str(record.get("title")),
        outlet=_optional_str(record.get("source")),
        published=parse_date(record.get("date")),
        text=text,
    )


def _optional_str(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
