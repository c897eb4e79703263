"""HTML pages: main text, title, date and author with trafilatura; a page without a body is skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from graph.model import Article
from loaders.sources.base import ArticleLoader, LoadItem, RawSource, SkippedSource
from loaders.sources.encoding import UndecodableText, decode_bytes

MIN_BODY_WORDS = 5  # fewer words than a sentence: what trafilatura found was a menu or a button
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)


def parse_date(value: object) -> date | None:
    """A date from ISO text (``2023-12-14`` or a timestamp starting with it), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def with_title(title: str | None, body: str) -> str:
    """The headline counts as article text, so it leads the body unless it already does."""
    body = body.strip()
    if title and not body.startswith(title.strip()):
        return f"{title.strip()}\n\n{body}"
    return body


class HtmlLoader(ArticleLoader):
    kind = "html"
    suffixes = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
    content_types = ("text/html", "application/xhtml+xml")

    def sniff(self, head: bytes) -> bool:
        return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf")))

    def load(self, raw: RawSource) -> Iterator[LoadItem]:
        import trafilatura  # heavy import, only when a page is read

        try:
            data = raw.read_all()
            declared = raw.charset or _declared_charset(data[:4096])
            markup, _ = decode_bytes(data, declared)
        except (ValueError, UndecodableText) as exc:
            yield SkippedSource(source=raw.name, reason=str(exc))
            return
        if not markup.strip():
            yield SkippedSource(source=raw.name, reason="empty HTML page")
            return
        try:
            doc = trafilatura.bare_extraction(
                markup, url=raw.url, with_metadata=True, include_comments=False,
                include_tables=False, favor_precision=True,
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            yield SkippedSource(source=raw.name, reason=f"HTML could not be parsed ({type(exc).__name__})")
            return
        body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
        if len(body.split()) < MIN_BODY_WORDS:
            yield SkippedSource(source=raw.name, reason="HTML page has no main text (menus and links only)")
            return
        title = getattr(doc, "title", None) or None
        yield Article(
            id=Article.make_id(raw.url, with_title(title, body)),
            url=raw.url,
            title=title,
            outlet=getattr(doc, "sitename", None) or None,
            author=getattr(doc, "author", None) or None,
            published=parse_date(getattr(doc, "date", None)),
            text=with_title(title, body),
        )


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None
