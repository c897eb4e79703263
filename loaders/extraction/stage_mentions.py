"""Mention stage: the article's organisation and person mentions, from gazetteers, legal forms, chunks and NER.

Candidates are generated generously, overlaps resolved longest-first, and implausible ones (outlets cited as
the source, common words, captions) dropped; each function takes the configured Extractor as ``ex``.
"""

from __future__ import annotations

import re

from graph.names import fold_name
from graph.word_lists import word_list, word_set
from loaders.extraction import unnamed_bodies
from loaders.extraction.article_state import ArticleState
from loaders.extraction.document import Document
from loaders.extraction.mention_lists import list_noun
from loaders.extraction.mention_words import _ATTRIBUTION, SHAPED_ABBREVIATION, foreign_country
from loaders.extraction.mentions import Mention
from loaders.extraction.morph import strip_abbreviation_ending
from loaders.extraction.nerel_mentions import cited_outlets, facility, russia

_CAPTION = re.compile(
    r"^\s*(?:" + "|".join(map(re.escape, word_list("caption_openings", "loaders.extraction"))) + ")", re.IGNORECASE)
_REGION_NOUNS = word_set("bare_region_nouns", "loaders.extraction")
_PRONOUN_ADJECTIVES = word_set("pronoun_adjectives", "loaders.extraction")
# when or how good a body is, not which: "новое правительство", "бывший Советский Союз" (NEREL tags the body alone)
_PASSING_ADJECTIVES = word_set("passing_adjectives", "loaders.extraction")
_LED_BODIES = word_set("executive_heads", "loaders.extraction")  # NEREL: named by the leader, "кабинет Нечаса"
_SOURCE_RANK = {"gazetteer": 0, "legal": 1, "chunk": 2, "ner": 3}
# heads of units inside a larger body: the body named after them is an entity of its own
_SUBUNIT_HEADS = word_set("subunit_heads", "loaders.extraction")


_SHORTENED_TYPES = {"University", "ResearchInstitute", "Company", "Organization"}
_CHAIRS = word_set("chair_nouns", "loaders.extraction")
_UNIT_HEADS = word_set("unit_heads", "loaders.extraction")
_PARENT_HEADS = word_set("parent_heads", "loaders.extraction")
_ACADEMY_WORDS = word_set("academy_words", "loaders.extraction")


def find_mentions(ex, s: ArticleState) -> None:
    """Regions, organisations and people of the article (captions left out)."""
    doc = s.doc
    s.region_hits = [(i, j, r) for i, j, r in ex.finder.regions(doc) if doc.tokens[i].sentence not in s.skipped]
    s.region_tokens = {k for i, j, _ in s.region_hits for k in range(i, j)}
    ner_orgs, ner_people = ex.finder.ner_mentions(doc)
    s.orgs = organisations(ex, doc, ner_orgs, ner_people, s.region_tokens, s.skipped)
    s.people = people(ex, doc, ner_people, s.orgs, s.skipped)


def furniture_sentences(ex, doc: Document) -> set[int]:
    skipped = set()
    for s in doc.sentences:
        if _CAPTION.match(s.text):
            skipped.add(s.index)
    return skipped


