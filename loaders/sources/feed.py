"""RSS and Atom feeds: every entry with text becomes an article; a feed that is not XML is skipped."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from datetime import date

from graph.model import Article
from loaders.sources.base import MAX_DOCUMENT_BYTES, ArticleLoader, LoadItem, RawSource, SkippedSource
from loaders.sources.html import with_title

_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|div|li|h\d)>|<br\s*/?>", re.I)


def html_to_text(fragment: str) -> str:
    """Entry summaries are HTML fragments: keep paragraph breaks, drop tags, unescape entities."""
    text = _BLOCK_END.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return date.fromtimestamp(time.mktime(value))
    return None


class FeedLoader(ArticleLoader):
    kind = "feed"
    suffixes = (".rss", ".atom", ".xml", ".rdf")
    content_types = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                     "application/xml", "text/xml")

    def sniff(self, head: bytes) -> bool:
        return bool(_FEED_START.match(head.lstrip(b"\xef\xbb\xbf")))

    def load(self, raw: RawSource) -> Iterator[LoadItem]:
        import feedparser

        try:
            data = raw.read_all(MAX_DOCUMENT_BYTES)
        except ValueError as exc:
            yield SkippedSource(source=raw.name, reason=str(exc))
            return
        if not self.sniff(data[:4096]):
            yield SkippedSource(source=raw.name, reason="not an RSS/Atom feed: no <rss> or <feed> root element")
            return
        parsed = feedparser.parse(data)
        entries = parsed.get("entries") or []
        if not entries:
            problem = parsed.get("bozo_exception")
            why = f"not well-formed XML ({problem})" if problem else "the feed has no entries"
            yield SkippedSource(source=raw.name, reason=f"not a usable RSS/Atom feed: {why}")
            return
        outlet = parsed.get("feed", {}).get("title") or None
        for number, entry in enumerate(entries, 1):
            content = entry.get("content") or []
            body = html_to_text(content[0].get("value", "") if content else entry.get("summary", ""))
            title = html_to_text(entry.get("title", "")) or None
            if not body:
                yield SkippedSource(source=f"{raw.name}#entry{number}", reason="feed entry has no text")
                continue
            text = with_title(title, body)
            url = entry.get("link") or None
            yield Article(
                id=Article.make_id(url, text),
                url=url,
                title=title,
                outlet=outlet,
                author=entry.get("author") or None,
                published=_entry_date(entry),
                text=text,
            )
