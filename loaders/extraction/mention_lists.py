"""Organisations found beside the head-noun chunks: quoted names in a list, acronyms shaped like a university's,
bodies that share one plural head («Невского и Кировского заводов»)."""

from __future__ import annotations

from graph.word_lists import word_list, word_set
from loaders.extraction.document import Document
from loaders.extraction.mention_words import _NAME_LINK, SHAPED_ABBREVIATION
from loaders.extraction.morph import strip_abbreviation_ending
from loaders.extraction.quotes import quote_role, read_quoted

_LOCATION_PREPS = word_set("location_prepositions", "loaders.extraction")
_PLACE_ADJECTIVE_ENDINGS = word_list("place_adjective_endings", "loaders.extraction")
_NAME_LINK_ABBREVIATIONS = word_set("name_link_abbreviations", "loaders.extraction")


def _counted(doc: Document, head, first: int) -> bool:
    """The head is plural or counted («технопарки», «три технопарка»), so the names after it are each one of them."""
    if "plur" in head.tags and "sing" not in head.tags:
        return True
    return any(t.pos == "NUMR" or t.text.isdigit() for t in doc.tokens[max(first, head.index - 3) : head.index])


def quoted_lists(finder, doc: Document, found: list) -> list:
    """Quoted names listed after a legal form, a company noun or a dash («ГК «Альфа», «Бета» и «Гамма»»,
    «пять предприятий — «Альфа», «Бета»…») are organisations too; a run of titles alone is not (films, songs)."""
    taken = {k for m in found for k in range(m.i, m.j)}
    out = []
    for sent in doc.sentences:
        k = sent.first_token
        while k < sent.last_token:
            if quote_role(doc, doc.tokens[k]) != "open":
                k += 1
                continue
            run = []
            at = k
            while at < sent.last_token and quote_role(doc, doc.tokens[at]) == "open":
                end = read_quoted(doc, at, sent.last_token)
                if end - at < 3 or end - at > 8:
                    break
                run.append((at, end))
                end = _after_place(doc, end, sent.last_token)  # '"Нахабино" в Красногорском районе, …'
                if end + 1 < sent.last_token and doc.tokens[end].text in {",", "и"}:
                    at = end + 1
                else:
                    break
            k = run[-1][1] if run else k + 1
            if len(run) < 2:
                continue
            before = doc.tokens[run[0][0] - 1] if run[0][0] > sent.first_token else None
            led = before is not None and (before.text in finder.legal_forms or finder.lex.org_heads.get(before.lemma) == "Company"
                                          or before.text in {"—", "-", "–", ":"})
            if before is not None and (before.lemma in finder.not_org_nouns or finder.lex.org_heads.get(before.lemma) in ("Project", "Cluster")):
                continue
            named_by = list_noun(doc, run[0][0])
            if named_by is not None and named_by.lemma in finder.not_org_nouns:
                continue  # "автор книг: «А», «Б» и «В»": titles of works, not organisations
            if not led:
                continue
            # "три технопарка — «А», «Б» и «В»": the counted head says what they are
            kind = doc.tokens[run[0][0] - 2] if before.text in {"—", "-", "–", ":"} and run[0][0] - 2 >= sent.first_token else None
            if kind is not None and not _counted(doc, kind, sent.first_token):
                kind = None  # "резидентов особой экономической зоны: «А», «Б»": the zone's residents, not zones
            for a, b in run:
                if not any(x in taken for x in range(a, b)):
                    m = finder._mention(doc, "org", a, b, "chunk")
                    if kind is not None and finder.lex.org_heads.get(kind.lemma, "generic") != "generic":
                        m.head = kind.lemma
                    out.append(m)
    return out