def organisations(ex, doc, ner_orgs, ner_people, region_tokens, skipped) -> list[Mention]:
    person_spans = [(m.i, m.j) for m in ner_people if m.j - m.i >= 1]
    strong = ex.finder.gazetteer(doc)
    for i, j in ex.org_namer.legal_quoted(doc):
        strong.append(ex.finder._mention(doc, "org", i, j, "legal"))
    candidates = strong + ex.finder.chunks(doc, person_spans, region_tokens)
    candidates.sort(key=lambda m: (-(m.j - m.i), _SOURCE_RANK.get(m.source, 9), m.i))
    accepted: list[Mention] = []
    for m in candidates:
        if any(m.overlaps(a) for a in accepted):
            continue
        accepted.append(m)
    # a well-known body named inside a longer name is an entity too: "комитет Совета Федерации"
    for g in strong:
        if g.source == "gazetteer" and g not in accepted and any(
            a.i <= g.i and g.j <= a.j and (ex.profile == "nerel" or (a.source == "chunk" and a.head in _SUBUNIT_HEADS))
            for a in accepted
        ):
            accepted.append(g)
    for m in ner_orgs:
        if any(m.overlaps(a) for a in accepted):
            continue
        if not _plausible_ner_org(ex, doc, m, region_tokens):
            continue
        accepted.append(m)
    out = []
    for m in accepted:
        if m.sentence in skipped or (ex.profile == "annotation" and (_attribution(ex, doc, m) or ex.org_namer.credit(doc, m))):
            continue
        enclosed = doc.tokens[m.i].is_quote and doc.tokens[m.j - 1].is_quote
        if m.source in ("chunk", "ner") and not (m.shared_head or enclosed) and _no_name_words(
                ex, [t for t in doc.tokens[m.i : m.j] if t.is_word]):
            continue
        ex.org_namer.name(doc, m)
        if m.shared_head:
            m.aliases, m.name = set(), ex.morph.with_head(m.text, m.shared_head)
        elif enclosed and m.head and m.head not in ex.morph.lemma_key(m.name).split():
            m.aliases.add(f"{m.head} «{m.name}»")  # "три технопарка — «Нахабино», …": технопарк «Нахабино»
        _drop_descriptor(ex, m)
        if m.body is None and _only_regions(ex, m.name):
            continue  # "предприятия Тульской и Калужской областей" → no name left
        if not m.name or not any(c.isalpha() for c in m.name) or fold_name(m.name) in ex.not_organisations or (
                m.body is not None and fold_name(m.body.name) in ex.not_organisations):
            continue
        if ex.profile == "annotation" and (unnamed_bodies.unnamed_organ(doc, m) or unnamed_bodies.bare_kind(ex, doc, m)):
            continue
        if ex.profile == "nerel" and facility(ex, doc, m):
            continue  # NEREL: a hospital, cathedral, palace or cinema is a FACILITY
        if m.source == "ner" and m.body is None and not m.legal_form and not m.head:
            m.type = _apposition_type(ex, doc, m) or m.type
        out.append(m)
    if ex.profile == "annotation":
        out = _without_subdivisions(ex, doc, out)
    _join_short_forms(ex, out)
    # "белгородский кластер" after the cluster's own name refers back to it: only a story's one cluster is so named
    out = _region_named(doc, out)
    _sector_named(ex, out)
    if ex.profile == "nerel":
        out += _generic_bodies(ex, doc, out, person_spans, region_tokens, skipped)
        out += cited_outlets(ex, doc, out, person_spans, skipped)
    out.sort(key=lambda m: m.i)
    return out


def _drop_descriptor(ex, m: Mention) -> None:
    """ "Компания ЛЭМЗ-Т" → "ЛЭМЗ-Т": a describing noun before a proper name is not part of the name."""

    def bare(name: str) -> str:
        first, _, rest = name.partition(" ")
        if rest and ex.morph.lemma_key(first) in ex.descriptor_nouns and (rest[:1].isupper() or rest[:1] in "«\"„"):
            return rest
        return name

    name = bare(m.name)
    if name != m.name:
        m.name = name
        m.aliases = {bare(a) for a in m.aliases} - {name}


