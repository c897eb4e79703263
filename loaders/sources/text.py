"""Plain-text articles in any of the encodings Russian sites saved them in."""

from __future__ import annotations

from collections.abc import Iterator

from graph.model import Article
from loaders.sources.base import ArticleLoader, LoadItem, RawSource, SkippedSource
from loaders.sources.encoding import UndecodableText, decode_bytes

_TITLE_MAX = 300
_TITLE_MIN_WORDS = 3
_TITLE_LOOKAHEAD = 3


def first_line_title(text: str) -> str | None:
    """The first short line that reads as a headline.

    A page saved as text often opens with a rubric or a place ("Томская область") above the
    headline, so a line of fewer than three words gives way to a longer one just below it.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_TITLE_LOOKAHEAD]
    candidates = [line for line in lines if len(line) <= _TITLE_MAX]
    if not lines or lines[0] not in candidates:
        return None
    for line in candidates:
        if len(line.split()) >= _TITLE_MIN_WORDS:
            return line
    return candidates[0]


class TextLoader(ArticleLoader):
    """One file (or body) is one article; the text is kept whole, furniture is stripped later."""

    kind = "text"
    suffixes = (".txt", ".text", ".md", "")
    content_types = ("text/plain",)

    def sniff(self, head: bytes) -> bool:
        return True  # the fallback: anything that is not binary and no other kind

    def load(self, raw: RawSource) -> Iterator[LoadItem]:
        try:
            text, _ = decode_bytes(raw.read_all(), raw.charset)
        except (ValueError, UndecodableText) as exc:
            yield SkippedSource(source=raw.name, reason=str(exc))
            return
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            yield SkippedSource(source=raw.name, reason="whitespace only, no text")
            return
        yield Article(
            id=Article.make_id(raw.url, text),
            url=raw.url,
            title=first_line_title(text),
            text=text,
        )
