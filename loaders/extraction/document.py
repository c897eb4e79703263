"""An article's text as sentences and tokens, each token with its lemma and grammemes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.extraction.morph import Morph, is_abbreviation

QUOTES = set("«»\"„“”")
_WORD_PARTS = re.compile(r"\w+")
OPEN_QUOTES = set("«„“")


@dataclass
class Token:
    text: str
    start: int
    stop: int
    index: int
    sentence: int
    lemma: str
    pos: str | None
    cases: frozenset[str]
    tags: frozenset[str]
    key: str = ""  # lemmas of the word parts, hyphens dropped: the gazetteer's lookup key

    @property
    def is_word(self) -> bool:
        return any(c.isalpha() for c in self.text)

    @property
    def is_capital(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_abbr(self) -> bool:
        return is_abbreviation(self.text)

    @property
    def is_quote(self) -> bool:
        return self.text in QUOTES


@dataclass
class Sentence:
    index: int
    start: int
    stop: int
    text: str
    first_token: int
    last_token: int  # exclusive


@dataclass
class Document:
    """Tokens with morphology for the rules, plus the NER spans natasha found."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    ner: list[tuple[str, int, int]] = field(default_factory=list)  # (type, start, stop)

    def token_at(self, offset: int) -> int | None:
        for t in self.tokens:
            if t.start <= offset < t.stop:
                return t.index
        return None

    def tokens_in(self, start: int, stop: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.stop <= stop]

    def span_text(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start : self.tokens[j - 1].stop]

    def before_quotes(self, i: int) -> Token | None:
        """The token before token ``i`` with quote marks skipped, in the same sentence; None at its start."""
        k = i - 1
        while k >= 0 and self.tokens[k].is_quote:
            k -= 1
        return self.tokens[k] if k >= 0 and self.tokens[k].sentence == self.tokens[i].sentence else None


_WIKI_ITALICS = re.compile(r"''([^'\n]{1,80}?)''")


def wiki_italics_as_quotes(text: str) -> str:
    """''Samsung Electronics'' (wiki markup for italics, common in copied news) → « Samsung Electronics »:
    the same length, so every offset still points at the same words, and the name reads as a quoted one."""
    return _WIKI_ITALICS.sub(lambda m: f" «{m.group(1)}» ", text)


def build_document(text: str, natasha_doc, morph: Morph) -> Document:
    """Turn a natasha Doc (segmented, NER-tagged) into our token list with pymorphy analyses.

    A line break also ends a sentence: headlines and captions carry no final full stop.
    """
    doc = Document(text=text)
    for sent in natasha_doc.sents:
        first = len(doc.tokens)
        previous = None
        for tok in sent.tokens:
            if previous is not None and "\n" in text[previous.stop : tok.start]:
                _close_sentence(doc, first)
                first = len(doc.tokens)
            previous = tok
            word = tok.text
            parses = morph.parse(word) if any(c.isalpha() for c in word) else []
            p0 = parses[0] if parses else None
            cases = frozenset(p.tag.case for p in parses if p.tag.case and p.score >= 0.005)
            tags = frozenset(g for p in parses[:3] for g in p.tag.grammemes)
            lemma = morph.lemma(word) if p0 is not None else word.lower()
            key = " ".join(morph.lemma(w) for w in _WORD_PARTS.findall(word.replace("-", "")))
            agreeing = _agreeing_noun(morph, doc.tokens[-1] if len(doc.tokens) > first else None, parses)
            if agreeing is not None and "-" not in word:
                lemma = key = agreeing.normal_form.replace("ё", "е")
            doc.tokens.append(
                Token(
                    text=word,
                    start=tok.start,
                    stop=tok.stop,
                    index=len(doc.tokens),
                    sentence=len(doc.sentences),
                    lemma=lemma,
                    pos=p0.tag.POS if p0 is not None else None,
                    cases=cases,
                    tags=tags,
                    key=key,
                )
            )
        _close_sentence(doc, first)
    doc.ner = [(span.type, span.start, span.stop) for span in natasha_doc.spans]
    return doc


def _agreeing_noun(morph: Morph, previous: Token | None, parses):
    """The noun reading that agrees with the adjective before it, when the likeliest reading does not:
    "индустриальному парку" is парк, not the jacket «парка»."""
    if previous is None or previous.pos not in ("ADJF", "PRTF") or not parses or parses[0].tag.POS != "NOUN":
        return None
    nouns = [p for p in parses if p.tag.POS == "NOUN" and p.score >= 0.005]
    if len({p.normal_form for p in nouns}) < 2:
        return None
    adjectives = [a for a in morph.parse(previous.text) if a.tag.POS in ("ADJF", "PRTF")]

    def agrees(p) -> bool:
        return any(a.tag.case == p.tag.case and a.tag.number == p.tag.number
                   and (p.tag.number == "plur" or a.tag.gender == p.tag.gender or "ms-f" in p.tag) for a in adjectives)

    if agrees(nouns[0]):
        return None
    return next((p for p in nouns if agrees(p)), None)


def _close_sentence(doc: Document, first: int) -> None:
    if first >= len(doc.tokens):
        return
    start, stop = doc.tokens[first].start, doc.tokens[-1].stop
    doc.sentences.append(Sentence(len(doc.sentences), start, stop, doc.text[start:stop], first, len(doc.tokens)))