def _generic_bodies(ex, doc, found, person_spans, region_tokens, skipped) -> list[Mention]:
    """NEREL profile: "правительство", "полиция", "российские власти", "правительство России"."""
    taken = {k for m in found for k in range(m.i, m.j)} | {k for a, b in person_spans for k in range(a, b)}
    out = []
    for sent in doc.sentences:
        if sent.index in skipped:
            continue
        for k in range(sent.first_token, sent.last_token):
            tok = doc.tokens[k]
            need = ex.generic_bodies.get(tok.lemma)
            if need is None or k in taken or tok.pos != "NOUN":
                continue
            i = k
            while i - 1 >= sent.first_token and i - 1 not in taken and doc.tokens[i - 1].pos == "ADJF" and doc.tokens[i - 1].is_word \
                    and not doc.tokens[i - 1].is_abbr and doc.tokens[i - 1].lemma not in _PRONOUN_ADJECTIVES | _PASSING_ADJECTIVES:
                i -= 1
            leader = next((b for a, b in person_spans if a == k + 1 and "gent" in doc.tokens[a].cases), None)
            if tok.lemma not in _LED_BODIES:
                leader = None
            if need == "adjective" and i == k and leader is None:
                continue
            j = k + 1
            if leader is not None:
                i, j = k, leader  # "правительство Тэтчер", "администрация Билла Клинтона": a body named by its leader
            elif need.startswith("with-next:"):
                if j >= sent.last_token or doc.tokens[j].lemma != need.split(":", 1)[1]:
                    continue
                j += 1
            elif need == "with-genitive":
                i = k  # "Поздно вечером пресс-служба ..." : nothing in front belongs to it
                j = _genitive_end(ex, doc, sent, j, found, person_spans)
            while j < sent.last_token and j in region_tokens and j not in taken:
                j += 1
            if j == k + 1 and j not in taken and (foreign_country(doc, j) or russia(doc, j)):
                j += 2 if russia(doc, j) == 2 else 1  # "сборная Испании", "посольство США", "сборная России"
            m = ex.finder._mention(doc, "org", i, j, "generic")
            m.head = tok.lemma
            words = ex.morph.phrase_nominative([doc.tokens[x].text for x in range(i, j)])
            m.name = ex.org_namer._rebuild(doc, list(range(i, j)), words)
            m.type = "Organization"
            m.aliases = {m.text} - {m.name}
            taken.update(range(i, j))
            out.append(m)
    return out


def _genitive_end(ex, doc, sent, j: int, found, person_spans) -> int:
    """Where a genitive complement ends: "пресс-служба Кремля", "пресс-служба главы Кемеровской области"."""
    start = j
    while j < sent.last_token and j - start < 6:
        inner = next((m for m in found if m.i == j), None)
        span = inner.j if inner is not None else next((b for a, b in person_spans if a == j), None)
        if span is not None:
            j = span
            continue
        tok = doc.tokens[j]
        if not tok.is_word or "gent" not in tok.cases or tok.pos not in ("NOUN", "ADJF"):
            break
        j += 1
    return j


def _apposition_type(ex, doc: Document, m: Mention) -> str | None:
    """A name after a head noun takes its type: "одним из кластеров Европы – Aerospace Initiative Saxony"."""
    sent = doc.sentences[m.sentence]
    for k in range(m.i - 1, max(sent.first_token, m.i - 7) - 1, -1):
        tok = doc.tokens[k]
        if tok.pos in ("VERB", "INFN") or tok.text in {",", ";", ":"}:
            return None
        kind = ex.lexicon.org_heads.get(tok.lemma, "")
        if kind in ("Cluster", "Company", "University", "ResearchInstitute", "Organization"):
            return kind
    return None


def _plausible_ner_org(ex, doc: Document, m: Mention, region_tokens: set[int]) -> bool:
    toks = doc.tokens[m.i : m.j]
    words = [t for t in toks if t.is_word]
    if not words or fold_name(m.text) in ex.not_organisations:
        return False
    if all(t.index in region_tokens for t in words):
        return False
    if any("." in t.text and t.text.lower().endswith((".ru", ".net", ".com", ".рф")) for t in toks):
        return False
    before = doc.before_quotes(m.i)
    if before is not None and before.lemma in ex.not_org_nouns:
        return False
    if m.i > 0 and doc.tokens[m.i - 1].is_quote:
        named_by = list_noun(doc, m.i - 1)  # "в кинотеатрах «Звезда», «Космос» и «Юность»"
        if named_by is not None and named_by.lemma in ex.not_org_nouns:
            return False
    if len(words) == 1:
        w = words[0]
        if w.lemma in ex.lexicon.org_heads or w.lemma in ex.lexicon.posts:
            return False
        tail = w.text.rpartition("-")[2]
        if tail != w.text and tail.islower() and ex.morph.lemma(tail) in ex.lexicon.org_heads:
            return False  # "IT-компании", "агро-холдинги": a kind of firm, not one
        parses = ex.morph.parse(w.text)
        grams = set(parses[0].tag.grammemes)
        common = parses[0].is_known and not ({"Orgn", "Geox", "Surn", "Name", "Abbr"} & grams)
        place = parses[0].is_known and "Geox" in grams and "Orgn" not in grams  # "Приволжья": a place, not a firm
        quoted = m.i > 0 and doc.tokens[m.i - 1].is_quote
        if (common or place) and not quoted and not w.is_abbr:
            return False
    return True


