"""pymorphy3 with caches: lemmas, cases and the nominative of names (people and organisations)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph.names import analyser, is_abbreviation, strip_abbreviation_ending
from graph.word_lists import word_list, word_map

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")
_QUOTES = "«»\"„“”"
_NOMINATIVE_ENDINGS = set("бвгджзклмнпрстфхцчшщйь")
_OBLIQUE_ENDINGS = word_list("oblique_name_endings", "loaders.extraction")  # -ой of a woman's surname, -ым/-ом: instrumental


def _copy_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        word = word[:1].upper() + word[1:]
        if template.count("-") == word.count("-"):  # "Санкт-Петербург" → "Санкт-Петербурга", each part as written
            word = "-".join(w[:1].upper() + w[1:] if t[:1].isupper() else w for t, w in zip(template.split("-"), word.split("-")))
        return word
    return word


class Morph:
    """One pymorphy3 analyser with memoised lookups; loaded once by the extractor."""

    def __init__(self) -> None:
        self.analyzer = analyser()
        self.parse = lru_cache(maxsize=200_000)(self._parse)
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)
        self.participle_noun = lru_cache(maxsize=50_000)(self._participle_noun)

    def _parse(self, word: str):
        return self.analyzer.parse(word)

    def _lemma(self, word: str) -> str:
        """Normal form of a word, lower case, ё folded.

        Acronyms keep their letters: the inflected ``ТУСУРа`` gives ``тусур``.
        """
        if is_abbreviation(word):
            return strip_abbreviation_ending(word).lower().replace("ё", "е")
        if not _WORD.fullmatch(word):
            return word.lower().replace("ё", "е")
        return self.parse(word)[0].normal_form.replace("ё", "е")

    def _participle_noun(self, word: str) -> str:
        """A participle read as the noun it stands for, masculine nominative ("нападающего" → "нападающий"),
        "" when the word is no participle: the dictionary's lemma of a participle is its verb."""
        if not _WORD.fullmatch(word):
            return ""
        for p in self.parse(word)[:2]:
            if "PRTF" in p.tag:
                form = p.inflect({"masc", "sing", "nomn"})
                return form.word.replace("ё", "е") if form is not None else ""
        return ""

    def lemmas(self, text: str) -> list[str]:
        return [self.lemma(w) for w in re.findall(r"[\w.]+(?:-[\w]+)*", text)]

    def lemma_key(self, text: str) -> str:
        """Case-free key of a phrase: lemmas of its words, quotes and dashes ignored."""
        return " ".join(self.lemma(w) for w in re.findall(r"\w+", text.replace("-", "")))

    def best(self, word: str, want: str | None = None):
        """Most likely parse, preferring one with the grammeme ``want`` (e.g. 'NOUN')."""
        parses = self.parse(word)
        if want:
            for p in parses:
                if want in p.tag:
                    return p
        return parses[0]

    def has_case(self, word: str, case: str) -> bool:
        return any(case in p.tag for p in self.parse(word) if p.score > 0.01)

    def is_pos(self, word: str, *pos: str) -> bool:
        return self.parse(word)[0].tag.POS in pos

    # --- nominative of names --------------------------------------------------

    def person_nominative(self, words: list[str]) -> list[str]:
        """Put a person's name in the nominative: Андрея Яцкина → Андрей Яцкин.

        Gender comes from the first name when there is one.
        """
        gender = None
        for w in words:
            if _INITIAL.match(w):
                continue
            for p in self.parse(w):
                if "Name" in p.tag and p.tag.gender in ("masc", "femn"):
                    gender = p.tag.gender
                    break
            if gender:
                break
        # a first name that can only be a nominative (Игорь, Андрей) puts its surname in the nominative as written:
        # «Игорь Руденя» is no genitive of «Рудень»
        as_written = any(self._only_nominative_name(w) for w in words[:-1])
        out = []
        for n, w in enumerate(words):
            if _INITIAL.match(w) or not _WORD.fullmatch(w) or is_abbreviation(w):
                out.append(w)
                continue
            out.append(w if as_written and n == len(words) - 1 else self._person_word(w, gender))
        return out

    def _only_nominative_name(self, word: str) -> bool:
        if _INITIAL.match(word) or not _WORD.fullmatch(word):
            return False
        names = [p for p in self.parse(word) if "Name" in p.tag]
        return bool(names) and all("nomn" in p.tag for p in names) and all("Name" in p.tag for p in self.parse(word)[:1])

    def _person_word(self, word: str, gender: str | None) -> str:
        if word[-1:].lower() in _NOMINATIVE_ENDINGS and not word.lower().endswith(_OBLIQUE_ENDINGS):
            return word  # a name word ending in a consonant, -ий/-ей or ь is nominative: Рустэм, Елин, Игорь
        by_suffix = _surname_by_suffix(word, gender)
        if by_suffix is not None:
            return by_suffix
        parses = self.parse(word)[:3]
        named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        for p in named or parses:
            if "nomn" in p.tag and "plur" not in p.tag and (gender is None or p.tag.gender in (gender, None) or "ms-f" in p.tag):
                return word
        parses = [p for p in self.parse(word) if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        if gender:
            same = [p for p in parses if p.tag.gender == gender or p.tag.gender is None or "ms-f" in p.tag]
            parses = same or parses
        if not parses:
            parses = [p for p in self.parse(word) if p.tag.POS == "NOUN"] or self.parse(word)
        p = parses[0]
        if "nomn" in p.tag and ("sing" in p.tag or p.tag.number is None):
            return word
        target = {"nomn", "sing"}
        if gender and "Surn" in p.tag:
            target.add(gender)
        form = p.inflect(target) or p.inflect({"nomn"})
        if form is None:
            return word
        return _copy_case(word, form.word.replace("ё", "ё"))

    def _agreeing_head(self, adjectives: list[str], noun: str):
        """The head noun's reading that agrees in case, number and gender with the adjectives before it."""
        if not adjectives:
            return None
        adj = [p for p in self.parse(adjectives[-1]) if p.tag.POS in ("ADJF", "PRTF")]
        if not adj:
            return None
        for p in self.parse(noun):
            if p.tag.POS != "NOUN":
                continue
            for a in adj:
                if a.tag.case == p.tag.case and a.tag.number == p.tag.number and (
                        a.tag.number == "plur" or a.tag.gender in (None, p.tag.gender)):
                    return p
        return None

    def phrase_nominative(self, words: list[str]) -> list[str]:
        """Put an organisation's name in the nominative: its leading adjectives and head noun.

        Words after the head (genitive complements, quoted names) stay as they are:
        ``администрации Томской области`` → ``администрация Томской области``.
        """
        out = list(words)
        head = None
        for i, w in enumerate(words):
            if w in _QUOTES or w.startswith(tuple(_QUOTES)) or not _WORD.fullmatch(w) or is_abbreviation(w):
                if is_abbreviation(w):
                    out[i] = strip_abbreviation_ending(w)
                    # adjectives before an acronym agree with its (usually masculine) head: Евразийский НОЦ
                    for n in range(i):
                        cands = [p for p in self.parse(words[n]) if p.tag.POS in ("ADJF", "PRTF")]
                        if cands:
                            f = cands[0].inflect({"nomn", "sing", "masc"})
                            if f is not None:
                                out[n] = _copy_case(words[n], f.word)
                break
            if place_adjective(w):
                continue
            p = self.parse(w)[0]
            if p.tag.POS == "NOUN":
                head = (i, p)
                break
            if p.tag.POS not in ("ADJF", "PRTF", "NUMR"):
                break
        if head is None:
            return out
        hi, hp = head
        nominative = [p for p in self.parse(words[hi]) if p.tag.POS == "NOUN" and "nomn" in p.tag and "plur" not in p.tag]
        agreeing = self._agreeing_head(words[:hi], words[hi])
        if agreeing is not None:
            # "индустриального парка": the reading that agrees with the adjectives (парк), not "парка" the jacket
            hp = agreeing
            nominative = [agreeing] if "nomn" in agreeing.tag and "plur" not in agreeing.tag else []
        if nominative:
            hp = nominative[0]
        number = "sing" if hp.tag.number != "plur" or nominative else "plur"
        if not nominative and not (agreeing is not None and "sing" in agreeing.tag) and any("sing" in p.tag for p in self.parse(words[hi]) if p.tag.POS == "NOUN"):
            number = "sing"
            hp = next(p for p in self.parse(words[hi]) if p.tag.POS == "NOUN" and "sing" in p.tag)
        gender = hp.tag.gender
        if not nominative:
            form = hp.inflect({"nomn", number})
            if form is not None:
                out[hi] = _hyphen_safe(words[hi], form.word)
        for i in range(hi):
            w = words[i]
            last = w.rpartition("-")[2] if place_adjective(w) else w
            cands = [p for p in self.parse(last) if p.tag.POS in ("ADJF", "PRTF", "NUMR")]
            if not cands:
                continue
            if last is not w:
                f = cands[0].inflect({"nomn", number} | ({gender} if number == "sing" and gender else set()))
                if f is not None:
                    out[i] = w.rpartition("-")[0] + "-" + _copy_case(last, f.word)
                continue
            want = {"nomn", number}
            if number == "sing" and gender:
                want.add(gender)
            f = cands[0].inflect(want)
            if f is not None:
                out[i] = _hyphen_safe(w, f.word)
        return out

    def with_head(self, adjective: str, shared: str) -> str:
        """Adjectives in the nominative singular before a head noun's lemma, the last word of ``shared``:
        ("Торезского", "электротехнических завод") → "Торезский электротехнический завод"."""
        *adjectives, head_lemma = shared.split()
        head = next((p for p in self.parse(head_lemma) if p.tag.POS == "NOUN"), None)
        gender = head.tag.gender if head is not None else None
        out = []
        for word in [adjective, *adjectives]:
            adj = next((p for p in self.parse(word) if p.tag.POS == "ADJF"), None)
            form = adj.inflect({"nomn", "sing"} | ({gender} if gender else set())) if adj is not None else None
            out.append(_copy_case(word, form.word) if form else word)
        return " ".join([*out, head_lemma])

    def genitive(self, phrase: str) -> str:
        """Genitive of a place name: Томская область → Томской области (first noun and its adjectives)."""
        words = phrase.split()
        out = list(words)
        for i, w in enumerate(words):
            if not _WORD.fullmatch(w):
                break
            p = self.best(w, "NOUN") if not self.is_pos(w, "ADJF") else self.best(w, "ADJF")
            if p.tag.POS in ("ADJF", "PRTF"):
                f = p.inflect({"gent"} | ({p.tag.gender} if p.tag.gender else set()))
                if f:
                    out[i] = _copy_case(w, f.word)
                continue
            if p.tag.POS == "NOUN":
                f = p.inflect({"gent"})
                if f:
                    out[i] = _copy_case(w, f.word)
            break
        return " ".join(out)


_MASC_NOMINATIVE = word_list("masculine_surname_endings", "loaders.extraction")
_INDECLINABLE = word_list("indeclinable_surname_endings", "loaders.extraction")  # Зазимко, Черных
_MASCULINE_ONLY = word_list("masculine_only_endings", "loaders.extraction")
# oblique ending → letters to cut for the nominative; an adjectival surname's oblique ending → its nominative ending
_MASC_OBLIQUE = {ending: int(cut) for ending, cut in word_map("masculine_surname_oblique_endings", "loaders.extraction").items()}
_ADJECTIVAL = word_map("adjectival_surname_endings", "loaders.extraction")
_ADJECTIVAL_STEMS = word_list("adjectival_surname_stems", "loaders.extraction")


def _surname_by_suffix(word: str, gender: str | None) -> str | None:
    """Russian surnames the dictionary may not know: Травников stays, Травникова (of a man) → Травников."""
    low = word.lower()
    if len(word) >= 4 and word[:1].isupper() and low.endswith(_INDECLINABLE):
        return word  # indeclinable: Зазимко, Черных
    if gender is None and low.endswith(_MASCULINE_ONLY):
        gender = "masc"  # «Сомовым Р. В.»: no first name says the gender, the ending does
    if gender != "masc" or len(word) < 5 or not word[:1].isupper():
        return None
    if low.endswith(_MASC_NOMINATIVE):
        return word
    for ending, cut in _MASC_OBLIQUE.items():
        if low.endswith(ending):
            if ending in _ADJECTIVAL:
                return word[: -len(ending)] + _ADJECTIVAL[ending]
            stem = word[:-cut] if cut else word
            return stem if not stem.lower().endswith(_ADJECTIVAL_STEMS) else None
    return None


_PLACE_ADJECTIVE = re.compile(r"^[А-ЯЁ][а-яё]*-[А-ЯЁа-яё-]*[сц]к(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)$")


def place_adjective(word: str) -> bool:
    """A hyphenated place adjective the dictionary may not know: "Усть-Катавского", "Горно-Алтайская"."""
    return bool(_PLACE_ADJECTIVE.match(word))


def _hyphen_safe(template: str, inflected: str) -> str:
    """Keep the written prefix of a hyphenated word: Южно-Уральским → Южно-Уральский (not Южноуральский)."""
    if "-" in template:
        prefix, _, last = template.rpartition("-")
        tail = inflected.rpartition("-")[2] if "-" in inflected else inflected[len(inflected) - len(last) - 2 :]
        if "-" in inflected:
            return prefix + "-" + _copy_case(last, tail)
        # the analyser glued the parts: take the ending of the glued word for the last part
        glued = prefix.replace("-", "").lower()
        if inflected.lower().startswith(glued):
            return prefix + "-" + _copy_case(last, inflected[len(glued):])
        return template
    return _copy_case(template, inflected)
