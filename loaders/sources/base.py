"""The loader interface: a raw source (bytes behind a name) in, articles or skip notices out."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from pydantic import BaseModel

from graph.model import Article

HEAD_BYTES = 8192


def _limit_from_env(name: str, default_mb: float) -> int:
    try:
        return int(float(os.environ.get(name, default_mb)) * 1_000_000)
    except ValueError:
        return int(default_mb * 1_000_000)


# One article larger than this is not news but a dump or a book: it is skipped with a reason.
MAX_ARTICLE_BYTES = _limit_from_env("CLUSTERKG_MAX_ARTICLE_MB", 5)
# A whole feed or page fetched over HTTP may be larger than one article, but not unbounded.
MAX_DOCUMENT_BYTES = _limit_from_env("CLUSTERKG_MAX_DOCUMENT_MB", 50)


class SkippedSource(BaseModel):
    """An input that yielded no article, and why: what the CLI prints as one line."""

    source: str
    reason: str

    def line(self) -> str:
        return f"skipped {self.source}: {self.reason}"


LoadItem = Article | SkippedSource


@dataclass
class RawSource:
    """Bytes behind a name: a local file or a downloaded body, opened lazily so dumps stream."""

    name: str
    opener: Callable[[], BinaryIO]
    url: str | None = None
    suffix: str = ""
    content_type: str | None = None
    charset: str | None = None
    size: int | None = None
    _head: bytes | None = field(default=None, repr=False)

    @property
    def head(self) -> bytes:
        if self._head is None:
            with self.opener() as stream:
                self._head = stream.read(HEAD_BYTES)
        return self._head

    def read_all(self, limit: int = MAX_ARTICLE_BYTES) -> bytes:
        """The whole body, refusing (ValueError) anything over ``limit`` bytes."""
        if self.size is not None and self.size > limit:
            raise ValueError(too_large(self.size, limit))
        with self.opener() as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise ValueError(too_large(len(data), limit, at_least=True))
        return data


def too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "over " if at_least else ""
    return f"too large: {more}{size / 1e6:.1f} MB (limit {limit / 1e6:.0f} MB per article)"


class ArticleLoader(ABC):
    """One source kind. A new kind is a subclass registered in ``loaders.sources.registry``."""

    kind: str = "abstract"
    suffixes: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()

    def sniff(self, head: bytes) -> bool:
        """Whether the first bytes look like this kind (used when suffix and type say nothing)."""
        return False

    @abstractmethod
    def load(self, raw: RawSource) -> Iterator[LoadItem]:
        """Yield the articles in ``raw``, or SkippedSource for what cannot be read."""
