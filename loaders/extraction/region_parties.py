"""Regions named as the parties of an agreement stand for their governments: «Краснодарский край, Херсонская и
Свердловская области подписали соглашение», «заключены соглашения с Московской и Рязанской областями»."""

from __future__ import annotations

from graph.word_lists import word_set
from loaders.extraction.document import Document
from loaders.extraction.lexicon import Region
from loaders.extraction.mentions import Mention
from loaders.extraction.relation_base import _AGREEMENTS

_SIGNING = word_set("signing_words", "loaders.extraction")
_REGION_NOUNS = word_set("region_nouns", "loaders.extraction")
_WITH = word_set("with_prepositions", "loaders.extraction")
_PARTY_CASES = {"nomn", "ablt"}  # the subject, or "с …"/"между …"


def region_parties(ex, doc: Document, region_hits, orgs: list[Mention], skipped: set[int]) -> list[Mention]:
    """One RegionalBody mention, named by the region's government, for each region that signs an agreement."""
    taken = {k for m in orgs for k in range(m.i, m.j)}
    out: list[Mention] = []
    for sent in doc.sentences:
        if sent.index in skipped:
            continue
        lemmas = {doc.tokens[k].lemma for k in range(sent.first_token, sent.last_token)}
        if not (lemmas & _AGREEMENTS and lemmas & _SIGNING):
            continue
        spans = [(i, j, r) for i, j, r in region_hits if sent.first_token <= i < sent.last_token]
        spans += _shared_noun_regions(ex, doc, sent, {i for i, _, _ in spans})
        for i, j, region in sorted(spans, key=lambda s: s[0]):
            if any(k in taken for k in range(i, j)) or not _as_party(doc, sent, i, j):
                continue
            m = ex.finder._mention(doc, "org", i, j, "region")
            m.name, m.type, m.region = region.government, "RegionalBody", region
            m.head = region.government.split()[0].lower()
            out.append(m)
            taken.update(range(i, j))
    return out


def _shared_noun_regions(ex, doc: Document, sent, starts: set[int]) -> list[tuple[int, int, Region]]:
    """ "Херсонская и Свердловская области": each adjective before a plural region noun names a region."""
    out = []
    for k in range(sent.first_token + 1, sent.last_token):
        noun = doc.tokens[k]
        if noun.lemma not in _REGION_NOUNS:
            continue
        n = k - 1  # the adjective right before the noun is a region of its own; those listed before it share the noun
        while n - 2 >= sent.first_token and doc.tokens[n - 1].text in {",", "и"}:
            tok = doc.tokens[n - 2]
            region = ex.lexicon.regions.get(f"{tok.key} {noun.key}") if tok.pos == "ADJF" and tok.is_capital else None
            if region is None:
                break
            if n - 2 not in starts:
                out.append((n - 2, n - 1, region))
            n -= 2
    return out


def _as_party(doc: Document, sent, i: int, j: int) -> bool:
    """The region is the subject (nominative) or follows "с"/"между" (instrumental), and no noun governs it:
    "в Свердловской области" says where, "губернатора Свердловской области" whose, "с Свердловской областью" with whom."""
    words = [t for t in doc.tokens[i:j] if t.is_word]
    if not words:
        return False
    cases = set(words[0].cases)  # an adjective's case is the clearer one: "Свердловская" vs "области"
    k = i - 1
    while k >= sent.first_token and (doc.tokens[k].text in {",", "и"} or (doc.tokens[k].pos == "ADJF" and doc.tokens[k].is_capital)
                                     or doc.tokens[k].lemma in _REGION_NOUNS):
        k -= 1  # back over the rest of a list: "с Московской, Воронежской, Рязанской областями"
    before = doc.tokens[k] if k >= sent.first_token else None
    if before is not None and (before.lemma in _WITH or before.lemma == "между"):
        return "ablt" in cases
    if before is not None and (before.pos in ("PREP", "NOUN", "NUMR") or before.text == "(" or before.is_capital and before.is_word):
        return False
    return "nomn" in cases
