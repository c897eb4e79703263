"""http(s) URLs fetched with urllib under a timeout; HTTP errors and timeouts become skip reasons."""

from __future__ import annotations

import http.client
import os
import socket
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from loaders.sources.base import MAX_DOCUMENT_BYTES, LoadItem, RawSource, SkippedSource
from loaders.sources.registry import load_raw

USER_AGENT = "clusterkg/0.1 (+https://github.com/clusterkg)"
_CHUNK = 1 << 16


def default_timeout() -> float:
    try:
        return float(os.environ.get("CLUSTERKG_HTTP_TIMEOUT", "20"))
    except ValueError:
        return 20.0


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def load_url(url: str, timeout: float | None = None) -> Iterator[LoadItem]:
    """Fetch ``url`` into a spooled temporary file and hand it to the loader its type names."""
    timeout = default_timeout() if timeout is None else timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    body = tempfile.SpooledTemporaryFile(max_size=4 << 20)
    try:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                final_url = response.geturl() or url
                headers: Message = response.headers
                size = _copy_limited(response, body)
        except urllib.error.HTTPError as exc:
            yield SkippedSource(source=url, reason=f"HTTP {exc.code} {exc.reason}")
            return
        except (TimeoutError, socket.timeout):
            yield SkippedSource(source=url, reason=f"timed out after {timeout:g} s")
            return
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                yield SkippedSource(source=url, reason=f"timed out after {timeout:g} s")
            else:
                yield SkippedSource(source=url, reason=f"cannot fetch ({reason})")
            return
        except ValueError as exc:
            yield SkippedSource(source=url, reason=str(exc))
            return
        except (OSError, http.client.HTTPException) as exc:
            yield SkippedSource(source=url, reason=f"connection failed ({type(exc).__name__}: {exc})")
            return
        def reopen():
            body.seek(0)
            return _Unclosed(body)

        raw = RawSource(
            name=url,
            opener=reopen,
            url=final_url,
            suffix=PurePosixPath(urlsplit(final_url).path).suffix.lower(),
            content_type=headers.get_content_type() if headers.get("Content-Type") else None,
            charset=headers.get_content_charset(),
            size=size,
        )
        yield from load_raw(raw)
    finally:
        body.close()


def _copy_limited(response, body) -> int:
    size = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            return size
        size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise ValueError(f"too large: over {MAX_DOCUMENT_BYTES / 1e6:.0f} MB downloaded")
        body.write(chunk)


class _Unclosed:
    """A view of the spooled body that loaders may 'close' without losing it."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readline(self, size: int = -1) -> bytes:
        return self._stream.readline(size)

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        return None
