"""Find where organisations and people are named: gazetteer, head-noun chunks, then natasha's NER spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.extraction import mention_words
from loaders.extraction.document import OPEN_QUOTES, Document
from loaders.extraction.lexicon import KnownBody, Lexicon, Region
from loaders.extraction.mention_lists import adjective_like, quoted_lists, shaped_abbreviations, shared_head
from loaders.extraction.mention_words import (
    _BOARDS,
    _BY_TOPIC_HEADS,
    _COMPLEMENT_PREPS,
    _KIND_OF_FIRM,
    _LATIN,
    _NAME_LINK,
    _NAMED_ONLY,
    _NOT_NAME_ADJECTIVES,
    _REGION_NOUNS,
    _REGIONAL_ADJECTIVES,
    GENERIC_CLUSTER_ADJECTIVES,
    PARK_QUALIFIERS,
    foreign_country,
    quoted_speech,
    scan_keys,
)
from loaders.extraction.morph import place_adjective
from loaders.extraction.quotes import newline_before, quote_role, quoted_inner, read_quoted

__all__ = ["Mention", "MentionFinder"]

_GOVERNMENT_KINDS = {"auto-government", "RegionalBody", "FederalBody"}



@dataclass
class Mention:
    """One naming of an organisation or a person in the text (token range [i, j))."""

    kind: str  # "org" | "person"
    i: int
    j: int
    start: int
    stop: int
    sentence: int
    text: str
    source: str  # gazetteer | chunk | ner
    head: str = ""  # head noun lemma for chunks
    plural: bool = False
    quoted: list[str] = field(default_factory=list)  # names written in quotes inside the mention
    abbreviation: str = ""  # "(АББР)" written right after the name
    body: KnownBody | None = None
    region: Region | None = None
    legal_form: str = ""
    type: str = ""
    name: str = ""
    aliases: set[str] = field(default_factory=set)
    entity: int = -1  # index of the entity it resolves to
    post_span: tuple[int, int] | None = None  # tokens of the post written next to a person
    by_region: bool = False  # named only by a region adjective: "уфимский технополис"
    by_sector: bool = False  # named only by its sector: "электротехнический кластер"
    shared_head: str = ""  # the plural head this adjective shares with others: «Невского и Кировского заводов»

    def overlaps(self, other: Mention) -> bool:
        return self.i < other.j and other.i < self.j


class MentionFinder:
    """Rules that find organisation and person mentions in one document."""

    def __init__(self, lexicon: Lexicon, legal_forms: set[str] | None = None) -> None:
        self.lex = lexicon
        self.legal_forms = legal_forms or set()
        self.stop_complements = lexicon.words("project_stop_complements.txt")
        self.not_org_nouns = lexicon.words("not_organisation_nouns.txt")

    # --- gazetteer and regions ----------------------------------------------------

    def regions(self, doc: Document) -> list[tuple[int, int, Region]]:
        return list(scan_keys(doc, self.lex.regions, 4))

    def gazetteer(self, doc: Document) -> list[Mention]:
        found = []
        for i, j, body in scan_keys(doc, self.lex.bodies, self.lex.body_max_words, singular=True):
            # A lone short acronym must be written in capitals to count (СФ, ЦБ vs ordinary words).
            if j - i == 1 and len(doc.tokens[i].text) <= 3 and not doc.tokens[i].is_abbr:
                continue
            # "ИОА СО РАН": an institute named by its own acronym before the academy's branch is not the branch
            prev = doc.tokens[i - 1] if i > 0 else None
            if (prev is not None and prev.sentence == doc.tokens[i].sentence and prev.is_abbr and prev.text not in self.legal_forms
                    and body.type == "ResearchInstitute" and doc.text[prev.stop : doc.tokens[i].start] == " "):
                found.append(self._mention(doc, "org", i - 1, j, "gazetteer"))
                continue
            if body.type == "FederalBody" and self._foreign_country(doc, j):
                m = self._mention(doc, "org", i, j + 1, "chunk")  # "МВД Украины" is Ukraine's ministry, not Russia's
                m.head = doc.tokens[i].lemma
                m.type = "Organization"
                found.append(m)
                continue
            regional = self._regional_marker(doc, i, j) if body.type == "FederalBody" and body.name.startswith("Мин") else None
            if regional is not None:
                m = self._mention(doc, "org", regional[0], regional[1], "chunk")
                m.head = doc.tokens[i].lemma
                m.type = "RegionalBody"
                found.append(m)
                continue
            found.append(self._mention(doc, "org", i, j, "gazetteer", body=body))
        return found

    def _foreign_country(self, doc: Document, j: int) -> bool:
        """A country other than Russia in the genitive right after a federal body's name ("МИД Франции")."""
        return foreign_country(doc, j) and self._regional_marker(doc, j - 1, j) is None

    def _regional_marker(self, doc: Document, i: int, j: int) -> tuple[int, int] | None:
        """ "областной минпромторг", "Минпромторг РТ": a federal ministry's name with a region's mark is the
        region's ministry; returns the span with the mark."""
        toks = doc.tokens
        prev = toks[i - 1] if i > 0 and toks[i - 1].sentence == toks[i].sentence else None
        if prev is not None and prev.pos == "ADJF" and (prev.lemma in _REGIONAL_ADJECTIVES or prev.lemma in self.lex.region_adjectives):
            return i - 1, j
        last = doc.sentences[toks[i].sentence].last_token
        for size in (3, 2, 1):
            if j + size <= last and " ".join(t.key for t in toks[j : j + size]) in self.lex.regions:
                return i, j + size
        if j < last and toks[j].lemma in _REGION_NOUNS and "gent" in toks[j].tags:  # "минздрав области"
            return i, j + 1
        return None

    # --- head-noun chunks ---------------------------------------------------------

    def chunks(self, doc: Document, persons: list[tuple[int, int]], region_spans: set[int]) -> list[Mention]:
        person_tokens = {k for a, b in persons for k in range(a, b)}
        found: list[Mention] = []
        for sent in doc.sentences:
            for k in range(sent.first_token, sent.last_token):
                tok = doc.tokens[k]
                head_type = self.lex.org_heads.get(tok.lemma)
                if head_type is None or head_type == "generic" or k in person_tokens:
                    continue
                found.extend(self._chunk_at(doc, k, sent.first_token, sent.last_token, person_tokens, region_spans))
        found.extend(shaped_abbreviations(self, doc, found, person_tokens))
        found.extend(quoted_lists(self, doc, found))
        return found

    def _chunk_at(self, doc, k, first, last, person_tokens, region_spans) -> list[Mention]:
        toks = doc.tokens
        head = toks[k]
        plural = "plur" in head.tags and "sing" not in head.tags
        # left: agreeing adjectives, descriptor abbreviations, an opening quote
        i = k
        while i - 1 >= first:
            prev = toks[i - 1]
            if ((prev.pos == "ADJF" or (prev.pos == "PRTF" and ("past" not in prev.tags or prev.is_capital))
                 or place_adjective(prev.text))  # "Усть-Катавский"
                    and prev.is_word and not prev.is_abbr and prev.lemma not in _NOT_NAME_ADJECTIVES):
                i -= 1
            elif (prev.text == "и" and i < k and i - 2 >= first and adjective_like(toks[i - 2]) and toks[i - 2].is_word
                  and not toks[i - 2].is_abbr and toks[i - 2].lemma not in _NOT_NAME_ADJECTIVES
                  and not set(toks[i - 2].cases).isdisjoint(toks[i].cases)):
                i -= 2  # "фармацевтический и биомедицинский кластер": adjectives joined by "и" share the head
            elif prev.text in OPEN_QUOTES and i == k:
                i -= 1
                break
            else:
                break
        # right: quoted names, (ABBR), имени ..., genitive chains, по/для + noun phrase, latin names
        j = k + 1
        quoted: list[tuple[int, int]] = []
        abbreviation = ""
        proper = False
        complement = False
        joined = False
        by_topic = False  # named by a listed "по …" remit: "по политике, инновациям и торговле"
        head_kind = self.lex.org_heads.get(head.lemma, "")
        if head.lemma in _BOARDS and ((k + 1 < last and toks[k + 1].lemma == "директор") or any(
                toks[x].lemma in mention_words.BOARD_ADJECTIVES for x in range(i, k))):
            return []  # "председатель совета директоров «Сталь-Групп»": the post is in the company, not its board
        if head_kind == "auto-park":
            # "индустриальный парк", "технопарк": named like a cluster; a bare "парк" is a city's park
            if head.lemma == "парк" and not any(toks[x].lemma in PARK_QUALIFIERS for x in range(i, k)):
                return []
            head_kind = "Cluster"
        while j < last:
            t = toks[j]
            if j in person_tokens or newline_before(doc, j):
                break
            if j in region_spans:
                n = j
                while n < last and n in region_spans:
                    n += 1
                if head_kind == "Project" and not quoted and n < last and quote_role(doc, toks[n]) == "open":
                    j = n  # "госпрограмма Российской Федерации «Развитие образования»": the quoted name follows
                    continue
                if head_kind == "Project":
                    break
                while j < last and j in region_spans:
                    j += 1
                # "предприятия Приволжья": a region after a kind of firm says where, it does not name one
                proper = proper or head.lemma not in _KIND_OF_FIRM
                if head_kind != "Cluster":
                    break  # a region or country ends the name: "правительство РФ", "министерство ... области"
                continue
            if head_kind != "Project" and foreign_country(doc, j):
                j += 1
                proper = proper or head.lemma not in _KIND_OF_FIRM
                if j < last and toks[j].text == "по":
                    continue  # "Комитет Сената США по международным отношениям": a remit may follow the state
                break  # "Департамент коммуникации МВД Украины": the state ends the name, as a region does
            role = quote_role(doc, t)
            if role == "open":
                end = read_quoted(doc, j, last)
                if end - j < 2 or (end - j == 3 and toks[j + 1].pos in ("VERB", "INFN", "PRTS")):
                    break  # 'кластер "напрашивается"': a quoted verb is the writer's irony, not a name
                if quoted_speech(toks[j + 1 : end - 1]):
                    break  # 'правительство «не будет принимать решений»': a quoted phrase, not a name
                quoted.append((j, end))
                j = end
                # a list of quoted names after a plural head: кластеры «А», «Б» и «В»
                while plural and j + 1 < last and toks[j].text in {",", "и"} and quote_role(doc, toks[j + 1]) == "open":
                    end = read_quoted(doc, j + 1, last)
                    quoted.append((j + 1, end))
                    j = end
                continue
            if t.text == "(":
                close = next((x for x in range(j + 1, min(last, j + 8)) if toks[x].text == ")"), None)
                inner = toks[j + 1 : close] if close else []
                if inner and (all(x.is_abbr or (x.is_capital and len(x.text) <= 4) for x in inner)
                              or (len(inner) == 1 and inner[0].is_capital and inner[0].pos != "ADJF")):
                    abbreviation = doc.text[inner[0].start : inner[-1].stop]
                    j = close + 1
                    continue
                break
            if t.lemma in _NAME_LINK or t.text in mention_words.NAME_LINK_ABBREVIATIONS:
                proper = True
                complement = False  # "им. Г. С. Петрова и МГТУ": the person's name ends the organisation's
                j = self._name_link_end(doc, j, last)
                continue
            if t.text == "№" and j + 1 < last and toks[j + 1].text[:1].isdigit() and head_kind not in _GOVERNMENT_KINDS:
                j += 2  # "Областная клиническая больница № 1"
                proper = True
                continue
            if (t.text in mention_words.CITY_ABBREVIATIONS and head_kind == "Cluster" and j + 2 < last and toks[j + 1].text == "."
                    and toks[j + 2].is_capital):
                j += 3  # "кластер г. Пущино": an abbreviated "город" ends no name
                proper = True
                continue
            if _LATIN.match(t.text) and (j == k + 1 or toks[j - 1].text and _LATIN.match(toks[j - 1].text)):
                proper = True
                j += 1
                continue
            if t.lemma == "на" and j + 1 < last and toks[j + 1].lemma in mention_words.BASE_NOUNS and head_kind in ("Cluster", "Project"):
                n = self._noun_phrase(doc, j + 2, last, person_tokens, case="gent")
                if n > j + 2 and not any(toks[x].is_capital or toks[x].is_abbr for x in range(j + 2, n)):
                    complement = True  # "на базе деревообработки" names it; "на базе СФУ" names its base
                    j = n
                    continue
                break
            if (t.lemma in _COMPLEMENT_PREPS and (head_kind in ("Cluster", "Project") or head.lemma in _BY_TOPIC_HEADS)
                    and j + 1 < last and toks[j + 1].is_word and toks[j + 1].lemma not in mention_words.NOT_REMIT_NOUNS):
                n = self._noun_phrase(doc, j + 1, last, person_tokens, case=None)
                if n > j + 1:
                    complement = True
                    j = n
                    if j + 1 < last and toks[j].text in mention_words.REMIT_COMPLEMENT_PREPS and t.lemma == "по":
                        m = self._noun_phrase(doc, j + 1, last, person_tokens, case="ablt")
                        if m > j + 1 and not toks[m - 1].is_capital and toks[m - 1].lemma not in self.lex.org_heads and not (
                                m < last and quote_role(doc, toks[m]) == "open"):
                            j = m  # "по борьбе с терроризмом", "по связям с общественностью", not "с компанией «А»"
                    # "по конституционному законодательству и госстроительству"
                    # "по промышленной политике, инновациям и торговле": a comma list that "и" closes
                    while j + 1 < last and toks[j].text in {"и", ","} and not self._starts_name(doc, j + 1):
                        n = self._noun_phrase(doc, j + 1, last, person_tokens, case=None)
                        if n <= j + 1 or toks[n - 1].cases.isdisjoint(toks[j - 1].cases):
                            break
                        if toks[j].text == "," and not (n < last and toks[n].text in {"и", ","}):
                            break
                        j, by_topic = n, True
                    continue
                break
            if (t.text == "в" and j + 1 < last and toks[j + 1].lemma in mention_words.FIELD_NOUNS and not toks[j + 1].is_capital
                    and (complement or (head_kind == "Cluster" and j == k + 1))
                    and (head_kind in ("Cluster", "Project") or head.lemma in _BY_TOPIC_HEADS)):
                n = self._noun_phrase(doc, j + 2, last, person_tokens, case="gent")
                if n > j + 2:
                    j = n
                    complement = True  # "кластер в области лесопереработки": named by its field
                    continue
                break
            if t.text in mention_words.PLACE_PREPS and j + 1 in region_spans and ((head_kind == "Cluster" and not complement) or (
                    head_kind != "Project" and t.text == "в" and complement and "accs" in toks[j + 1].cases
                    and "loct" not in toks[j + 1].cases)):
                # "кластер в Томской области"; "Агентство привлечения инвестиций в Ивановскую область" (where to)
                n = j + 1
                while n < last and n in region_spans:
                    n += 1
                j = n
                continue
            if head_kind == "Project" and t.lemma in self.stop_complements:
                break
            if (t.pos == "ADJF" and t.is_capital and "gent" in t.cases and toks[j - 1].is_capital and toks[j - 1].pos == "NOUN"
                    and j - 1 > k):
                j += 1  # "университет Петра Великого": an epithet after a name
                continue
            n = self._noun_phrase(doc, j, last, person_tokens, case="gent")
            if n > j and by_topic and "anim" in toks[n - 1].tags and "inan" not in toks[n - 1].tags:
                break  # "комитет по политике и торговле нового руководителя": whom, after the remit, is no part of it
            if n > j and head_kind in _GOVERNMENT_KINDS and proper and toks[j - 1].is_abbr:
                break  # "постановление Правительства РФ соответствующего проекта": the country ends the name
            if n > j and head_kind == "Project" and not quoted and n < last and quote_role(doc, toks[n]) == "open":
                j = n  # "программа Российской Федерации «Развитие образования»": whose, then the quoted name
                continue
            if n > j and head_kind == "Project" and ("anim" in toks[n - 1].tags and "inan" not in toks[n - 1].tags or toks[n - 1].is_capital):
                break  # "проект частных инвесторов": whose project, not which
            if n > j and quoted and self.lex.org_heads.get(toks[n - 1].lemma):
                break  # "проект «Кадры» госпрограммы …": a body or programme after the quoted name is another one
            if n > j:
                capitals = [toks[x] for x in range(j, n) if toks[x].is_capital or toks[x].is_abbr]
                if capitals and not (head.lemma in _KIND_OF_FIRM and all("Geox" in t.tags for t in capitals)):
                    proper = True
                complement = True
                j = n
                continue
            if t.text in {"и", ","} and complement and j + 1 < last and not self._starts_name(doc, j + 1):
                n = self._noun_phrase(doc, j + 1, last, person_tokens, case="gent")
                # a comma joins only a list that goes on: "промышленности, новых технологий и ..."
                if n > j + 1 and (t.text == "и" or (n < last and toks[n].text in {"и", ","})) and not (t.text == "и" and joined):
                    joined = joined or t.text == "и"  # one "и" closes the list: "… и инновационной медицины и учреждения"
                    j = n
                    continue
            break
        q = i if quote_role(doc, toks[i]) == "open" else i - 1
        if q >= first and q >= k - 1 and quote_role(doc, toks[q]) == "open" and not quoted:
            end = read_quoted(doc, q, last)  # '"НИИ Платан"': the head is inside the quoted name, which goes on
            if j < end <= j + 4 and quote_role(doc, toks[end - 1]) == "close":
                i, j, proper = q, end, True
        while j > k + 1 and toks[j - 1].text in {"и", ","}:  # a trailing conjunction or comma
            j -= 1
        left_proper = any(toks[x].is_capital and x > first and toks[x - 1].text not in {".", "!", "?"} for x in range(i, k))
        left_adjs = k - i
        # "…, а также Ассоциация разработчиков оборудования": a capital head inside a sentence starts a name
        capital_head = head.is_capital and i == k and k > first and toks[k - 1].is_word and not newline_before(doc, k)
        if plural and not quoted:
            return shared_head(self, doc, i, k, first)  # "Невского и Кировского заводов": two plants
        if plural and len(quoted) < 2:
            return []  # "промышленные кластеры": a kind of thing, not a named one
        if head.lemma in _NAMED_ONLY and not quoted and not left_proper:
            return []  # "программа «Приоритет-2030»", "Индивидуальная программа развития …", not "программа развития"
        # named only by its region and sector: "уфимский технополис", "Ярославский фармкластер"
        by_region = (head_kind == "Cluster" and not (quoted or abbreviation or proper or complement)
                     and any(toks[x].lemma in self.lex.region_adjectives for x in range(i, k)))
        # named only by its sector, the story's cluster: "создан электротехнический кластер"
        by_sector = ("кластер" in head.lemma and not (quoted or abbreviation or proper or complement or by_region)
                     and left_adjs == 1 and toks[i].lemma not in GENERIC_CLUSTER_ADJECTIVES)
        if head_kind == "Project" and not quoted:
            named = complement or left_adjs >= 2 or abbreviation
        elif (quoted or abbreviation or proper or left_proper or by_region or by_sector or (head.is_abbr and complement)
              or (capital_head and complement and (j >= last or toks[j].pos != "PREP"))  # not "Фонд борьбы | с …"
              or any(x in region_spans for x in range(k + 1, j))):  # "НОЦ геномной селекции" is a name
            named = True
        else:
            named = self._descriptive_ok(head.lemma, complement, left_adjs)
        if not named:
            return []
        if plural and len(quoted) > 1:
            out = []
            for a, b in quoted:
                m = self._mention(doc, "org", a, b, "chunk")
                m.head = head.lemma
                m.quoted = [quoted_inner(doc, a, b)]
                out.append(m)
            return out
        m = self._mention(doc, "org", i, j, "chunk")
        m.head = head.lemma
        m.plural = plural
        m.by_region = by_region
        m.by_sector = by_sector
        m.quoted = [quoted_inner(doc, a, b) for a, b in quoted]
        m.abbreviation = abbreviation
        # a legal form or descriptor written just before: АО «...», ООО «...»
        return [m]

    def _name_link_end(self, doc: Document, j: int, last: int) -> int:
        """After "имени"/"им." at j: the end of the person's name, initials included («им. Г. И. Носова»)."""
        toks = doc.tokens
        n = j + 1
        if n < last and toks[n].text == ".":
            n += 1
        steps = 0
        initial = False
        while n < last and steps < 10 and (toks[n].is_word or toks[n].text == ".") and toks[n].text not in mention_words.NAME_RUN_BREAKS:
            tok = toks[n]
            if tok.is_word and tok.pos in ("VERB", "INFN", "PRED") and not tok.is_capital:
                break
            n += 1
            steps += 1
            if len(tok.text) == 1 and tok.text.isupper():
                initial = True  # "Г. С. Петрова": initials are no sentence end
                continue
            if tok.is_capital and tok.pos != "ADJF" and len(tok.text) > 1 and ("Surn" in tok.tags or initial):
                break
        return n

    def _starts_name(self, doc: Document, k: int) -> bool:
        tok = doc.tokens[k]
        return tok.text in self.legal_forms or quote_role(doc, tok) == "open"

    def _descriptive_ok(self, head: str, complement: bool, left_adjs: int) -> bool:
        kind = self.lex.org_heads.get(head, "")
        if kind in ("Cluster", "Project", "auto-park"):
            return complement or left_adjs >= 2
        if kind == "auto-government" or head in mention_words.DESCRIPTIVE_GOVERNMENTS:
            return complement
        return False

    def _noun_phrase(self, doc: Document, j: int, last: int, person_tokens: set[int], case: str | None) -> int:
        """End of a noun phrase starting at j: adjectives then a noun (or an acronym), in ``case`` if given."""
        toks = doc.tokens
        n = j
        while n < last and n not in person_tokens:
            t = toks[n]
            if not t.is_word:
                break
            if t.text in self.legal_forms:
                break  # "кластер «А» АО «Б»": a legal form starts the next name
            if t.is_abbr and (n == j or toks[n - 1].pos in ("NOUN", "ADJF")):
                return n + 1
            if case and case not in t.cases and not (t.is_abbr or t.pos is None):
                break
            if t.pos in ("ADJF", "PRTF"):
                n += 1
                # "авиационных и беспилотных летательных систем": adjectives joined by и/или/comma
                if (n + 1 < last and toks[n].text in mention_words.ADJECTIVE_LINKS and toks[n + 1].pos in ("ADJF", "PRTF")
                        and (not case or case in toks[n + 1].cases)):
                    n += 1
                continue
            if t.pos == "NOUN":
                return n + 1
            break
        return j

    # --- NER spans ----------------------------------------------------------------

    def ner_mentions(self, doc: Document) -> tuple[list[Mention], list[Mention]]:
        orgs, persons = [], []
        for type_, start, stop in doc.ner:
            if type_ not in ("ORG", "PER"):
                continue
            piece = doc.text[start:stop]
            if "\n" in piece:
                # keep the part after the last line break (a heading's first words are rarely the name)
                cut = piece.rfind("\n")
                start = start + cut + 1
                while start < stop and doc.text[start].isspace():
                    start += 1
            toks = doc.tokens_in(start, stop)
            if not toks:
                continue
            i, j = toks[0].index, toks[-1].index + 1
            while j - 1 > i and doc.tokens[j - 1].text in {".", ",", ";", ":"} and not _initial_dot(doc, j - 1):
                j -= 1  # "передаёт Би-би-си.": the sentence's full stop is no part of the name
            # extend an organisation over a closing quote the model left out
            if type_ == "ORG":
                opens = sum(1 for t in toks if quote_role(doc, t) == "open")
                closes = sum(1 for t in toks if quote_role(doc, t) == "close")
                while opens > closes and j < len(doc.tokens) and quote_role(doc, doc.tokens[j]) == "close":
                    j += 1
                    closes += 1
                orgs.append(self._mention(doc, "org", i, j, "ner"))
            else:
                persons.append(self._mention(doc, "person", i, j, "ner"))
        return orgs, persons

    def _mention(self, doc: Document, kind: str, i: int, j: int, source: str, body: KnownBody | None = None) -> Mention:
        toks = doc.tokens
        return Mention(
            kind=kind,
            i=i,
            j=j,
            start=toks[i].start,
            stop=toks[j - 1].stop,
            sentence=toks[i].sentence,
            text=doc.text[toks[i].start : toks[j - 1].stop],
            source=source,
            body=body,
        )


def _initial_dot(doc: Document, k: int) -> bool:
    """Token k is the dot of an initial («Харитоновым Р.В.»), which belongs to the person's name."""
    before = doc.tokens[k - 1].text if k > 0 else ""
    return doc.tokens[k].text == "." and (len(before) == 1 or before.endswith(".")) and before[:1].isupper()
