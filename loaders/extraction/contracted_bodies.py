"""Within one article: a contracted regional ministry («региональный минпромторг», «минздрав Омской области», a
bare «глава минпрома») is the article's one regional ministry of that remit named in full («Министерство
промышленности и энергетики … области»)."""

from __future__ import annotations

import re

from graph.names import fold_name
from graph.word_lists import word_list
from loaders.extraction.resolve import EntityDraft

_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
# words that only say "of the region" and need not be repeated in the full name
_MARKER_STEMS = word_list("region_marker_stems", "loaders.extraction")  # «регион…», «областн…», «краев…»
_MARKERS = re.compile(r"^(?:" + "|".join(re.escape(stem) + r"\w*" for stem in _MARKER_STEMS) + r")$")


def _contraction(name: str) -> tuple[str, list[str]] | None:
    """(the remit's stem, the other words) of a contracted ministry: «Минздрав Омской области» → («здра», [омской,
    области]); None for a name that is no contraction («Министерство …»)."""
    words = [w.lower() for w in _WORD.findall(name)]
    heads = [n for n, w in enumerate(words) if w.startswith("мин") and not w.startswith("министерств") and len(w) >= 6]
    if len(heads) != 1:
        return None
    n = heads[0]
    return words[n][3:7], [w for k, w in enumerate(words) if k != n and not _MARKERS.match(w)]


def _remit_and_words(name: str) -> tuple[str, list[str]] | None:
    words = [w.lower() for w in _WORD.findall(name)]
    if len(words) < 2 or not words[0].startswith("министерств"):
        return None
    return words[1], words


def _names(word: str, words: list[str]) -> bool:
    size = min(len(word), 4)
    return any(w[:size] == word[:size] for w in words)


def join_contracted_ministries(drafts: list[EntityDraft]) -> list[EntityDraft]:
    """A regional ministry written as a contraction joins the article's only regional ministry whose remit starts
    with the contraction's stem and whose name has the contraction's region words; with two candidates (or none)
    it stays as it is."""
    out = list(drafts)
    for short in list(out):
        if short.type != "RegionalBody" or (contracted := _contraction(short.name)) is None:
            continue
        stem, region_words = contracted
        full = []
        for d in out:
            if d is short or d.type != "RegionalBody" or (spelled := _remit_and_words(d.name)) is None:
                continue
            remit, words = spelled
            if remit.startswith(stem) and all(_names(w, words) for w in region_words):
                full.append(d)
        if len(full) != 1:
            continue
        full[0].absorb(short)
        out.remove(short)
    return out


def bare_contractions(ex, s) -> None:
    """A contraction written with no region («новый глава Минпрома») names the story's one regional ministry of
    that remit when the story names one in full; it becomes a mention that ``join_contracted_ministries`` joins.
    A contraction that is a federal body's own name («Минпромторг») is the gazetteer's and is not touched."""
    ministries: dict[str, set[str]] = {}
    for m in s.orgs:
        if m.type == "RegionalBody" and (spelled := _remit_and_words(m.name)) is not None:
            ministries.setdefault(spelled[0][:4], set()).add(fold_name(m.name))
    if not ministries:
        return
    taken = {k for m in s.orgs for k in range(m.i, m.j)}
    found = []
    for t in s.doc.tokens:
        if (t.index in taken or t.sentence in s.skipped or t.pos != "NOUN"
                or ex.lexicon.org_heads.get(t.lemma) != "auto-government" or (contracted := _contraction(t.lemma)) is None):
            continue
        stem = contracted[0]
        names = {name for remit, group in ministries.items() if remit.startswith(stem) for name in group}
        if len(names) != 1:
            continue
        m = ex.finder._mention(s.doc, "org", t.index, t.index + 1, "chunk")
        m.head, m.type = t.lemma, "RegionalBody"
        m.name = t.lemma[:1].upper() + t.lemma[1:]
        found.append(m)
    s.orgs = sorted(s.orgs + found, key=lambda m: m.i)
