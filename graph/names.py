"""Name folding: the comparison key ANNOTATION.md defines (case, ё, quotes, dashes, legal form)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from graph.word_lists import word_list, word_map, word_set

# Legal forms that may stand in front of an organisation's own name.
LEGAL_FORMS = word_list("legal_forms")
_LEGAL_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)) + r")\s+)+",
    re.IGNORECASE,
)
_QUOTES_DASHES = re.compile(r"[\"'«»„“”‘’`‹›\-‐‑‒–—―]")
_SPACES = re.compile(r"\s+")


def strip_legal_form(name: str) -> str:
    """Drop a leading legal form: «АО «НПФ «Микран»» → «НПФ «Микран»»."""
    return _LEGAL_RE.sub("", name.strip())


def fold_name(name: str) -> str:
    """The matching key of ANNOTATION.md: lower case, ё→е, no quotes or dashes, no legal form.

    >>> fold_name("АО «НПФ «Микран»")
    'нпф микран'
    >>> fold_name("Газпром-бурение")
    'газпромбурение'
    >>> fold_name("ЛЭМЗ–Т") == fold_name("ЛЭМЗ-Т")
    True
    """
    text = name.replace("ё", "е").replace("Ё", "Е")
    text = strip_legal_form(text)
    text = _QUOTES_DASHES.sub("", text)
    return _SPACES.sub(" ", text).strip().lower()


# --- morphology: one cached analyser for the whole program ---------------------------------------


@lru_cache(maxsize=1)
def analyser():
    """The one pymorphy3 analyser (its dictionaries take a second and ~15 MB to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Normal form of one word, lower case, ё folded; an abbreviation keeps its letters (ТУСУРа → тусур)."""
    if is_abbreviation(word):
        return strip_abbreviation_ending(word).lower().replace("ё", "е")
    if not _CYRILLIC_WORD.fullmatch(word):
        return word.lower().replace("ё", "е")
    return analyser().parse(word)[0].normal_form.replace("ё", "е")


def lemma_words(name: str) -> list[str]:
    """The lemmas of a name's words, legal form, quotes and dashes dropped: the inflection-free key."""
    text = _QUOTES_DASHES.sub(" ", strip_legal_form(name.replace("ё", "е").replace("Ё", "Е")))
    return [lemma(w) for w in _WORDS.findall(text)]


# --- abbreviations: one shape test, one matcher --------------------------------------------------
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")
_WORDS = re.compile(r"\w+")
_ABBR_ENDINGS = re.compile(r"(?<=[А-ЯЁ])(?:ом|ем|ой|ей|ами|ах|ам|ов|а|у|е|ы|и)$")
# Words an abbreviation leaves out: function words always, and generic adjectives inside the name
# (ТУСУР drops «государственный»); any other word gives its letters, so МГУ is not Магнитогорский
# государственный технический университет.
_FUNCTION_WORDS = word_set("abbreviation_function_words")
_SKIPPABLE = word_list("abbreviation_skippable_stems")
# A name's word an abbreviation writes as several letters («госуниверситет» gives ГУ; «НИИ» stands for
# «научно-исследовательский институт» also where the long name says only «Институт»); "*" ends a prefix.
_ABBREVIATED_WORDS = tuple((word.rstrip("*"), word.endswith("*"), tuple(letters))
                           for word, letters in word_map("abbreviated_words").items())
# «им. …», «имени …»: an abbreviation with its dot, a word before a space
_HONORIFIC = re.compile(r"\s+(?:" + "|".join(re.escape(w) if w.endswith(".") else re.escape(w) + r"\s"
                                              for w in word_list("honorific_openings")) + r").*$", re.IGNORECASE)
_HONORIFIC_FILLERS = word_set("honorific_fillers")


def is_abbreviation(word: str) -> bool:
    """An acronym: ТУСУР, ЛЭМЗ-Т, ЮУрГУ, ЧелГУ (capitals outnumber small letters, at least two capitals).

    >>> is_abbreviation("ТУСУР"), is_abbreviation("ЧелГУ"), is_abbreviation("Томск"), is_abbreviation("СФМ-Фарм")
    (True, True, False, False)
    """
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or not letters[0].isupper() or sum(c.isupper() for c in letters) < 2:
        return False
    for part in re.split(r"[\s\-]+", word):  # every part an acronym: ЛЭМЗ-Т is, СФМ-Фарм is not
        part_letters = [c for c in part if c.isalpha()]
        upper = sum(c.isupper() for c in part_letters)
        if part_letters and upper <= len(part_letters) - upper:
            return False
    return True


def strip_abbreviation_ending(word: str) -> str:
    """Drop a case ending written after an acronym: ТУСУРа → ТУСУР, ВТБ → ВТБ.

    >>> strip_abbreviation_ending("ТУСУРом")
    'ТУСУР'
    """
    return _ABBR_ENDINGS.sub("", word)


def strip_honorific(name: str) -> str:
    """A name without its «им. …»/«имени …» part: «НИИИС им. Ю.Е. Седакова» → «НИИИС»."""
    return _HONORIFIC.sub("", name).strip() or name


def honorific(name: str) -> str:
    """The folded «имени …» part of a name ('' when none): the surname it honours decides, not its initials."""
    found = _HONORIFIC.search(name)
    if not found:
        return ""
    words = [w for w in _WORDS.findall(fold_name(found.group(0))) if len(w) > 1 and w not in _HONORIFIC_FILLERS]
    return words[-1][:5] if words else ""


def abbreviation_of(abbreviation: str, name: str) -> bool:
    """True when ``abbreviation`` abbreviates ``name``: each word of the name, hyphenated parts counted
    apart, gives a prefix of one to four letters in order (a word that is itself an acronym gives all of
    them, «госуниверситет» gives ГУ); function words and generic adjectives inside the name may give none.
    The «имени …» part and a legal form are ignored on both sides.

    >>> abbreviation_of("ТУСУРа", "Томский государственный университет систем управления и радиоэлектроники")
    True
    >>> abbreviation_of("ЮУрГУ", "Южно-Уральский государственный университет")
    True
    >>> abbreviation_of("МГУ", "Магнитогорский государственный технический университет")
    False
    >>> abbreviation_of("НИИ ОММ", "Институт охраны материнства и младенчества")
    True
    """
    chunks = _abbreviation_chunks(abbreviation)
    prepared = _expansion_words(name) if chunks else None
    if prepared is None:
        return False
    words, upper = prepared
    # the first word always gives the first letters (only inner words may be skipped): a cheap, exact refusal
    if chunks[0][:1] != upper[0][:1] and not any(
            (upper[0].startswith(written) if prefix else upper[0] == written) and chunks[: len(letters)] == letters
            for written, prefix, letters in _ABBREVIATED_WORDS):
        return False

    def go(ci: int, wi: int) -> bool:
        if ci == len(chunks):
            return wi == len(words)
        if wi == len(words):
            return False
        word = upper[wi]
        if is_abbreviation(words[wi]):  # an acronym inside the name gives all its letters: ИОА СО РАН
            size = len(word)
            if "".join(chunks[ci:]).startswith(word) and _whole(chunks, ci, size) and go(ci + _count(chunks, ci, size), wi + 1):
                return True
        elif word.startswith(chunks[ci]) and go(ci + 1, wi + 1):
            return True
        for written, prefix, letters in _ABBREVIATED_WORDS:  # «госуниверситет» gives ГУ, «Институт» НИИ
            size = len(letters)
            if (word.startswith(written) if prefix else word == written) and chunks[ci : ci + size] == letters \
                    and go(ci + size, wi + 1):
                return True
        inner = 0 < wi < len(words) - 1
        return inner and words[wi].lower().startswith(_SKIPPABLE) and go(ci, wi + 1)

    return go(0, 0)


@lru_cache(maxsize=100_000)
def _abbreviation_chunks(abbreviation: str) -> tuple[str, ...] | None:
    """The letter chunks an abbreviation is read as (ЧелГУ → ЧЕЛ, Г, У), None when it is no abbreviation."""
    abbreviation = strip_abbreviation_ending(strip_honorific(strip_legal_form(abbreviation)).strip())
    compact = re.sub(r"[\s\-.]", "", abbreviation).replace("ё", "е").replace("Ё", "Е")
    if not (2 <= len(compact) <= 12) or not compact.isalpha() or not is_abbreviation(abbreviation.replace(" ", "")):
        return None
    # a capital starts a word, small letters after it continue that word: ЧелГУ = Чел + Г + У
    return tuple(c.upper() for c in re.findall(r"[^\W\d_][^\W\d_A-ZА-ЯЁ]*", compact))


@lru_cache(maxsize=200_000)
def _expansion_words(name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(words, their upper case) of a name an abbreviation may stand for; None when it cannot be one."""
    text = _QUOTES_DASHES.sub(" ", strip_honorific(strip_legal_form(name)).replace("ё", "е").replace("Ё", "Е"))
    if len(text.split()) < 2:  # «СФМ-Фарм» is one name, not an expansion
        return None
    words = [w for w in _WORDS.findall(text) if not (w.islower() and w in _FUNCTION_WORDS)]  # СО РАН keeps СО
    if len(words) < 2 or len(words) > 12:
        return None
    return tuple(words), tuple(w.upper() for w in words)


def _count(chunks: list[str], start: int, letters: int) -> int:
    """How many chunks from ``start`` make up exactly ``letters`` letters."""
    total = 0
    for n, chunk in enumerate(chunks[start:], start=1):
        total += len(chunk)
        if total >= letters:
            return n
    return len(chunks) - start


def _whole(chunks: list[str], start: int, letters: int) -> bool:
    total = 0
    for chunk in chunks[start:]:
        total += len(chunk)
        if total >= letters:
            return total == letters
    return False


def short_form_of(short: str, full: str) -> bool:
    """``short`` abbreviates ``full``, whole or in its head: ТУСУР, «ОЭЗ «Тольятти»» of «Особая экономическая
    зона «Тольятти»» (the words after the abbreviation are the same)."""
    a, b = short.split(), full.split()
    for tail in range(min(len(a), len(b))):
        if tail and fold_name(" ".join(a[-tail:])) != fold_name(" ".join(b[-tail:])):
            break
        head_a, head_b = a[: len(a) - tail], b[: len(b) - tail]
        if len(head_a) == 1 and len(head_b) >= 2 and abbreviation_of(head_a[0], " ".join(head_b)):
            return True
    return False


# --- knowledge the application supplies ---------------------------------------------------------

_REGION_NAME_FILLERS = word_set("region_name_fillers")  # «область», «край»: not a region's own word
_REGION_NOUNS_AFTER_ADJECTIVE = word_list("region_nouns_after_adjective")
_REGION_ADJECTIVE_ENDINGS = word_list("region_adjective_endings")
LOCATIVE_PREPOSITIONS = word_set("locative_prepositions")  # «в Ярославской области»


@dataclass
class NameKnowledge:
    """What resolution knows beyond the names it sees: gazetteer bodies (canonical name and the names it
    goes by) and regions (every name of a region stands for one token).  Built by the application from
    the extractor's lexicon; empty by default."""

    bodies: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded or lemma key → (canonical, *aliases)
    regions: dict[tuple[str, ...], str] = field(default_factory=dict)  # lemma words of a region's name → token
    canonical: frozenset[str] = frozenset()  # folded canonical names
    region_stems: frozenset[str] = frozenset()  # «томск», «татарстан»: what a region's adjective starts with
    region_names: frozenset[tuple[str, ...]] = frozenset()  # lemma words of regions' canonical names
    region_canonical: dict[str, str] = field(default_factory=dict)  # region token → canonical name

    @classmethod
    def build(cls, bodies: Iterable[tuple[str, Iterable[str]]] = (),
              regions: Iterable[tuple[str, Iterable[str]]] = ()) -> NameKnowledge:
        known = cls()
        for name, aliases in bodies:
            labels = (name, *aliases)
            for label in labels:
                known.bodies.setdefault(fold_name(label), labels)
                known.bodies.setdefault("~" + " ".join(lemma_words(label)), labels)
        known.canonical = frozenset(fold_name(labels[0]) for labels in known.bodies.values())
        stems = set()
        for name, aliases in regions:
            for word in fold_name(name).split():
                stem = re.sub(r"(ая|ий|ой|ое|ый)$", "", word)
                if len(stem) >= 4 and word not in _REGION_NAME_FILLERS:
                    stems.add(stem)
            for label in (name, *aliases):
                words = tuple(lemma_words(label))
                if words:
                    known.regions.setdefault(words, "§" + fold_name(name).replace(" ", "_"))
            known.region_canonical.setdefault("§" + fold_name(name).replace(" ", "_"), name)
        known.region_stems = frozenset(stems)
        known.region_names = frozenset(tuple(lemma_words(name)) for name, _ in regions)
        return known

    def region_first(self, words: list[str]) -> list[str]:
        """A region's adjective in front goes behind as the region's token: «нижегородский министерство
        промышленность» → «министерство промышленность §нижегородская_область», as the genitive gives."""
        if len(words) < 2:
            return words
        for noun in _REGION_NOUNS_AFTER_ADJECTIVE:
            token = self.regions.get((words[0], noun))
            if token:
                return [*words[1:], token]
        return words

    def other_region_name(self, label: str) -> bool:
        """The label names a region by another name than its canonical one («Правительство Тувы»)."""
        words = lemma_words(label)
        if not self.regions:
            return False
        widest = max(len(key) for key in self.regions)
        i = 0
        while i < len(words):
            for size in range(min(widest, len(words) - i), 0, -1):
                key = tuple(words[i : i + size])
                if key in self.regions:
                    if key not in self.region_names:
                        return True
                    i += size
                    break
            else:
                i += 1
        return False

    def region_tokens(self, label: str) -> list[str]:
        """The label's lemma words with region names as tokens."""
        return self.regions_as_one(lemma_words(label))

    def names_region(self, label: str) -> bool:
        return any(w.startswith("§") for w in self.region_tokens(label))

    def region_only(self, label: str) -> bool:
        """The label is a region's name and nothing else («Республики Башкортостан»)."""
        words = self.region_tokens(label)
        return len(words) == 1 and words[0].startswith("§")

    def region_locative(self, label: str) -> bool:
        """The label says its region as «в Ярославской области»."""
        words = self.region_tokens(label)
        return any(a in LOCATIVE_PREPOSITIONS and b.startswith("§") for a, b in itertools.pairwise(words))

    def region_adjective_first(self, label: str) -> bool:
        """«Нижегородское министерство …»: the region's adjective in front of the body's noun."""
        words = lemma_words(label)
        return self.region_first(words) != words

    def usual_case(self, name: str) -> str:
        """A name that starts with a region's adjective or name written small gets its capital:
        «томский кластер …» → «Томский кластер …»; descriptions («промышленный кластер …») stay as written."""
        first = name.split()[0] if name.split() else ""
        if not first[:1].islower():
            return name
        word = fold_name(first)
        if any(word.startswith(stem) for stem in self.region_stems) and (
            word.endswith(_REGION_ADJECTIVE_ENDINGS) or word in self.region_stems
        ):
            return name[:1].upper() + name[1:]
        return name

    def labels_of(self, label: str) -> tuple[str, ...]:
        """Every name of the gazetteer body ``label`` names (empty when it names none)."""
        return self.bodies.get(fold_name(label)) or self.bodies.get("~" + " ".join(lemma_words(label))) or ()

    def canonical_of(self, label: str) -> str | None:
        labels = self.labels_of(label)
        return labels[0] if labels else None

    def regions_as_one(self, words: list[str]) -> list[str]:
        """Lemma words with each region's name replaced by its token, the longest name first."""
        if not self.regions:
            return words
        widest = max(len(key) for key in self.regions)
        out, i = [], 0
        while i < len(words):
            for size in range(min(widest, len(words) - i), 0, -1):
                token = self.regions.get(tuple(words[i : i + size]))
                if token:
                    out.append(token)
                    i += size
                    break
            else:
                out.append(words[i])
                i += 1
        return out