def _no_name_words(ex, words) -> bool:
    """Words that cannot name an organisation alone: adjectives only («Национальным исследовательским»), regions
    only («Тульской, Калужской и Самарской областей»), a person's name in capitals («АЛЕКСЕЙ КОКОРИН»)."""
    if 2 <= len(words) <= 3 and all(t.text.isupper() and len(t.text) > 2 for t in words):
        first = ex.morph.parse(words[0].text.capitalize())
        return bool(first) and "Name" in first[0].tag.grammemes
    if any(t.is_abbr or t.is_quote or any(c.isupper() for c in t.text[1:]) for t in words):
        return False
    if all(t.pos in ("ADJF", "PRTF") for t in words):
        return True
    return all(t.lemma in _REGION_NOUNS or t.lemma in ex.lexicon.region_adjectives or t.pos == "CONJ" for t in words)


def _region_named(doc: Document, out: list[Mention]) -> list[Mention]:
    """A cluster named only by its region ("Ярославский фармкластер", "белгородский кластер") next to the story's
    one fully named cluster is that cluster; next to several, a lower-case one is a back-reference and is left
    out, a capitalised one («Калужский фармацевтический кластер» in a list) is a cluster of its own."""
    named = [o for o in out if not o.by_region]
    kept = []
    for m in out:
        others = {o.name for o in named if o.type == m.type or o.head == m.head} if m.by_region else set()
        if len(others) == 1:
            m.aliases.add(others.pop())
        elif others and not (doc.tokens[m.i].is_capital and m.i > doc.sentences[m.sentence].first_token):
            continue
        kept.append(m)
    return kept


def _sector_named(ex, out: list[Mention]) -> None:
    """"электротехнический кластер" after «Электротехнический кластер Чувашии» refers back to it: a cluster named only
    by its sector is the one cluster whose fuller name has that sector's word, else the story's one named cluster."""
    for m in out:
        if not m.by_sector:
            continue
        sector = ex.morph.lemma_key(m.name).split()[0]
        named = {o.name: ex.morph.lemma_key(" ".join([o.name, *o.aliases])).split() for o in out
                 if o is not m and not o.by_sector and o.type == "Cluster"}
        fuller = {name for name, words in named.items() if sector in words} or set(named)
        if len(fuller) == 1:  # the story's one named cluster, or the one with that sector in its name
            m.aliases.add(m.name)
            m.name = fuller.pop()


def _join_short_forms(ex, out: list[Mention]) -> None:
    """ "Политехнический университет" after "Санкт-Петербургский политехнический университет Петра Великого": a
    shorter unquoted name whose words are all in exactly one fuller name of the same type and head is that body."""
    names = {id(m): [set(ex.morph.lemma_key(n).split()) for n in (m.name, *m.aliases)] for m in out}
    for a in out:
        short = names[id(a)][0]
        if a.type not in _SHORTENED_TYPES or a.quoted or a.body is not None or len(short) < 2 or not a.head:
            continue
        if any(c.isdigit() for c in a.name):
            continue  # "больница № 1" and "детская больница № 1" are two hospitals
        fuller = {b.name for b in out if b.type == a.type and any(short < n for n in names[id(b)])}
        if len(fuller) == 1:
            a.aliases.add(fuller.pop())


def _without_subdivisions(ex, doc: Document, out: list[Mention]) -> list[Mention]:
    """Drop the subdivisions; a parent written only inside one («… КемГУ») becomes a mention of its own."""
    kept = []
    for m in out:
        parent = _subdivision(ex, doc, m)
        if parent is None:
            kept.append(m)
            continue
        if parent >= 0 and not any(o.i <= parent < o.j for o in out if o is not m):
            end = parent + 1
            while end < m.j and doc.tokens[end].is_abbr:
                end += 1  # "колледж НИЯУ МИФИ": the parent is both acronyms
            p = ex.finder._mention(doc, "org", parent, end, "chunk")
            ex.org_namer.name(doc, p)
            kept.append(p)
    return kept