def list_noun(doc: Document, i: int):
    """The noun that names what a run of quoted names is, the run starting at token i (its opening quote): "в
    кинотеатрах «А», «Б» и «В»", "автор книг: «А», «Б»"; None when nothing such stands before the run."""
    first = doc.sentences[doc.tokens[i].sentence].first_token
    k = i - 1
    while k > first and doc.tokens[k].text in {",", "и"} and quote_role(doc, doc.tokens[k - 1]) == "close":
        k -= 1
        while k > first and quote_role(doc, doc.tokens[k]) != "open":
            k -= 1
        k -= 1  # before this item's opening quote
    if k >= first and doc.tokens[k].text in {":", "—", "-", "–"}:
        k -= 1
    return doc.tokens[k] if k >= first and doc.tokens[k].pos == "NOUN" else None


def _after_place(doc: Document, k: int, last: int) -> int:
    """Past a short place phrase after a listed name ("в Долгопрудном", "в городском округе Подольск"), if any."""
    if k >= last or doc.tokens[k].text not in _LOCATION_PREPS:
        return k
    n = k + 1
    while n < last and n - k <= 5 and doc.tokens[n].is_word and doc.tokens[n].pos not in ("VERB", "INFN", "CONJ", "PREP"):
        n += 1
    return n if n < last and doc.tokens[n].text in {",", "и"} else k


def shaped_abbreviations(finder, doc: Document, found: list, person_tokens: set[int]) -> list:
    """An acronym shaped like a university's or an institute's («КубГТУ», «НИИ ОММ») names one, and so does
    an acronym natasha took for part of a person's name («Гордость ТУСУРа»)."""
    taken = {k for m in found for k in range(m.i, m.j)}
    out = []
    for tok in doc.tokens:
        if tok.index in taken or not tok.is_abbr or tok.text in finder.legal_forms:
            continue
        bare = strip_abbreviation_ending(tok.text)
        in_person = tok.index in person_tokens and 3 <= len(bare) <= 7 and bare.isupper()
        if in_person or SHAPED_ABBREVIATION.match(bare):
            j = tok.index + 1
            last = doc.sentences[tok.sentence].last_token
            if j < last and quote_role(doc, doc.tokens[j]) == "open":
                j = read_quoted(doc, j, last)  # "НИТУ «МИСИС»", "МГТУ «Станкин»"
            elif j < last and doc.tokens[j].is_abbr and doc.tokens[j].text not in finder.legal_forms:
                j += 1  # "НИЯУ МИФИ"
            if j < last and (doc.tokens[j].lemma in _NAME_LINK or doc.tokens[j].text in _NAME_LINK_ABBREVIATIONS):
                j = finder._name_link_end(doc, j, last)
            out.append(finder._mention(doc, "org", tok.index, j, "chunk"))
    return out


def adjective_like(tok) -> bool:
    """An adjective, or a capitalised place adjective read as a surname: "Невского" (завода)."""
    return tok.pos == "ADJF" or (tok.is_capital and tok.lemma.endswith(_PLACE_ADJECTIVE_ENDINGS) and "gent" in tok.cases)


def shared_head(finder, doc: Document, i: int, k: int, first: int) -> list:
    """Capitalised adjectives joined by "и" before a plural head name one body each («Невского и Кировского
    заводов»); "промышленные и научные организации" name none."""
    toks = doc.tokens
    shared = k  # "Донецкий и Торезский электротехнические заводы": lower-case adjectives all of them share
    while shared - 1 > i and toks[shared - 1].pos == "ADJF" and not toks[shared - 1].is_capital:
        shared -= 1
    adjectives = [x for x in range(i, shared) if adjective_like(toks[x])]
    if len(adjectives) < 2 or any(toks[x].text not in {"и", ","} for x in range(i, shared) if x not in adjectives):
        return []
    if not all(toks[x].is_capital and (x > first or x == i) for x in adjectives):
        return []
    out = []
    for x in adjectives:
        m = finder._mention(doc, "org", x, x + 1, "chunk")
        m.head = toks[k].lemma
        m.shared_head = " ".join([t.text for t in toks[shared:k]] + [toks[k].lemma])
        out.append(m)
    return out
