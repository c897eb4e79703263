"""NEREL profile only: mentions NEREL tags where ANNOTATION.md does not (a body nested in its state's name, news
outlets cited as the source) and facilities it does not tag as organisations (hospitals, cathedrals, cinemas)."""

from __future__ import annotations

from graph.names import fold_name
from graph.word_lists import word_set
from loaders.extraction.article_state import ArticleState
from loaders.extraction.mention_lists import list_noun
from loaders.extraction.mention_words import _ATTRIBUTION, foreign_country, quoted_speech
from loaders.extraction.mentions import Mention
from loaders.extraction.quotes import newline_before, quote_role, quoted_inner, read_quoted
from loaders.extraction.resolve import EntityDraft

# nouns after which a name is a news outlet's: "по данным журнала Forbes", "газета «Ведомости»"
_OUTLET_NOUNS = word_set("outlet_nouns", "loaders.extraction")
_RUSSIA_SHORT = word_set("russia_short_names", "loaders.extraction")
_STATE_NAMES = word_set("state_names", "loaders.extraction")


def facility(ex, doc, m: Mention) -> bool:
    """The mention's first noun, or the noun its quoted name stands after («в кинотеатрах «Звезда», «Космос»»,
    «в отеле "Космос"»), is a kind of place NEREL tags as FACILITY (nerel_facility_heads.txt)."""
    if next((t.lemma for t in doc.tokens[m.i : m.j] if t.pos == "NOUN"), "") in ex.facility_heads:
        return True
    q = m.i if doc.tokens[m.i].is_quote else m.i - 1
    named_by = list_noun(doc, q) if q >= 0 and doc.tokens[q].is_quote else None
    return named_by is not None and named_by.lemma in ex.facility_heads


def nested_bodies(ex, s: ArticleState) -> None:
    """NEREL profile: a body written with its state or region after it is also an entity without the place,
    «Министерство обороны Румынии» → «Министерство обороны», «МВД России» → «МВД» (nerel_nested_heads.txt).
    Added after resolution as entities of their own: NEREL tags the nested body apart from the whole."""
    doc = s.doc
    for m in sorted(s.orgs, key=lambda m: m.i):
        if m.entity < 0 or m.entity not in s.keep:
            continue
        p = m.j
        while p - 1 > m.i and _place_token(doc, p - 1, s.region_tokens):
            p -= 1
        words = [t for t in doc.tokens[m.i : p] if t.is_word]
        if p == m.j or not words:
            continue
        head = next((t.lemma for t in words if t.pos == "NOUN" and not t.is_abbr), "")
        if not (all(t.is_abbr for t in words) or (head in ex.nested_heads and not any(t.is_abbr for t in words))):
            continue
        idx = [k for k in range(m.i, p) if doc.tokens[k].is_word or doc.tokens[k].is_quote]
        name = ex.org_namer._rebuild(doc, idx, ex.morph.phrase_nominative([doc.tokens[k].text for k in idx]))
        key = fold_name(name)
        if any(fold_name(d.name) == key or (n != m.entity and key in d.keys) for n, d in enumerate(s.drafts)):
            continue
        inner = ex.finder._mention(doc, "org", m.i, p, "nested")
        inner.head, inner.type, inner.name, inner.entity = head, "Organization", name, len(s.drafts)
        s.drafts.append(EntityDraft(type="Organization", name=name, mentions=[inner]))
        s.keep.add(inner.entity)


def russia(doc, k: int) -> int:
    """How many tokens at k name Russia in the genitive: "России", "РФ" (1), "Российской Федерации" (2); else 0."""
    if k >= len(doc.tokens) or doc.tokens[k].sentence != doc.tokens[k - 1].sentence:
        return 0
    tok = doc.tokens[k]
    if tok.lemma in _RUSSIA_SHORT and ("gent" in tok.cases or tok.is_abbr):
        return 1
    nxt = doc.tokens[k + 1] if k + 1 < len(doc.tokens) else None
    return 2 if tok.lemma == "российский" and nxt is not None and nxt.lemma == "федерация" and "gent" in nxt.cases else 0


def _place_token(doc, k: int, region_tokens: set[int]) -> bool:
    """Token k names a state or a region: "России", "РФ", "Российской Федерации", "США", "Румынии", "Москвы"."""
    tok = doc.tokens[k]
    return (k in region_tokens or foreign_country(doc, k) or tok.lemma in _STATE_NAMES
            or (tok.lemma == "федерация" and k > 0 and doc.tokens[k - 1].lemma == "российский")
            or (tok.lemma == "российский" and k + 1 < len(doc.tokens) and doc.tokens[k + 1].lemma == "федерация"))


def cited_outlets(ex, doc, found, person_spans, skipped) -> list[Mention]:
    """NEREL profile: news outlets are organisations, named as the source ("сообщает РБК", "пишет Reuters",
    "передает Би-би-си") or after an outlet noun ("по данным журнала Forbes", "газета «Ведомости»")."""
    taken = {k for m in found for k in range(m.i, m.j)} | {k for a, b in person_spans for k in range(a, b)}
    out = []
    for k, tok in enumerate(doc.tokens):
        if tok.sentence in skipped or not (tok.lemma in _ATTRIBUTION or (tok.lemma in _OUTLET_NOUNS and tok.pos == "NOUN")):
            continue
        i = k + 1
        if i >= len(doc.tokens) or doc.tokens[i].sentence != tok.sentence:
            continue
        if quote_role(doc, doc.tokens[i]) == "open":
            j = read_quoted(doc, i, doc.sentences[tok.sentence].last_token)
            if j - i < 3 or quote_role(doc, doc.tokens[j - 1]) != "close" or quoted_speech(doc.tokens[i + 1 : j - 1]):
                continue
        else:
            j = i
            while (j < len(doc.tokens) and j - i < 4 and doc.tokens[j].sentence == tok.sentence and doc.tokens[j].is_word
                   and (doc.tokens[j].is_capital or doc.tokens[j].is_abbr) and (j == i or not newline_before(doc, j))):
                j += 1
        if j == i or any(x in taken for x in range(i, j)):
            continue
        m = ex.finder._mention(doc, "org", i, j, "outlet")
        m.name = quoted_inner(doc, i, j) if doc.tokens[i].is_quote else m.text
        if fold_name(m.name) in ex.not_organisations:
            continue
        m.type, m.head = "Organization", ""
        taken.update(range(i, j))
        out.append(m)
    return out
