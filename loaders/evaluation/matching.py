"""When a predicted entity is a gold one (ANNOTATION.md "How a prediction is matched").

Entities match on folded names or aliases (a person also on surname + first name or its initial, a
Project on at least half of the lemmas of both names).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from graph.names import analyser, fold_name
from graph.word_lists import word_set
from loaders.evaluation.gold import PERSON_TYPES, GoldEntity

_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.$")
_STOP_LEMMAS = word_set("match_stop_lemmas", "loaders.extraction")


_analyzer = analyser  # the one cached analyser of graph.names


@lru_cache(maxsize=100_000)
def _lemma(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return word.lower()
    return _analyzer().parse(word)[0].normal_form.replace("ё", "е")


def lemmas(name: str) -> set[str]:
    words = re.findall(r"\w+", name.replace("ё", "е").replace("Ё", "Е"))
    return {_lemma(w) for w in words if w.lower() not in _STOP_LEMMAS}


def lemma_fold(name: str) -> str:
    """Fold plus lemmatised words: the key for gold names written in any case (NEREL)."""
    return " ".join(_lemma(w) for w in re.findall(r"\w+", fold_name(name)))


def _same_stem(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common == len(a) == len(b) or (common >= 3 and common >= max(len(a), len(b)) - 3)


def inflected_equal(a: str, b: str) -> bool:
    """Two names equal up to case endings, word by word (or by lemmas).

    NEREL writes names as the sentence inflects them (Барака Обамы) and foreign names are unknown
    to any dictionary, so its gold is compared on stems: "Цвангираи" and "Цвангирая" are one name.
    """
    wa, wb = re.findall(r"\w+", fold_name(a)), re.findall(r"\w+", fold_name(b))
    if len(wa) != len(wb) or not wa:
        return False
    return all(_same_stem(x, y) for x, y in zip(wa, wb)) or lemma_fold(a) == lemma_fold(b)


def person_parts(name: str) -> list[tuple[str, str]]:
    """Readings of a name as (first name or initial, surname), folded: "Иван Петров" and "Петров Иван"."""
    tokens = re.findall(r"[A-ZА-ЯЁ]\.|[\w-]+", name.replace("ё", "е").replace("Ё", "Е"))
    initials = [t for t in tokens if _INITIAL.match(t)]
    words = [t for t in tokens if not _INITIAL.match(t)]
    if len(words) >= 2:
        return [(words[0].lower(), words[-1].lower()), (words[-1].lower(), words[0].lower())]
    if len(words) == 1 and initials:
        return [(initials[0].lower(), words[0].lower())]
    return []


def persons_match(pred: list[str], gold: list[str], same: Callable[[str, str], bool]) -> bool:
    pred_parts = [pp for p in pred for pp in person_parts(p)]
    gold_parts = [gp for g in gold for gp in person_parts(g)]
    for pp in pred_parts:
        for gp in gold_parts:
            if not same(pp[1], gp[1]):
                continue
            if pp[0].endswith(".") or gp[0].endswith("."):
                if pp[0][0] == gp[0][0]:
                    return True
            elif same(pp[0], gp[0]):
                return True
    return False


def projects_match(pred: list[str], gold: list[str]) -> bool:
    for p in pred:
        lp = lemmas(p)
        for g in gold:
            lg = lemmas(g)
            if not lp or not lg:
                continue
            shared = len(lp & lg)
            if shared * 2 >= len(lp) and shared * 2 >= len(lg):
                return True
    return False


@dataclass
class Matcher:
    """Decides whether a predicted entity is a gold one; ``key`` folds names (fold_name for dev.jsonl),
    ``equal`` optionally compares two names when folding alone cannot (inflected NEREL gold)."""

    key: Callable[[str], str] = fold_name
    equal: Callable[[str, str], bool] | None = None

    def same(self, a: str, b: str) -> bool:
        return self.key(a) == self.key(b) or (self.equal is not None and self.equal(a, b))

    def names_match(self, pred: GoldEntity, gold: GoldEntity) -> bool:
        gold_keys = {self.key(n) for n in gold.names}
        if any(self.key(n) in gold_keys for n in pred.names):
            return True
        return self.equal is not None and any(self.equal(p, g) for p in pred.names for g in gold.names)

    def match(self, pred: GoldEntity, gold: GoldEntity, typed: bool) -> bool:
        if typed and pred.type != gold.type:
            return False
        if self.names_match(pred, gold):
            return True
        if gold.type in PERSON_TYPES and pred.type in PERSON_TYPES | {""}:
            return persons_match(pred.names, gold.names, self.same)
        if gold.type == "Project" and pred.type in {"Project", ""} or (not typed and pred.type == "Project" and gold.type == "Project"):
            return projects_match(pred.names, gold.names)
        return False


def _one_to_one(preds: list, golds: list, ok: Callable[[object, object], bool]) -> list[tuple[int, int]]:
    """A largest one-to-one matching (pred index, gold index), found by augmenting paths: each prediction takes
    the first free gold it matches, and one that finds all its golds taken moves an earlier prediction to
    another gold it also matches. A greedy pass would let a body aliased «МИД» take gold «МИД» and leave gold
    «МИД РФ» unmatched although a second prediction matches only «МИД»."""
    options = [[gi for gi, g in enumerate(golds) if ok(p, g)] for p in preds]
    owner: dict[int, int] = {}  # gold index → pred index

    def place(pi: int, seen: set[int]) -> bool:
        for gi in options[pi]:
            if gi in seen:
                continue
            seen.add(gi)
            if gi not in owner or place(owner[gi], seen):
                owner[gi] = pi
                return True
        return False

    for pi in range(len(preds)):
        place(pi, set())
    return sorted((pi, gi) for gi, pi in owner.items())
