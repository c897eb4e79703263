"""Sources into articles: files in any Russian encoding, HTML pages, feeds, JSONL dumps, folders, URLs.

    from loaders.sources import load_articles, SkippedSource
    for item in load_articles("examples/"):      # or a file, a .jsonl dump, a feed, an http(s) URL
        print(item.line() if isinstance(item, SkippedSource) else item.title)

A new source kind is one ``ArticleLoader`` subclass added to ``registry.LOADERS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from loaders.sources.base import ArticleLoader, LoadItem, RawSource, SkippedSource
from loaders.sources.files import load_path
from loaders.sources.registry import LOADERS, choose_loader, load_raw
from loaders.sources.syndication import SyndicationIndex, story_fingerprint
from loaders.sources.url import is_url, load_url

__all__ = [
    "ArticleLoader", "LOADERS", "LoadItem", "RawSource", "SkippedSource", "SyndicationIndex",
    "choose_loader", "load_articles", "load_raw", "story_fingerprint",
]


def load_articles(source: str | Path, *, timeout: float | None = None) -> Iterator[LoadItem]:
    """Every article in a file, folder or http(s) URL, streamed; what cannot be read is a SkippedSource."""
    if isinstance(source, str):
        if is_url(source):
            yield from load_url(source, timeout=timeout)
            return
        scheme = urlsplit(source).scheme.lower()
        if len(scheme) > 1 and "://" in source:
            yield SkippedSource(source=source, reason=f"unsupported URL scheme {scheme}:// (use http or https)")
            return
    yield from load_path(Path(source))
