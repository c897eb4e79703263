"""Bodies the text does not name: an organisation's own organ («Наблюдательный совет», «учредительное собрание
организации», «Совет по науке») and a unit of a well-known body («управление Фонда развития промышленности»)
are no entities of their own (ANNOTATION.md: named organisations; the parent, not its department)."""

from __future__ import annotations

from graph.word_lists import word_set
from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention

# an organisation's organs: a board, a meeting, a commission
_ORGANS = word_set("organ_nouns", "loaders.extraction")
# a genitive that names no one organisation: «собрание организации», «совет предприятия»
_GENERIC_OWNERS = word_set("generic_owner_nouns", "loaders.extraction")


def unnamed_organ(doc: Document, m: Mention) -> bool:
    """An organ named only by its kind: adjectives and the head («Наблюдательный совет»), a topic after «по»
    («Совет по науке»), or a generic owner («собрание организации»); no capital, quote or acronym after the first
    word, no region. A gazetteer body («Совет Федерации») or a legal form is a name."""
    if m.source not in ("chunk", "ner") or m.body is not None or m.region is not None or m.legal_form:
        return False
    toks = [t for t in doc.tokens[m.i : m.j] if t.is_word]
    head_at = next((n for n, t in enumerate(toks) if t.lemma in _ORGANS), None)
    if head_at is None or any(t.pos not in ("ADJF", "PRTF") for t in toks[:head_at]):
        return False
    if any(t.is_capital or t.is_quote or t.is_abbr for t in toks[1:]) or any(t.is_quote for t in doc.tokens[m.i : m.j]):
        return False
    rest = toks[head_at + 1 :]
    return not rest or rest[0].lemma == "по" or (len(rest) == 1 and rest[0].lemma in _GENERIC_OWNERS)


def known_body_after(ex, rest: list) -> bool:
    """A well-known body (the gazetteer's) written after a unit's head: the unit is that body's part."""
    for start in range(len(rest)):
        for stop in range(start + 1, min(len(rest), start + ex.lexicon.body_max_words) + 1):
            key = " ".join(t.key or t.lemma for t in rest[start:stop])
            if key in ex.lexicon.bodies:
                return True
    return False


def bare_kind(ex, doc: Document, m: Mention) -> bool:
    """A name that is only a kind of body, capitalised at a sentence start or cut from a longer name («Кластер
    позволит…», «директор Союза»): ANNOTATION.md, a bare «кластер» is not an entity."""
    if m.source not in ("chunk", "ner") or m.body is not None or m.legal_form:
        return False
    span = doc.tokens[m.i : m.j]
    toks = [t for t in span if t.is_word]
    if len(toks) != 1 or toks[0].is_abbr or (span[0].is_quote and span[-1].is_quote and len(span) > 1):
        return False  # «Кластер» in quotes on both sides is a name
    return dict.get(ex.lexicon.org_heads, toks[0].lemma) is not None  # the head words themselves, no compounds
