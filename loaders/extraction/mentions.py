"""Find where organisations and people are named: gazetteer, head-noun chunks, then natasha's NER spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.extraction.document import OPEN_QUOTES, Document, Token
from loaders.extraction.lexicon import KnownBody, Lexicon, Region

_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.&\-]*$")
_NAME_LINK = {"имя", "им"}
_COMPLEMENT_PREPS = {"по", "для"}
# bodies named by their remit: "комитет по ...", "управление по ...", "министерство по ..."
_BY_TOPIC_HEADS = {"комитет", "комиссия", "управление", "агентство", "служба", "министерство", "департамент", "совет",
                   "центр", "фонд", "ассоциация", "союз", "палата", "инспекция"}


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

    def overlaps(self, other: "Mention") -> bool:
        return self.i < other.j and other.i < self.j


def quote_role(doc: Document, tok: Token) -> str:
    """'open', 'close' or '' for a token, using the characters around straight quotes."""
    if tok.text in "«„":
        return "open"
    if tok.text == "»":
        return "close"
    if tok.text in "\"“”":
        before = doc.text[tok.start - 1] if tok.start > 0 else " "
        after = doc.text[tok.stop] if tok.stop < len(doc.text) else " "
        if (before.isspace() or before in "(«„\"“") and (after.isalnum() or after in "«„\"“"):
            return "open"
        if tok.text == "“" and after.isalnum():
            return "open"
        return "close"
    return ""


def read_quoted(doc: Document, k: int, end: int) -> int:
    """From an opening quote at token k, the index after the matching close (nested and unbalanced quotes tolerated)."""
    depth = 0
    t = k
    while t < end:
        role = quote_role(doc, doc.tokens[t])
        if role == "open":
            depth += 1
        elif role == "close":
            # a closing quote ends the name; closers written together close nested names too
            t += 1
            while t < end and quote_role(doc, doc.tokens[t]) == "close":
                t += 1
            return t
        elif doc.tokens[t].text in {",", ";", ".", "!", "?", ":", "(", ")"} and depth > 0 and t > k + 1:
            return t
        t += 1
        if t - k > 14 or (t < end and newline_before(doc, t)):
            break
    return t


def newline_before(doc: Document, k: int) -> bool:
    return k > 0 and "\n" in doc.text[doc.tokens[k - 1].stop : doc.tokens[k].start]


def quoted_inner(doc: Document, i: int, j: int) -> str:
    """The text between the first opening quote and the final closing quote, nested quotes balanced."""
    text = doc.text[doc.tokens[i].stop : doc.tokens[j - 1].start if quote_role(doc, doc.tokens[j - 1]) == "close" else doc.tokens[j - 1].stop]
    text = text.strip().strip("\"“”")
    opens = sum(text.count(c) for c in "«„")
    closes = text.count("»")
    if opens > closes:
        text += "»" * (opens - closes)
    elif closes > opens:
        text = text.rstrip("»") if opens == 0 else text
    if text.count('"') % 2 == 1:
        text = text.replace('"', "«", 1) + "»"
    return " ".join(text.split())


class MentionFinder:
    """Rules that find organisation and person mentions in one document."""

    def __init__(self, lexicon: Lexicon, legal_forms: set[str] | None = None) -> None:
        self.lex = lexicon
        self.legal_forms = legal_forms or set()
        self.stop_complements = lexicon.words("project_stop_complements.txt")

    # --- gazetteer and regions ----------------------------------------------------

    def _scan_keys(self, doc: Document, table: dict, max_words: int):
        """Yield (i, j, value) for the longest token n-grams whose lemma key is in ``table``."""
        for sent in doc.sentences:
            i = sent.first_token
            while i < sent.last_token:
                tok = doc.tokens[i]
                if not tok.is_word:
                    i += 1
                    continue
                best = None
                parts: list[str] = []
                j = i
                words = 0
                while j < sent.last_token and words < max_words:
                    t = doc.tokens[j]
                    if t.key:
                        parts.append(t.key)
                        words += 1
                        value = table.get(" ".join(parts))
                        if value is not None:
                            best = (j + 1, value)
                    elif t.text not in {".", "«", "»", "\"", "“", "”", "-", "–"}:
                        break
                    j += 1
                if best:
                    end, value = best
                    yield i, end, value
                    i = end
                else:
                    i += 1

    def regions(self, doc: Document) -> list[tuple[int, int, Region]]:
        return list(self._scan_keys(doc, self.lex.regions, 4))

    def gazetteer(self, doc: Document) -> list[Mention]:
        found = []
        for i, j, body in self._scan_keys(doc, self.lex.bodies, self.lex.body_max_words):
            # A lone short acronym must be written in capitals to count (СФ, ЦБ vs ordinary words).
            if j - i == 1 and len(doc.tokens[i].text) <= 3 and not doc.tokens[i].is_abbr:
                continue
            found.append(self._mention(doc, "org", i, j, "gazetteer", body=body))
        return found

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
        return found

    def _chunk_at(self, doc, k, first, last, person_tokens, region_spans) -> list[Mention]:
        toks = doc.tokens
        head = toks[k]
        plural = "plur" in head.tags and "sing" not in head.tags
        # left: agreeing adjectives, descriptor abbreviations, an opening quote
        i = k
        while i - 1 >= first:
            prev = toks[i - 1]
            if (prev.pos == "ADJF" or (prev.pos == "PRTF" and ("past" not in prev.tags or prev.is_capital))) and prev.is_word and not prev.is_abbr and prev.lemma not in {"который", "этот", "тот", "свой", "наш", "весь", "такой", "один", "другой", "каждый"}:
                i -= 1
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
        head_kind = self.lex.org_heads.get(head.lemma, "")
        while j < last:
            t = toks[j]
            if j in person_tokens or newline_before(doc, j):
                break
            if j in region_spans:
                if head_kind == "Project":
                    break
                while j < last and j in region_spans:
                    j += 1
                proper = True
                if head_kind != "Cluster":
                    break  # a region or country ends the name: "правительство РФ", "министерство ... области"
                continue
            role = quote_role(doc, t)
            if role == "open":
                end = read_quoted(doc, j, last)
                if end - j < 2:
                    break
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
            if t.lemma in _NAME_LINK or t.text in {"им.", "им"}:
                n = j + 1
                if n < last and toks[n].text == ".":
                    n += 1
                steps = 0
                while n < last and steps < 10 and (toks[n].is_word or toks[n].text == ".") and toks[n].text not in {",", "("}:
                    if toks[n].is_word and toks[n].pos in ("VERB", "INFN", "PRED") and not toks[n].is_capital:
                        break
                    n += 1
                    steps += 1
                    if toks[n - 1].is_capital and toks[n - 1].pos != "ADJF" and "Surn" in toks[n - 1].tags:
                        break
                proper = True
                j = n
                continue
            if _LATIN.match(t.text) and (j == k + 1 or toks[j - 1].text and _LATIN.match(toks[j - 1].text)):
                proper = True
                j += 1
                continue
            if t.lemma == "на" and j + 1 < last and toks[j + 1].lemma in {"основа", "база"} and head_kind in ("Cluster", "Project"):
                n = self._noun_phrase(doc, j + 2, last, person_tokens, case="gent")
                if n > j + 2:
                    complement = True
                    j = n
                    continue
                break
            if (t.lemma in _COMPLEMENT_PREPS and (head_kind in ("Cluster", "Project") or head.lemma in _BY_TOPIC_HEADS)
                    and j + 1 < last and toks[j + 1].is_word and toks[j + 1].lemma not in {"дело", "итог", "результат", "причина"}):
                n = self._noun_phrase(doc, j + 1, last, person_tokens, case=None)
                if n > j + 1:
                    complement = True
                    j = n
                    # "по конституционному законодательству и госстроительству"
                    while j + 1 < last and toks[j].text == "и" and not self._starts_name(doc, j + 1):
                        n = self._noun_phrase(doc, j + 1, last, person_tokens, case=None)
                        if n <= j + 1 or toks[n - 1].cases.isdisjoint(toks[j - 1].cases):
                            break
                        j = n
                    continue
                break
            if t.text == "в" and j + 1 < last and toks[j + 1].lemma in {"сфера", "область"} and not toks[j + 1].is_capital and complement:
                n = self._noun_phrase(doc, j + 2, last, person_tokens, case="gent")
                if n > j + 2:
                    j = n
                    continue
                break
            if t.text in {"в", "на"} and j + 1 in region_spans and head_kind == "Cluster":
                n = j + 1
                while n < last and n in region_spans:
                    n += 1
                j = n
                continue
            if head_kind == "Project" and t.lemma in self.stop_complements:
                break
            n = self._noun_phrase(doc, j, last, person_tokens, case="gent")
            if n > j and head_kind == "Project" and ("anim" in toks[n - 1].tags and "inan" not in toks[n - 1].tags or toks[n - 1].is_capital):
                break  # "проект частных инвесторов": whose project, not which
            if n > j:
                if any(toks[x].is_capital or toks[x].is_abbr for x in range(j, n)):
                    proper = True
                complement = True
                j = n
                continue
            if t.text in {"и", ","} and complement and j + 1 < last and not self._starts_name(doc, j + 1):
                n = self._noun_phrase(doc, j + 1, last, person_tokens, case="gent")
                # a comma joins only a list that goes on: "промышленности, новых технологий и ..."
                if n > j + 1 and (t.text == "и" or (n < last and toks[n].text in {"и", ","})):
                    j = n
                    continue
            break
        # trim a trailing conjunction or comma
        while j > k + 1 and toks[j - 1].text in {"и", ","}:
            j -= 1
        left_proper = any(toks[x].is_capital and x > first and toks[x - 1].text not in {".", "!", "?"} for x in range(i, k))
        left_adjs = k - i
        if plural and len(quoted) < 2:
            return []  # "промышленные кластеры": a kind of thing, not a named one
        if head_kind == "Project" and not quoted:
            named = complement or left_adjs >= 2 or abbreviation
        elif quoted or abbreviation or proper or left_proper or any(x in region_spans for x in range(k + 1, j)):
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
        m.quoted = [quoted_inner(doc, a, b) for a, b in quoted]
        m.abbreviation = abbreviation
        # a legal form or descriptor written just before: АО «...», ООО «...»
        return [m]

    def _starts_name(self, doc: Document, k: int) -> bool:
        tok = doc.tokens[k]
        return tok.text in self.legal_forms or quote_role(doc, tok) == "open"

    def _descriptive_ok(self, head: str, complement: bool, left_adjs: int) -> bool:
        kind = self.lex.org_heads.get(head, "")
        if kind in ("Cluster", "Project"):
            return complement or left_adjs >= 2
        if kind == "auto-government" or head in {"администрация", "правительство", "мэрия"}:
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
            if t.is_abbr and (n == j or toks[n - 1].pos in ("NOUN", "ADJF")):
                return n + 1
            if case and case not in t.cases and not (t.is_abbr or t.pos is None):
                break
            if t.pos in ("ADJF", "PRTF"):
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
