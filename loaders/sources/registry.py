"""The one place a source kind plugs in: the ordered list of loaders and how one is chosen."""

from __future__ import annotations

from collections.abc import Iterator

from loaders.sources.base import ArticleLoader, LoadItem, RawSource, SkippedSource
from loaders.sources.binary import binary_kind
from loaders.sources.feed import FeedLoader
from loaders.sources.html import HtmlLoader
from loaders.sources.jsonl import JsonlLoader
from loaders.sources.text import TextLoader

# Order matters for sniffing only: the first loader whose sniff() accepts the head wins;
# TextLoader accepts anything and so comes last.
LOADERS: list[ArticleLoader] = [JsonlLoader(), FeedLoader(), HtmlLoader(), TextLoader()]


def choose_loader(raw: RawSource) -> ArticleLoader:
    """By declared content type, then by file suffix, then by the first bytes."""
    if raw.content_type:
        for loader in LOADERS:
            if raw.content_type in loader.content_types:
                if loader.kind == "feed" and not loader.sniff(raw.head):
                    break  # "application/xml" that is not a feed: let the bytes decide
                return loader
    if raw.suffix:
        for loader in LOADERS:
            if raw.suffix in loader.suffixes:
                return loader
    for loader in LOADERS:
        if loader.sniff(raw.head):
            return loader
    return LOADERS[-1]


def load_raw(raw: RawSource) -> Iterator[LoadItem]:
    """Articles from one raw source; empty and binary inputs are skipped before any loader runs."""
    if raw.size == 0 or not raw.head:
        yield SkippedSource(source=raw.name, reason="empty file")
        return
    kind = binary_kind(raw.head)
    if kind:
        yield SkippedSource(source=raw.name, reason=f"binary file ({kind}), not text")
        return
    yield from choose_loader(raw).load(raw)