def _subdivision(ex, doc: Document, m: Mention) -> int | None:
    """A faculty, a chair, or a unit named with the body it belongs to («Управление стратегических коммуникаций
    ТюмГУ», «департамент … Минэкономразвития России», «институт … политехнического университета») is part of
    that body, not an entity of its own (ANNOTATION.md: the parent organisation, not its department).
    None: not a subdivision; else the token of a parent acronym (-1 when there is none)."""
    if m.body is not None or m.source not in ("chunk", "ner"):
        return None
    toks = doc.tokens[m.i : m.j]
    head_at = next((n for n, t in enumerate(toks) if t.lemma == m.head), None) if m.head else None
    if m.head in _CHAIRS:
        return -1
    if head_at is None or m.head not in _SUBUNIT_HEADS | _UNIT_HEADS:
        return None
    rest = toks[head_at + 1 :]
    if any(t.lemma in _ACADEMY_WORDS for t in rest):
        return None  # «институт … РАН» is a research institute (ANNOTATION.md)
    for t in rest:
        if t.is_abbr and SHAPED_ABBREVIATION.match(strip_abbreviation_ending(t.text)):
            return t.index
    if any(t.lemma in _PARENT_HEADS and "gent" in t.cases for t in rest) or any(
            t.is_capital and _known_type(ex, t) in ("University", "FederalBody") for t in rest):
        return -1
    if m.head in _SUBUNIT_HEADS and unnamed_bodies.known_body_after(ex, rest):
        return -1
    return None


def _known_type(ex, t) -> str:
    body = ex.lexicon.bodies.get(t.key)
    return body.type if body is not None else ""


def _only_regions(ex, name: str) -> bool:
    """ "Орловской, Курской и Брянской областей": region adjectives and a region noun, nothing else."""
    words = re.findall(r"[^\W\d_]+", name)
    lemmas = [ex.morph.lemma(w) for w in words]
    return any(lemma in _REGION_NOUNS for lemma in lemmas) and all(
        w == "и" or lemma in _REGION_NOUNS or lemma in ex.lexicon.region_adjectives
        or (w[:1].isupper() and ex.morph.is_pos(w, "ADJF")) for w, lemma in zip(words, lemmas))


def _attribution(ex, doc: Document, m: Mention) -> bool:
    """The outlet named only as the source of the news: "сообщает НИА-Томск", "пишет Интерфакс"."""
    before = doc.before_quotes(m.i)
    if before is not None and before.lemma in _ATTRIBUTION:
        return True
    k = m.j
    while k < len(doc.tokens) and doc.tokens[k].is_quote:
        k += 1
    # "«Диалог» писал, что …": only an outlet writes; a company "сообщила" is a party to the news
    return k < len(doc.tokens) and doc.tokens[k].lemma == "писать" and doc.tokens[k].sentence == m.sentence


def people(ex, doc, ner_people, orgs, skipped) -> list[Mention]:
    out = []
    for m in ner_people:
        if m.sentence in skipped:
            continue
        # cut a person span where an organisation mention begins
        for o in orgs:
            if m.overlaps(o) and not (o.source == "generic" and o.i < m.i and m.j <= o.j):  # "кабинет Нечаса": both
                if o.i > m.i:
                    m.j = o.i
                else:
                    m.j = m.i
        if m.j <= m.i:
            continue
        m.stop = doc.tokens[m.j - 1].stop
        m.text = doc.text[m.start : m.stop]
        if _byline(ex, doc, m):
            continue
        if ex.person_namer.name(doc, m):
            out.append(m)
    return out


def _byline(ex, doc: Document, m: Mention) -> bool:
    """A name standing alone on its line is an author's byline, not part of the story."""
    line_start = doc.text.rfind("\n", 0, m.start) + 1
    line_end = doc.text.find("\n", m.stop)
    line_end = len(doc.text) if line_end < 0 else line_end
    line = doc.text[line_start:line_end].strip()
    if line == m.text.strip() or re.fullmatch(re.escape(m.text.strip()) + r"\s*/.{0,40}", line):
        return True  # "Владимир Смирнов/ ТАСС": a photo credit
    # a name closing the article as a sentence of its own is the author's signature
    sent = doc.sentences[m.sentence]
    return m.sentence == len(doc.sentences) - 1 and sent.text.strip(" .\n") == m.text.strip()
