"""The Russian word lists of resolution (function words, kind nouns, region nouns …), kept in
``graph/data/words.tsv`` so that code names a word class and data holds its words.

Each row is ``set<TAB>word`` or, for a mapping, ``set<TAB>key<TAB>value``; a set keeps the order of its rows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[str, ...]]]:
    """Every set of words.tsv by name, read once."""
    text = resources.files("graph").joinpath("data", "words.tsv").read_text(encoding="utf-8")
    table: dict[str, list[tuple[str, ...]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, *cells = line.split("\t")
        if not cells or not all(cells) or len(cells) > 2:
            raise ValueError(f"graph/data/words.tsv line {number}: expected set<TAB>word[<TAB>value], got {line!r}")
        table.setdefault(name, []).append(tuple(cells))
    return table


def _rows(name: str, width: int) -> list[tuple[str, ...]]:
    try:
        rows = _table()[name]
    except KeyError as exc:
        raise KeyError(f"graph/data/words.tsv has no set {name!r}") from exc
    if any(len(row) != width for row in rows):
        raise ValueError(f"graph/data/words.tsv: set {name!r} needs {width} cell(s) after its name on every row")
    return rows


def word_list(name: str) -> tuple[str, ...]:
    """The words of one set, in file order."""
    return tuple(row[0] for row in _rows(name, 1))


def word_map(name: str) -> dict[str, str]:
    """One mapping set as key → value, in file order."""
    return {key: value for key, value in _rows(name, 2)}


def either_capital(word: str) -> str:
    """A regex for ``word`` with its first letter in either case: «город» → ``[Гг]ород``."""
    return f"[{word[:1].upper()}{word[:1].lower()}]{re.escape(word[1:])}"
