"""Name and type an organisation mention: canonical nominative name, aliases, legal form, region, type."""

from __future__ import annotations

import re
from importlib import resources

from graph.names import fold_name
from graph.word_lists import word_list, word_set
from loaders.extraction.document import Document
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import Mention
from loaders.extraction.morph import Morph, is_abbreviation, strip_abbreviation_ending
from loaders.extraction.quotes import quote_role

# Legal forms dropped from the canonical name (descriptors such as НПФ, УК, НИУ stay, with an alias without them).
_TRUE_LEGAL = word_set("true_legal_forms", "loaders.extraction")
_GENERIC_HEADS = word_set("generic_heads", "loaders.extraction")
_RESEARCH = word_set("research_words", "loaders.extraction")
_FEDERAL = word_set("federal_words", "loaders.extraction")
_LOCAL = word_set("local_words", "loaders.extraction")
_BUILD_WORDS = word_set("build_words", "loaders.extraction")
_LATIN_LEGAL_TAIL = re.compile(r",?\s+(?:Inc|Ltd|LLC|GmbH|AG|Corp|Co|S\.A|SE|PLC|B\.V|N\.V)\.?$")
_GOVERNMENTS = word_set("government_nouns", "loaders.extraction")
_FACILITY_KINDS = {"auto-centre", "auto-park", "Organization"}
_BEING_BUILT = word_set("being_built_words", "loaders.extraction")
# abbreviation shapes: «…ГУ», «…ТУ», «…ГЭУ» name a university; «НИИ…», «ФНЦ…», «ГНЦ…» a research institute
_UNIVERSITY_ABBR = re.compile(r"^[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ]У(?:-[А-ЯЁ]+)?$")
_RESEARCH_ABBR = re.compile(
    r"^(?:" + "|".join(map(re.escape, word_list("research_abbreviation_prefixes", "loaders.extraction"))) + ")")
# the outlet named as the news' source: "НИА Томск", "ИА YakutiaMedia", "/ТАСС/", "REGIONS.RU"
_OUTLET_HEADS = word_set("outlet_heads", "loaders.extraction")
_CREDIT_BEFORE = word_set("credit_openers", "loaders.extraction")
_INITIAL_GLUED = re.compile(r"(?:(?<=\b[А-ЯЁ]\.[А-ЯЁ]\.)|(?<=\b[А-ЯЁ]\. [А-ЯЁ]\.))(?=[А-ЯЁ][а-яё])")  # two initials
_DOMAIN = re.compile(r"\w\.(?:ru|рф|com|net|org|info|su)\b", re.IGNORECASE)
_CITY_BODIES = word_set("city_bodies", "loaders.extraction")
_ALIAS_HEADS = word_set("alias_heads", "loaders.extraction")
_UNION_HEADS = word_set("union_heads", "loaders.extraction")
_CORPORATION_WORDS = word_set("corporation_words", "loaders.extraction")
_NAME_LINK = word_set("name_link_words", "loaders.extraction")
_NAME_LINK_ABBREVIATIONS = word_set("name_link_abbreviations", "loaders.extraction")
_GROUPING_HEADS = word_set("body_words", "loaders.extraction")


def _legal_form_rows() -> list[list[str]]:
    text = resources.files("loaders.extraction").joinpath("data", "legal_forms.tsv").read_text(encoding="utf-8")
    return [[c.strip() for c in line.split("\t")] for line in text.splitlines() if line.strip() and not line.startswith("#")]


def legal_forms() -> dict[str, str]:
    return {r[0]: r[1] for r in _legal_form_rows()}


def managing_descriptors() -> set[str]:
    """Descriptors whose following name is what the organisation manages: УК «X» is not X."""
    return {r[0] for r in _legal_form_rows() if len(r) > 2 and r[2] == "manages"}


