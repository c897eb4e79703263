"""Russian word lists kept as data, so that code names a word class and data holds its words: a package's
``data/words.tsv`` (resolution's ``graph/data/words.tsv``, extraction's ``loaders/extraction/data/words.tsv``).

Each row is ``set<TAB>word`` or, for a mapping, ``set<TAB>key<TAB>value``; a set keeps the order of its rows.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


def _where(package: str) -> str:
    return f"{package.replace('.', '/')}/data/words.tsv"


@cache
def _table(package: str = "graph") -> dict[str, list[tuple[str, ...]]]:
    """Every set of one package's words.tsv by name, read once."""
    text = resources.files(package).joinpath("data", "words.tsv").read_text(encoding="utf-8")
    table: dict[str, list[tuple[str, ...]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, *cells = line.split("\t")
        if not cells or not all(cells) or len(cells) > 2:
            raise ValueError(f"{_where(package)} line {number}: expected set<TAB>word[<TAB>value], got {line!r}")
        table.setdefault(name, []).append(tuple(cells))
    return table


def _rows(name: str, width: int, package: str) -> list[tuple[str, ...]]:
    try:
        rows = _table(package)[name]
    except KeyError as exc:
        raise KeyError(f"{_where(package)} has no set {name!r}") from exc
    if any(len(row) != width for row in rows):
        raise ValueError(f"{_where(package)}: set {name!r} needs {width} cell(s) after its name on every row")
    return rows


def word_list(name: str, package: str = "graph") -> tuple[str, ...]:
    """The words of one set of ``package``'s words.tsv, in file order."""
    return tuple(row[0] for row in _rows(name, 1, package))


def word_set(name: str, package: str = "graph") -> frozenset[str]:
    """The words of one set of ``package``'s words.tsv, for membership tests."""
    return frozenset(word_list(name, package))


def word_map(name: str, package: str = "graph") -> dict[str, str]:
    """One mapping set of ``package``'s words.tsv as key → value, in file order."""
    return {key: value for key, value in _rows(name, 2, package)}


def either_capital(word: str) -> str:
    """A regex for ``word`` with its first letter in either case: «город» → ``[Гг]ород``."""
    return f"[{word[:1].upper()}{word[:1].lower()}]{re.escape(word[1:])}"
