"""Name folding: the comparison key ANNOTATION.md defines (case, ё, quotes, dashes, legal form)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

# Legal forms that may stand in front of an organisation's own name.
LEGAL_FORMS = (
    "ФГБОУ ВО", "ФГАОУ ВО", "ФГБОУ ВПО", "ФГАОУ ВПО", "ФГБОУ", "ФГАОУ", "ФГБУН", "ФГБУ", "ФГУП",
    "ФКП", "ГБОУ", "ГАОУ", "ГБУ", "ГАУ", "ГКУ", "ГУП", "МУП", "МБУ", "АНО", "НКО",
    "ПАО", "НАО", "ОАО", "ЗАО", "ООО", "АО", "ИП", "ТОО", "ОДО",
)
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
_FUNCTION_WORDS = frozenset({"и", "в", "во", "на", "по", "для", "при", "с", "со", "о", "об", "им", "имени", "of", "the"})
_SKIPPABLE = ("государствен", "национальн", "исследовательск", "федеральн", "российск", "бюджетн", "автономн")
_HONORIFIC = re.compile(r"\s+(?:им\.|им\s|имени\s).*$", re.IGNORECASE)


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
    words = [w for w in _WORDS.findall(fold_name(found.group(0))) if len(w) > 1 and w not in {"им", "имени", "академика"}]
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
    abbreviation = strip_abbreviation_ending(strip_honorific(strip_legal_form(abbreviation)).strip())
    compact = re.sub(r"[\s\-.]", "", abbreviation).replace("ё", "е").replace("Ё", "Е")
    if not (2 <= len(compact) <= 12) or not compact.isalpha() or not is_abbreviation(abbreviation.replace(" ", "")):
        return False
    # a capital starts a word, small letters after it continue that word: ЧелГУ = Чел + Г + У
    chunks = [c.upper() for c in re.findall(r"[^\W\d_][^\W\d_A-ZА-ЯЁ]*", compact)]
    text = _QUOTES_DASHES.sub(" ", strip_honorific(strip_legal_form(name)).replace("ё", "е").replace("Ё", "Е"))
    if len(text.split()) < 2:  # «СФМ-Фарм» is one name, not an expansion
        return False
    words = [w for w in _WORDS.findall(text) if not (w.islower() and w in _FUNCTION_WORDS)]  # СО РАН keeps СО
    if len(words) < 2 or len(words) > 12:
        return False
    upper = [w.upper() for w in words]

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
        if word.startswith("ГОСУ") and chunks[ci : ci + 2] == ["Г", "У"] and go(ci + 2, wi + 1):
            return True
        # «НИИ» stands for «научно-исследовательский институт» also where the long name says only «Институт»
        if word == "ИНСТИТУТ" and chunks[ci : ci + 3] == ["Н", "И", "И"] and go(ci + 3, wi + 1):
            return True
        inner = 0 < wi < len(words) - 1
        return inner and words[wi].lower().startswith(_SKIPPABLE) and go(ci, wi + 1)

    return go(0, 0)


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


# --- knowledge the application supplies, and the choice of a node's name -------------------------


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
                if len(stem) >= 4 and word not in {"область", "край", "республика", "округ", "автономный"}:
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
        for noun in ("область", "край"):
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
        return any(a in ("в", "во") and b.startswith("§") for a, b in itertools.pairwise(words))

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
            word.endswith(("ский", "ская", "ское", "цкий", "цкая")) or word in self.region_stems
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


def is_nominative(label: str) -> bool:
    """The first ordinary word of a name can be read in the nominative («Сигнала» cannot)."""
    for word in re.findall(r"\w+(?:-\w+)*", re.sub(r"[\"'«»„“”‘’`‹›]", " ", strip_legal_form(label))):
        if len(word) == 1 and word.isupper():
            continue  # a person's initial
        if is_abbreviation(word) or not _CYRILLIC_WORD.fullmatch(word.replace("-", "")):
            return True  # «ПроЕДУ по России», «HomeNet»: an acronym or a foreign word leads, nothing to decline
        if not analyser().word_is_known(word.lower()):
            return True  # «Интергео»: a name the dictionary only guesses at
        return any("nomn" in parse.tag for parse in analyser().parse(word) if parse.score >= 0.01)
    return True


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


# Nouns that say what kind of thing the own name after them is, not part of it (ANNOTATION.md: the
# organisation's own short name): «компания «Интергео»», «проект «ПроЕДУ по России»», «НП «…»».
_KIND_NOUNS = ("компания", "фирма", "предприятие", "организация", "партнерство", "проект", "кластер", "холдинг", "программа", "подпрограмма")
PROJECT_KINDS = frozenset({"проект", "программа", "подпрограмма"})
_COUNTRY = frozenset({"российский", "федерация", "россия", "рф"})
# Status words in front of a park's kind noun: «региональный технопарк …» is the «технопарк …».
_STATUS = ("региональн", "федеральн", "специализированн", "долгосрочн", "целев")
_PARK_KINDS = frozenset({"технопарк", "технополис"})
# Contracted words written for two (ANNOTATION.md compares full words).
CONTRACTIONS = {"госуниверситет": "государственный университет", "экономразвития": "экономического развития"}
# Words that praise a park or project rather than name it: «масштабный промпарк «Энем»» is «промпарк «Энем»».
_PRAISE = ("масштабн", "крупн", "крупнейш", "современн", "уникальн", "амбициозн")
# Legal forms written after a foreign name: «Praxair Inc» is «Praxair».
_TRAILING_LEGAL = re.compile(r"[\s,]+(?:Inc|Ltd|LLC|GmbH|AG|Corp|Co|S\.A|SA|PLC|Limited|Corporation)\.?$")
# Place nouns that, without a proper name before them, stand for a place the text said elsewhere.
_GENERIC_PLACE_WORDS = frozenset({"область", "регион", "край", "республика", "город", "округ", "район"})


def own_name_of(own: str, full: str) -> bool:
    """``full`` is ``own`` with a kind noun or legal form in front («компания «Интергео»»), not «УК «X»»."""
    own_key, full_key = fold_name(own), fold_name(full.replace("«", " ").replace("»", " "))
    head = full_key[: -len(own_key)].split()
    if not own_key or not full_key.endswith(" " + own_key) or managing_head(head):
        return False
    lemmas = [lemma(word) for word in head]
    if all(w in _COUNTRY for w in lemmas):  # «Российская Федерация «Развитие образования»»: the country in front
        return True
    return any(w in _KIND_NOUNS for w in lemmas) or all(w.upper() in LEGAL_FORMS or w in {"нп"} for w in head)


def managing_head(words: list[str]) -> bool:
    """«УК», «управляющая компания» in front of an own name: a separate ``Company`` (ANNOTATION.md)."""
    return bool(words) and (words[0] == "ук" or words[0].startswith("управляющ"))


def manages(label: str, other: str) -> bool:
    """``other`` is «УК «X»» or «управляющая компания «X»» of ``label`` «X»."""
    key, full = fold_name(label), fold_name(other)
    return bool(key) and full.endswith(" " + key) and managing_head(full[: -len(key)].split())


def contracted(label: str) -> bool:
    """«Челябинский госуниверситет»: a contracted word whose full form another form may give."""
    return any(w.lower() in CONTRACTIONS for w in _WORDS.findall(label))


def mixed_script(label: str) -> bool:
    """A word spelt with Latin and Cyrillic letters together (a keyboard slip: «АVA Group»)."""
    return any(re.search(r"[A-Za-z]", w) and re.search(r"[А-Яа-яЁё]", w) for w in label.split())


def strip_trailing_legal_form(label: str) -> str:
    """«Praxair Inc» → «Praxair»: a foreign legal form after the name."""
    return _TRAILING_LEGAL.sub("", label).strip() or label


def drop_status(label: str) -> str:
    """A park's status word or a centre's grade dropped: «региональный технопарк радиоэлектроники» →
    «технопарк радиоэлектроники», «Евразийский НОЦ мирового уровня» → «Евразийский НОЦ»."""
    words = label.split()
    if len(words) > 2 and words[0].lower().startswith(_PRAISE):
        return " ".join(words[1:])
    while len(words) > 2 and words[0].lower().startswith(_STATUS) and (
            words[1].lower().startswith(_STATUS) or lemma(words[1]) in _PARK_KINDS):
        words = words[1:]
    if len(words) < len(label.split()) and lemma(words[0]) in _PARK_KINDS:
        return " ".join(words)
    return re.sub(r"\b(НОЦ|центр)\s+мирового уровня$", r"\1", label)  # «НОЦ мирового уровня»: a grade


def project_led(label: str) -> bool:
    """«проект карбонового полигона», «совместный проект по выпуску …»: a kind noun before a described name."""
    words = label.split()
    return (at := project_kind_at(words)) is not None and len(words) > at + 1 and not words[at + 1].startswith(("«", '"'))


def project_kind_at(words: list[str]) -> int | None:
    """Where the kind noun stands after adjectives only («совместный кластерный проект»; not «сам проект»)."""
    for i, word in enumerate(words[:3]):
        if lemma(word) in PROJECT_KINDS and (i == 0 or lemma(word) == "проект"):  # «Индивидуальная программа …» is a name
            return i
        if not any(p.tag.POS == "ADJF" and "Apro" not in p.tag for p in analyser().parse(word.lower())[:2]):
            return None
    return None


def generic_place(label: str) -> bool:
    """«Правительство области», «министерство … региона»: the place is a bare noun, not named."""
    words = label.split()
    if len(words) < 2 or lemma(words[-1].strip(",")) not in _GENERIC_PLACE_WORDS:
        return False
    return len(words) == 2 or not words[-2][:1].isupper()


def best_name(labels: Iterable[str], type_: str, knowledge: NameKnowledge | None = None,
              current: str | None = None, votes: dict[str, int] | None = None) -> str:
    """A node's name chosen from every form seen, by rule, not by arrival order: a gazetteer canonical
    name first; never a bare region's name or a form with a parenthesis or mixed scripts; then a form in
    the nominative that names its place (not «Правительство области»), naming its region by the region's
    canonical name and after the body (not «Нижегородское министерство …»); a person's full name rather
    than initials, initials before the surname; a project's own name rather than «проект …» or a park's
    status word; an organisation's abbreviation when its expansion is also among the forms (but a region
    body's initialism such as АВО gives way to the body's name), or its own name when a form puts a kind
    noun in front («Интергео»), the innermost such, but a managing company's «УК «X»» rather than X; a cluster's or
    project's fullest description without the region said as «в … области»; the current name breaks what remains tied,
    and among its spellings (case, quotes) the one most articles write (``votes``, graph.name_votes).  A region's
    adjective written small gets its capital."""
    forms = list(dict.fromkeys(" ".join(label.split()) for label in labels if label and label.strip()))
    knowledge = knowledge or NameKnowledge()
    person = type_ == "Official"
    described = type_ in ("Cluster", "Project")

    def region_initialism(label: str, other: str) -> bool:  # АВО = Администрация Владимирской области
        return type_ == "RegionalBody" and knowledge.names_region(other) and short_form_of(label, other)

    def shorter(label: str, other: str) -> bool:  # a project goes by its words, not their initials (ПИШ)
        if own_name_of(label, other):
            return True
        return type_ != "Project" and short_form_of(label, other) and not region_initialism(label, other)

    def rank(label: str) -> tuple:
        words = label.split()
        initials = person and any(len(w.rstrip(".")) == 1 for w in words)
        short = not person and any(shorter(label, other) for other in forms if other != label)
        has_shorter = not person and any(shorter(other, label) for other in forms if other != label)
        return (
            fold_name(label) not in knowledge.canonical,
            knowledge.region_only(label) or bool(re.match(r"(?:[Гг]ород|г\.)\s", label)),  # a place, not a body
            "(" in label or mixed_script(label) or contracted(label) or strip_trailing_legal_form(label) != label,
            not is_nominative(label),
            generic_place(label),
            type_ == "RegionalBody" and not knowledge.names_region(label),
            knowledge.other_region_name(label),
            type_ in ("RegionalBody", "FederalBody") and knowledge.region_adjective_first(label),
            person and label.isupper(),  # «АЛЕКСЕЙ КОКОРИН» from a heading
            initials,
            initials and len(words[-1].rstrip(".")) == 1,  # «Карпухин А. И.»: the surname first
            person and len(words) < 2,
            type_ == "Project" and project_led(label),
            described and drop_status(label) != label,
            any(region_initialism(label, other) for other in forms if other != label),
            type_ == "Company" and any(manages(label, other) for other in forms if other != label),
            not short,
            has_shorter,
            described and knowledge.region_locative(label),
            -len(words) if described else 0,  # the fullest description
            current is None or fold_name(label) != fold_name(current),
            fold_name(label), -(votes or {}).get(label, 0), label != current,  # spellings: most articles' first
        )

    return knowledge.usual_case(min(forms, key=rank))
