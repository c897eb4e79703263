"""Syndicated copies: the same story under two URLs, recognised by a hash of its normalised body."""

from __future__ import annotations

import hashlib
import re

from graph.model import Article

_NOT_WORD = re.compile(r"[^\w]+")


def story_fingerprint(text: str) -> str:
    """Hash of the article body without furniture, case, ё, punctuation or spacing.

    Two outlets that carry one story wrap it in different furniture and typography; the
    fingerprint only sees the words of the story itself.
    """
    from loaders.furniture import strip_furniture

    body = strip_furniture(text).lower().replace("ё", "е")
    words = _NOT_WORD.sub(" ", body).split()
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


class SyndicationIndex:
    """Remembers the first article of each story within a run; later copies name it."""

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str | None]] = {}

    def first_copy(self, article: Article) -> tuple[str, str | None] | None:
        """``(id, url)`` of an earlier article with the same story, or None (and remember this one)."""
        key = story_fingerprint(article.text)
        seen = self._first.get(key)
        if seen is None:
            self._first[key] = (article.id, article.url)
            return None
        return seen if seen[0] != article.id else None