def tidy_name(name: str, type_: str = "") -> str:
    """Typographic quotes, balanced: АО "НПФ "Микран" → АО «НПФ «Микран»»; a body's name capitalised.

    >>> tidy_name('Кластер "Ульяновск-Авиа"')
    'Кластер «Ульяновск-Авиа»'
    >>> tidy_name("НПФ «Микран")
    'НПФ «Микран»'
    """
    out = []
    for n, ch in enumerate(name):
        if ch in "\"“”„":
            before = name[n - 1] if n else " "
            out.append("«" if before.isspace() or before in "(«" or n == 0 else "»")
        else:
            out.append(ch)
    name = "".join(out)
    opens, closes = name.count("«"), name.count("»")
    if opens > closes:
        name += "»" * (opens - closes)
    name = _INITIAL_GLUED.sub(" ", name)  # "им. М.В.Хруничева" → "им. М.В. Хруничева", as the name is written in full
    if type_ in ("RegionalBody", "FederalBody") and name[:1].islower():
        name = name[:1].upper() + name[1:]
    return name


class OrganisationNamer:
    """Canonical names, aliases and types of organisation mentions."""

    def __init__(self, lexicon: Lexicon, morph: Morph) -> None:
        self.lex = lexicon
        self.morph = morph
        self.legal = legal_forms()
        self.managing = managing_descriptors()
        # phrases are matched against token keys, which drop hyphens ("научно-образовательный" → "научнообразовательный")
        self.type_phrases = [(tuple(p.replace("-", "").split()), t) for p, t in self._type_phrases()]
        self.outlets = sorted((fold_name(w) for w in lexicon.words("outlets.txt")), key=len, reverse=True)

    def _type_phrases(self):
        text = resources.files("loaders.extraction").joinpath("data", "type_phrases.tsv").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                phrase, type_ = line.split("\t")
                yield phrase.strip(), type_.strip()

    def credit(self, doc: Document, m: Mention) -> bool:
        """An outlet credited as the source, a dateline's agency or a web address: page furniture, not an entity."""
        words = m.text.split()
        if not words:
            return False
        folded = fold_name(m.text.replace("-", " "))
        if any(folded == o or folded.startswith((o + " ", o + ".")) for o in self.outlets):
            return True  # "ТАСС", "ИНТЕРФАКС-ЮГ"
        lemmas = [doc.tokens[k].lemma for k in range(m.i, min(m.j, m.i + 2))]
        if _DOMAIN.search(m.text) or words[0] in _OUTLET_HEADS or lemmas[0] in _OUTLET_HEADS or " ".join(lemmas) in _OUTLET_HEADS:
            return True
        before = doc.text[max(0, m.start - 2) : m.start].strip()
        after = doc.text[m.stop : m.stop + 2].strip()
        if before.endswith("/") and after.startswith("/"):
            return True  # "МОСКВА, 20 ноября. /ТАСС/."
        line = doc.text[doc.text.rfind("\n", 0, m.start) + 1 : m.start]
        if re.search(r"\d{1,2}\s+[а-яё]+\.?\s*$", line, re.IGNORECASE) and re.match(r"\s*[-–—]", doc.text[m.stop : m.stop + 3]):
            return True  # "Москва. 3 августа. ИНТЕРФАКС - ..."
        k = m.i - 1
        while k >= 0 and (doc.tokens[k].is_quote or doc.tokens[k].text == ":"):
            k -= 1
        return k >= 0 and doc.tokens[k].sentence == m.sentence and doc.tokens[k].lemma in _CREDIT_BEFORE

    def legal_quoted(self, doc: Document) -> list[tuple[int, int]]:
        """Spans "LEGAL-FORM «Name»" such as АО «НПФ «Микран»: strong organisation mentions."""
        from loaders.extraction.quotes import read_quoted

        spans = []
        for sent in doc.sentences:
            k = sent.first_token
            while k < sent.last_token:
                tok = doc.tokens[k]
                if tok.text in self.legal or tok.text.lower() in _CORPORATION_WORDS:
                    n = k + 1
                    while n < sent.last_token and doc.tokens[n].text in self.legal:
                        n += 1
                    if n < sent.last_token and quote_role(doc, doc.tokens[n]) == "open":
                        end = read_quoted(doc, n, sent.last_token)
                        if end - n >= 2:
                            spans.append((k, end))
                            k = end
                            continue
                k += 1
        return spans

    def name(self, doc: Document, m: Mention) -> None:
        """Fill the mention's name, aliases, legal form, region and type."""
        self._cut_trailing_person(doc, m)
        toks = doc.tokens[m.i : m.j]
        # leading legal forms / descriptors
        lead = 0
        while lead < len(toks) and toks[lead].text in self.legal:
            lead += 1
        legal = [t.text for t in toks[:lead]]
        m.legal_form = " ".join(t for t in legal if t in _TRUE_LEGAL)
        core_i = m.i + lead
        # drop "(ABBR)" inside the name
        words, idx = [], []
        k = core_i
        while k < m.j:
            t = doc.tokens[k]
            if t.text == "(" and k + 2 < m.j and doc.tokens[k + 2].text == ")":
                m.abbreviation = m.abbreviation or doc.tokens[k + 1].text
                k += 3
                continue
            words.append(t.text)
            idx.append(k)
            k += 1
        if not words:
            words, idx = [t.text for t in toks], list(range(m.i, m.j))
        enclosed = m.i > 0 and m.j < len(doc.tokens) and quote_role(doc, doc.tokens[m.i - 1]) == "open" and quote_role(doc, doc.tokens[m.j]) == "close"
        nominative = words if enclosed else self.morph.phrase_nominative(words)
        core = self._rebuild(doc, idx, nominative)
        descriptors = [w for w in legal if w not in _TRUE_LEGAL]
        full_core = " ".join(descriptors + [core]) if descriptors else core
        aliases = {full_core, core}
        if legal:
            aliases.add(" ".join(legal + [core]))
        if m.abbreviation:
            aliases.add(strip_abbreviation_ending(m.abbreviation))
        quoted = list(m.quoted)
        if not quoted and idx and quote_role(doc, doc.tokens[idx[0]]) == "open":
            quoted = [core.strip("«»\"“”„")]
        # nested quoted names: «A «B»» gives B as well
        for q in list(quoted):
            inner = q
            while "«" in inner:
                inner = inner[inner.index("«") + 1 :].rstrip("»").strip()
                if inner:
                    quoted.append(inner)
        head = m.head or self._head_of(doc, idx)
        m.head = head
        canonical = full_core
        if len(words) == 1 and is_abbreviation(words[0]):
            canonical = strip_abbreviation_ending(words[0])
            aliases.add(canonical)
        if quoted:
            aliases.update(q for q in quoted if q)
            if head in _GENERIC_HEADS or lead or not head:
                canonical = quoted[0]
        for q in quoted:
            # descriptor acronym inside the quotes: «НПФ «Микран»» → Микран
            first, _, rest = q.partition(" ")
            if rest and first in self.legal:
                aliases.add(rest.strip("«»\" "))
        # "компания Monsanto", "группа The Prodigy": the name after a generic head is an alias
        if head in _GENERIC_HEADS | _ALIAS_HEADS and not quoted:
            head_at = next((n for n, k in enumerate(idx) if doc.tokens[k].lemma == head), None)
            if head_at is not None and head_at + 1 < len(idx):
                rest = [doc.tokens[k] for k in idx[head_at + 1 :]]
                if (rest and (rest[0].is_capital or rest[0].is_abbr) and rest[0].pos not in ("ADJF",)
                        and " ".join(t.key for t in rest) not in self.lex.regions):  # "кластер Санкт-Петербурга" says where
                    aliases.add(self._rebuild(doc, idx[head_at + 1 :], [t.text for t in rest]))
        manager = next((d for d in descriptors if d in self.managing), None) or next(
            (q.split()[0] for q in quoted if q.split() and q.split()[0] in self.managing), None)
        if manager is not None:
            # the managed thing's own name is not this company's alias
            aliases = {a for a in aliases if a.split() and (a.split()[0] in self.managing or a.split()[0] in legal or a.startswith("«"))}
            aliases.add(full_core)
        m.region = self._region(doc, m.i, m.j)
        body = m.body or self._known(aliases)
        if body is not None:
            m.body = body
            canonical = body.name
            aliases.update(body.aliases)
        canonical = canonical.strip().strip(",;")
        if canonical[:1] in "«\"“„" and canonical[-1:] in "»\"”" and not any(c in canonical[1:-1] for c in "«»\"“”„"):
            canonical = canonical[1:-1]  # '"НИИ Платан"' written whole in quotes: the name is what they enclose
        m.type = self._type(doc, m, idx, legal)
        canonical = tidy_name(canonical, m.type)
        aliases.add(self._region_form(doc, m, idx, canonical))
        bare = _LATIN_LEGAL_TAIL.sub("", canonical)
        if bare != canonical and bare:
            aliases.add(canonical)  # "Praxair Inc" → "Praxair", as a leading "ООО" is dropped
            canonical = bare
        m.name = canonical
        m.aliases = {tidy_name(a) for a in aliases if a} - {canonical}

    def _region_form(self, doc: Document, m: Mention, idx: list[int], canonical: str = "") -> str:
        """A region's government named by another of the region's names: «Правительство Тувы» gets the alias
        «Правительство Республики Тыва», so that both mentions of one body become one entity."""
        if m.region is None or m.type != "RegionalBody" or m.body is not None:
            return ""
        words = [doc.tokens[k] for k in idx if doc.tokens[k].is_word]
        n = 2 if len(words) > 2 and words[0].lemma == "кабинет" and words[1].lemma == "министр" else 1
        if words and words[0].lemma not in _GOVERNMENTS:
            # "Министерство промышленности и энергетики Чувашии" is also "… Чувашской Республики"
            for size in (3, 2, 1):
                tail = words[-size:] if len(words) > size else []
                if tail and self.lex.regions.get(" ".join(t.key for t in tail if t.key)) is m.region:
                    written = doc.text[tail[0].start : tail[-1].stop]
                    if canonical.endswith(written) and canonical != written:
                        return canonical[: -len(written)] + m.region.genitive
                    return ""
            return ""
        if not words:
            return ""
        rest = " ".join(t.key for t in words[n:] if t.key)
        if self.lex.regions.get(rest) is not m.region:
            return ""
        head = words[0].lemma.capitalize() + (" министров" if n == 2 else "")
        return head + " " + m.region.genitive

    def _cut_trailing_person(self, doc: Document, m: Mention) -> None:
        """ "Союза В.Ф.Щелоков": a name ends before the initials and surname of a person written after it."""
        toks = doc.tokens
        k = m.j - 1
        if k - 2 <= m.i or not toks[k].is_capital or not toks[k].is_word:
            return
        n = k - 1
        initials = 0
        while n > m.i + 1 and toks[n].text == "." and len(toks[n - 1].text) == 1 and toks[n - 1].text.isupper():
            initials += 1
            n -= 2
        named_after = any(toks[x].lemma in _NAME_LINK or toks[x].text in _NAME_LINK_ABBREVIATIONS for x in range(max(m.i, n - 6), n + 1))
        if initials and not named_after:
            m.j = n + 1
            m.stop = toks[m.j - 1].stop
            m.text = doc.text[m.start : m.stop]

    def _rebuild(self, doc: Document, idx: list[int], words: list[str]) -> str:
        out = []
        for n, k in enumerate(idx):
            tok = doc.tokens[k]
            if n and (k != idx[n - 1] + 1 or doc.text[doc.tokens[idx[n - 1]].stop : tok.start]):
                out.append(" ")
            out.append(words[n])
        return " ".join("".join(out).split())

    def _head_of(self, doc: Document, idx: list[int]) -> str:
        depth = 0
        for k in idx:
            t = doc.tokens[k]
            role = quote_role(doc, t)
            if role == "open":
                depth += 1
            elif role == "close":
                depth -= 1
            elif depth == 0 and t.lemma in self.lex.org_heads:
                return t.lemma
        return ""

    def _inner_head(self, doc: Document, idx: list[int]) -> str:
        """The head noun written first inside the quotes: ГУП «Институт ...» → институт."""
        inside = False
        for k in idx:
            t = doc.tokens[k]
            if quote_role(doc, t) == "open":
                inside = True
                continue
            if inside and t.is_word:
                return t.lemma if t.lemma in self.lex.org_heads else ""
        return ""

    def _known(self, names: set[str]):
        for name in names:
            body = self.lex.bodies.get(self.morph.lemma_key(name))
            if body is not None:
                return body
        return None

    def _region(self, doc: Document, i: int, j: int):
        parts = [doc.tokens[k].key for k in range(i, j) if doc.tokens[k].key]
        for n in range(len(parts)):
            for size in (4, 3, 2, 1):
                key = " ".join(parts[n : n + size])
                if key in self.lex.regions:
                    return self.lex.regions[key]
        for k in range(i, j):
            region = self.lex.region_adjectives.get(doc.tokens[k].lemma)
            if region:
                return self.lex.region_by_name.get(region)
        return None

    def _type(self, doc: Document, m: Mention, idx: list[int], legal: list[str]) -> str:
        if m.body is not None:
            return m.body.type
        lemmas = [doc.tokens[k].key for k in idx if doc.tokens[k].key]
        if self.lex.org_heads.get(m.head, "") in _FACILITY_KINDS and self._being_built(doc, m):
            return "Project"  # "строительство ЦКП «Луч»", "постановление о создании центра «Юнити парк»"
        outer = self._outer_lemmas(doc, idx)
        text = " " + " ".join(outer) + " "
        if self._partnership_cluster(doc, idx, m.head, legal):
            return "Cluster"
        if (" ноц " in text or " научнообразовательный центр " in text) and any(w in self.lex.region_adjectives for w in outer):
            return "Cluster"  # a region's научно-образовательный центр is a consortium with members: «Пермский НОЦ»
        for phrase, type_ in self.type_phrases:
            if " " + " ".join(phrase) + " " in text:
                return type_
        shaped = self._shape_type(doc, idx, lemmas, m.head, legal)
        if shaped:
            return shaped
        inner = self._inner_head(doc, idx)
        if not (m.head and self.lex.org_heads.get(m.head)) and self.lex.org_heads.get(inner, "") in (
            "University", "ResearchInstitute", "auto-institute", "auto-centre"
        ):
            m.head = inner  # ГУП «Институт ...»: the institute decides, not the legal form
        else:
            for form in legal:
                if form in self.legal:
                    return self.legal[form]
        kind = self.lex.org_heads.get(m.head, "")
        if m.type == "RegionalBody" and kind == "FederalBody":
            return "RegionalBody"  # marked by the mention finder: "областной минпромторг", "Минпромторг РТ"
        if m.type == "Organization" and m.source == "chunk" and not kind:
            return "Organization"  # marked by the mention finder: a foreign state's body, "МИД Франции"
        if kind == "auto-institute":
            if _RESEARCH & set(lemmas):
                return "ResearchInstitute"
            first = doc.tokens[idx[0]] if idx else None
            if first is not None and first.pos == "ADJF" and first.is_capital:
                return "University"
            return "ResearchInstitute"
        if kind == "auto-centre":
            if _RESEARCH & set(lemmas) or "научнообразовательный" in lemmas:
                return "ResearchInstitute"
            return "Organization"
        if kind == "auto-park":
            return self._park_type(doc, m)
        if kind == "auto-government":
            return self._government_level(m, set(lemmas))
        if kind == "auto-fund":
            return "Organization"
        if kind:
            return kind
        return "Company"

    def _being_built(self, doc: Document, m: Mention) -> bool:
        """The words just before the name present it as being built or created: "строительство …", "о создании …"."""
        k = m.i - 1
        while k >= 0 and (doc.tokens[k].is_quote or doc.tokens[k].pos in ("ADJF", "PRTF")) and doc.tokens[k].sentence == m.sentence:
            k -= 1
        return k >= 0 and doc.tokens[k].sentence == m.sentence and doc.tokens[k].lemma in _BUILD_WORDS

    def _park_type(self, doc: Document, m: Mention) -> str:
        """A park, технополис or valley that works and has residents is a Cluster; one that the sentence presents
        as being created or built is a Project (ANNOTATION.md, "Parks and zones")."""
        sent = doc.sentences[m.sentence]
        lemmas = {doc.tokens[k].lemma for k in range(sent.first_token, sent.last_token)}
        return "Project" if lemmas & _BEING_BUILT else "Cluster"

    def _shape_type(self, doc: Document, idx: list[int], lemmas: list[str], head: str, legal: list[str]) -> str:
        """Types that the name's own words decide whatever legal form stands in front: «…ГТУ» and «…ГУ» are
        universities, «НИИ …», «ФНЦ …», «… академии наук» research institutes, a partnership named «… кластер» a cluster."""
        if "академия" in lemmas and "наука" in lemmas:
            return "ResearchInstitute"
        words = [doc.tokens[k] for k in idx if doc.tokens[k].is_word]
        first = words[0] if words else None
        if first is not None and (not head or head == first.lemma or self.lex.org_heads.get(head) in ("Company", "auto-fund")):
            text = strip_abbreviation_ending(first.text.strip("«»\""))
            if _RESEARCH_ABBR.match(text) and first.is_abbr:
                return "ResearchInstitute"
            if _UNIVERSITY_ABBR.match(text) and first.is_abbr and text not in self.legal:
                return "University"
        return ""

    def _partnership_cluster(self, doc: Document, idx: list[int], head: str, legal: list[str]) -> bool:
        """A partnership or association whose own quoted name is a cluster («НП «Уральский биомедицинский кластер»»)."""
        company_form = any(self.legal.get(f) == "Company" for f in legal)
        return (head in _UNION_HEADS or (bool(legal) and not company_form)) and any(
            doc.tokens[k].lemma in _GROUPING_HEADS for k in idx
            if quote_role(doc, doc.tokens[k]) == "" and k > idx[0] and self._quoted_at(doc, idx, k))

    def _quoted_at(self, doc: Document, idx: list[int], k: int) -> bool:
        depth = 0
        for x in idx:
            if x == k:
                return depth > 0
            role = quote_role(doc, doc.tokens[x])
            depth += 1 if role == "open" else -1 if role == "close" else 0
        return False

    def _outer_lemmas(self, doc: Document, idx: list[int]) -> list[str]:
        """Lemmas outside quotes (the descriptive part of the name)."""
        out, depth = [], 0
        for k in idx:
            t = doc.tokens[k]
            role = quote_role(doc, t)
            if role == "open":
                depth += 1
            elif role == "close":
                depth = max(0, depth - 1)
            elif depth == 0 and t.key:
                out.extend(t.key.split())
        return out

    def _government_level(self, m: Mention, lemmas: set[str]) -> str:
        if m.region is not None or _LOCAL & lemmas:
            return "RegionalBody"
        if _FEDERAL & lemmas:
            return "FederalBody"
        # a capitalised genitive after the head usually names a city: администрация Обнинска
        if m.head in _CITY_BODIES and any(w[:1].isupper() for w in m.text.split()[1:]):
            return "RegionalBody"
        return "FederalBody" if m.head == "министерство" else "RegionalBody"
