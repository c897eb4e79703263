"""Find stored entities by a name as a person types it: any case, any inflection, with or without
the legal form, an abbreviation («ТУСУРа») or the full name, a surname alone for a person.

Ranks: an exact folded match on a name or alias, then the same words up to inflection, then a name
that contains all the typed words, then an abbreviation of a stored name.  Only the best rank is
returned, so several results mean the name is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol

from graph.errors import ClusterKGError
from graph.model import EntityName
from graph.names import abbreviation_of, analyser, fold_name
from graph.word_lists import word_set

_WORD = re.compile(r"[0-9a-zа-я]+")
_ABBREVIATION_WITH_ENDING = re.compile(r"^([A-ZА-ЯЁ0-9]{2,}(?:-[A-ZА-ЯЁ0-9]+)?)([а-яё]{1,3})$")
# Function words an abbreviation skips and a containment match ignores.
_FUNCTION_WORDS = word_set("lookup_function_words")


class HasEntityNames(Protocol):
    """Anything that lists entity names, such as a GraphStore."""

    def entity_names(self) -> list[EntityName]: ...


class NameLookupError(ClusterKGError, LookupError):
    """A name that does not pick exactly one entity."""

    def __init__(self, message: str, candidates: Sequence[EntityName] = ()) -> None:
        super().__init__(message)
        self.candidates = list(candidates)


class UnknownName(NameLookupError):
    """No stored entity answers to the name."""


class AmbiguousName(NameLookupError):
    """Several stored entities answer to the name equally well."""


_morph = analyser  # the one cached analyser of graph.names


@lru_cache(maxsize=200_000)
def word_lemmas(word: str) -> frozenset[str]:
    """Every normal form pymorphy3 offers for a folded word (plus the word itself)."""
    if not re.search("[а-я]", word):
        return frozenset({word})
    forms = {word}
    forms.update(p.normal_form.replace("ё", "е") for p in _morph().parse(word)[:4])
    return frozenset(forms)


def _typed_forms(name: str) -> list[str]:
    """The name as typed and with case endings cut off abbreviations: «ТУСУРа» → «ТУСУР»."""
    words = name.split()
    cut = [m.group(1) if (m := _ABBREVIATION_WITH_ENDING.match(w)) else w for w in words]
    forms = [name]
    if cut != words:
        forms.append(" ".join(cut))
    return forms


def name_words(name: str) -> list[str]:
    return _WORD.findall(fold_name(name))


def _same_words(query: list[str], candidate: list[str]) -> bool:
    return len(query) == len(candidate) and all(word_lemmas(q) & word_lemmas(c) for q, c in zip(query, candidate))


def _word_in(query_word: str, candidate: list[str]) -> bool:
    if len(query_word) == 1:  # an initial
        return any(c.startswith(query_word) for c in candidate)
    lemmas = word_lemmas(query_word)
    return any(lemmas & word_lemmas(c) for c in candidate)


def _contains_words(query: list[str], candidate: list[str]) -> bool:
    content = [q for q in query if q not in _FUNCTION_WORDS]
    if not content or len(content) >= len(candidate) + 1:
        return False
    if all(len(q) == 1 for q in content):
        return False
    return all(_word_in(q, candidate) for q in content)


def _looks_like_abbreviation(text: str) -> bool:
    letters = re.sub(r"[^A-Za-zА-Яа-яЁё]", "", text)
    return 2 <= len(letters) <= 10 and letters.isupper()


def match_rank(query: str, entry: EntityName) -> int | None:
    """0 exact, 1 same words up to inflection, 2 contains the typed words, 3 abbreviation; None: no match."""
    labels = [entry.name, *entry.aliases]
    forms = _typed_forms(query.strip())
    folded = {fold_name(f) for f in forms}
    if folded & {fold_name(label) for label in labels}:
        return 0
    query_words = [name_words(f) for f in forms]
    label_words = [name_words(label) for label in labels]
    if any(_same_words(q, c) for q in query_words for c in label_words if q):
        return 1
    if any(_contains_words(q, c) for q in query_words for c in label_words if q):
        return 2
    if any(_looks_like_abbreviation(f) for f in forms):
        cut = forms[-1]
        if any(abbreviation_of(cut, label) for label in labels if not _looks_like_abbreviation(label)):
            return 3
    return None


def find_entities(name: str, names: Iterable[EntityName], types: Iterable[str] | None = None) -> list[EntityName]:
    """Entities answering to ``name`` at the best rank found (several = ambiguous), optionally only of ``types``."""
    wanted = {str(getattr(t, "value", t)) for t in types} if types else None
    best: int | None = None
    found: list[EntityName] = []
    for entry in names:
        if wanted and entry.type not in wanted:
            continue
        rank = match_rank(name, entry)
        if rank is None or (best is not None and rank > best):
            continue
        if best is None or rank < best:
            best, found = rank, []
        found.append(entry)
    return sorted(found, key=lambda e: (fold_name(e.name), e.id))


def pick_entity(
    name: str, names: Sequence[EntityName] | HasEntityNames, types: Iterable[str] | None = None
) -> EntityName:
    """The one entity a typed name means among ``names`` (or a store's ``entity_names()``), preferring
    ``types`` when given; raises UnknownName, or AmbiguousName listing the candidates one per line."""
    if not isinstance(names, Sequence):
        names = names.entity_names()
    found = find_entities(name, names, types) if types else []
    if not found:
        found = find_entities(name, names)
    if not found:
        raise UnknownName(f"no entity named {name!r} in the store")
    if len(found) > 1:
        listing = "\n".join(f"  {e.name} ({e.type})" for e in found)
        raise AmbiguousName(f"{name!r} is ambiguous; did you mean one of:\n{listing}", found)
    return found[0]
