"""Name and type an organisation mention: canonical nominative name, aliases, legal form, region, type."""

from __future__ import annotations

from importlib import resources

from loaders.extraction.document import Document
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import Mention, quote_role
from loaders.extraction.morph import Morph, is_abbreviation, strip_abbreviation_ending

# Legal forms dropped from the canonical name (descriptors such as НПФ, УК, НИУ stay, with an alias without them).
_TRUE_LEGAL = {"АО", "ООО", "ПАО", "ЗАО", "ОАО", "НАО", "ГУП", "ФГУП", "МУП", "ФГБОУ", "ФГАОУ", "ФГБУН", "ФГБУ", "ГБУ", "ГАУ", "МБУ", "АНО", "ВО", "ВПО", "ИП"}
_GENERIC_HEADS = {
    "компания", "госкомпания", "корпорация", "госкорпорация", "холдинг", "группа", "гк", "завод", "комбинат",
    "фабрика", "предприятие", "кластер", "авиакластер", "консорциум", "банк", "авиакомпания", "агрохолдинг",
    "проект", "площадка", "фонд", "концерн", "бюро", "кб", "центр", "технополис", "альянс",
}
_RESEARCH = {"исследовательский", "научноисследовательский", "исследование", "проблема", "ран", "наука", "научный", "научноисследовательский", "нии", "ниц", "фнц"}
_FEDERAL = {"рф", "россия", "российский", "федерация", "федеральный"}
_LOCAL = {"область", "край", "республика", "округ", "регион", "муниципальный", "городской", "районный", "район", "город", "областной", "краевой", "региональный"}


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
        self.type_phrases = [(tuple(p.split()), t) for p, t in self._type_phrases()]

    def _type_phrases(self):
        text = resources.files("loaders.extraction").joinpath("data", "type_phrases.tsv").read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                phrase, type_ = line.split("\t")
                yield phrase.strip(), type_.strip()

    def legal_quoted(self, doc: Document) -> list[tuple[int, int]]:
        """Spans "LEGAL-FORM «Name»" such as АО «НПФ «Микран»: strong organisation mentions."""
        from loaders.extraction.mentions import read_quoted

        spans = []
        for sent in doc.sentences:
            k = sent.first_token
            while k < sent.last_token:
                tok = doc.tokens[k]
                if tok.text in self.legal or tok.text.lower() in {"госкорпорация", "госкорпорации", "концерн"}:
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
        if head in _GENERIC_HEADS | {"университет", "больница", "агентство", "группа", "театр", "музей", "клуб"} and not quoted:
            head_at = next((n for n, k in enumerate(idx) if doc.tokens[k].lemma == head), None)
            if head_at is not None and head_at + 1 < len(idx):
                rest = [doc.tokens[k] for k in idx[head_at + 1 :]]
                if rest and (rest[0].is_capital or rest[0].is_abbr) and rest[0].pos not in ("ADJF",):
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
        m.type = self._type(doc, m, idx, legal)
        canonical = tidy_name(canonical, m.type)
        m.name = canonical
        m.aliases = {tidy_name(a) for a in aliases if a} - {canonical}

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
        outer = self._outer_lemmas(doc, idx)
        text = " " + " ".join(outer) + " "
        for phrase, type_ in self.type_phrases:
            if " " + " ".join(phrase) + " " in text:
                return type_
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
        if kind == "auto-government":
            return self._government_level(m, set(lemmas))
        if kind == "auto-fund":
            return "Organization"
        if kind:
            return kind
        return "Company"

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
        if m.head in {"администрация", "мэрия", "дума", "правительство"} and any(w[:1].isupper() for w in m.text.split()[1:]):
            return "RegionalBody"
        return "FederalBody" if m.head == "министерство" else "RegionalBody"
