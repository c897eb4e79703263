"""Local paths: one file, or a folder walked recursively in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from loaders.sources.base import LoadItem, RawSource, SkippedSource
from loaders.sources.registry import load_raw


def raw_file(path: Path) -> RawSource:
    return RawSource(
        name=str(path),
        opener=lambda: open(path, "rb"),
        suffix=path.suffix.lower(),
        size=path.stat().st_size,
    )


def load_path(path: Path) -> Iterator[LoadItem]:
    """Articles from a file or a folder; anything unreadable becomes a SkippedSource."""
    try:
        if not path.exists():
            yield SkippedSource(source=str(path), reason="no such file or directory")
        elif path.is_dir():
            yield from _load_folder(path)
        elif not path.is_file():
            yield SkippedSource(source=str(path), reason="not a regular file")
        else:
            yield from load_raw(raw_file(path))
    except PermissionError:
        yield SkippedSource(source=str(path), reason="permission denied")
    except IsADirectoryError:
        yield SkippedSource(source=str(path), reason="is a directory")
    except OSError as exc:
        yield SkippedSource(source=str(path), reason=f"cannot read ({exc.strerror or exc})")


def _load_folder(folder: Path) -> Iterator[LoadItem]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except PermissionError:
        yield SkippedSource(source=str(folder), reason="permission denied (directory not readable)")
        return
    except OSError as exc:
        yield SkippedSource(source=str(folder), reason=f"cannot list directory ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .git, .DS_Store and friends are not articles
        child = Path(entry.path)
        if entry.is_symlink() and entry.is_dir():
            continue  # never follow folder links: loops
        yield from load_path(child)
