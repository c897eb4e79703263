"""The choice of a node's name among every form seen (``best_name``), and the name shapes it weighs: a kind
noun or legal form before an own name, a managing company's «УК «X»», a park's status word, a project's kind
noun before a described name, a bare place noun, a form not in the nominative."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.names import (
    LEGAL_FORMS,
    NameKnowledge,
    analyser,
    fold_name,
    is_abbreviation,
    lemma,
    short_form_of,
    strip_legal_form,
)
from graph.word_lists import either_capital, word_list, word_map, word_set

_WORDS = re.compile(r"\w+")
_CYRILLIC_WORD = re.compile(r"[А-Яа-яЁё]+")

# Nouns that say what kind of thing the own name after them is, not part of it (ANNOTATION.md: the
# organisation's own short name): «компания «Интергео»», «проект «ПроЕДУ по России»», «НП «…»».
_KIND_NOUNS = word_list("kind_nouns")
_OWN_NAME_PREFIXES = word_set("own_name_prefixes")  # «НП «…»»
PROJECT_KINDS = word_set("project_kinds")
_PROJECT_KINDS_AFTER_ADJECTIVES = word_set("project_kinds_after_adjectives")
_COUNTRY = word_set("country_words")
# Status words in front of a park's kind noun: «региональный технопарк …» is the «технопарк …».
_STATUS = word_list("status_stems")
_PARK_KINDS = word_set("park_kinds")
# Contracted words written for two (ANNOTATION.md compares full words).
CONTRACTIONS = word_map("contractions")
# Words that praise a park or project rather than name it: «масштабный промпарк «Энем»» is «промпарк «Энем»».
_PRAISE = word_list("praise_stems")
# A centre's grade after its noun: «НОЦ мирового уровня» is the «НОЦ».
_GRADE = re.compile(r"\b(" + "|".join(map(re.escape, word_list("graded_nouns"))) + r")\s+(?:"
                    + "|".join(map(re.escape, word_list("grades"))) + r")$")
# A city's noun in front of its name («город Томск», «г. Томск»), as a regex.
CITY_NOUN = "(?:" + "|".join([*map(either_capital, word_list("city_words")), *map(re.escape, word_list("city_abbreviations"))]) + ")"
_MANAGING_ABBREVIATIONS = word_set("managing_abbreviations")
_MANAGING_STEMS = word_list("managing_stems")
# Legal forms written after a foreign name: «Praxair Inc» is «Praxair».
_TRAILING_LEGAL = re.compile(r"[\s,]+(?:Inc|Ltd|LLC|GmbH|AG|Corp|Co|S\.A|SA|PLC|Limited|Corporation)\.?$")
# Place nouns that, without a proper name before them, stand for a place the text said elsewhere.
GENERIC_PLACE_WORDS = word_set("generic_place_words")


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


def own_name_of(own: str, full: str) -> bool:
    """``full`` is ``own`` with a kind noun or legal form in front («компания «Интергео»»), not «УК «X»»."""
    own_key, full_key = fold_name(own), fold_name(full.replace("«", " ").replace("»", " "))
    head = full_key[: -len(own_key)].split()
    if not own_key or not full_key.endswith(" " + own_key) or managing_head(head):
        return False
    lemmas = [lemma(word) for word in head]
    if all(w in _COUNTRY for w in lemmas):  # «Российская Федерация «Развитие образования»»: the country in front
        return True
    return any(w in _KIND_NOUNS for w in lemmas) or all(w.upper() in LEGAL_FORMS or w in _OWN_NAME_PREFIXES for w in head)


def managing_head(words: list[str]) -> bool:
    """«УК», «управляющая компания» in front of an own name: a separate ``Company`` (ANNOTATION.md)."""
    return bool(words) and (words[0] in _MANAGING_ABBREVIATIONS or words[0].startswith(_MANAGING_STEMS))


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
    return _GRADE.sub(r"\1", label)  # «НОЦ мирового уровня»: a grade


def project_led(label: str) -> bool:
    """«проект карбонового полигона», «совместный проект по выпуску …»: a kind noun before a described name."""
    words = label.split()
    return (at := project_kind_at(words)) is not None and len(words) > at + 1 and not words[at + 1].startswith(("«", '"'))


def project_kind_at(words: list[str]) -> int | None:
    """Where the kind noun stands after adjectives only («совместный кластерный проект»; not «сам проект»)."""
    for i, word in enumerate(words[:3]):
        if lemma(word) in PROJECT_KINDS and (i == 0 or lemma(word) in _PROJECT_KINDS_AFTER_ADJECTIVES):  # «Индивидуальная программа …» is a name
            return i
        if not any(p.tag.POS == "ADJF" and "Apro" not in p.tag for p in analyser().parse(word.lower())[:2]):
            return None
    return None


def generic_place(label: str) -> bool:
    """«Правительство области», «министерство … региона»: the place is a bare noun, not named."""
    words = label.split()
    if len(words) < 2 or lemma(words[-1].strip(",")) not in GENERIC_PLACE_WORDS:
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
            knowledge.region_only(label) or bool(re.match(CITY_NOUN + r"\s", label)),  # a place, not a body
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
