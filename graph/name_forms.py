"""Canonical forms derived from a name as written, by rule (ANNOTATION.md: nominative, the own short name,
a region named by its canonical name, a person as initials or first name before the surname).

Resolution adds these forms to an entity's aliases before matching, so that a node's name can be chosen
among them (graph.name_choice.best_name) and the next article written in the canonical form finds the node.
"""

from __future__ import annotations

import re

from graph.model import Entity, EntityType
from graph.name_choice import (
    CITY_NOUN,
    CONTRACTIONS,
    GENERIC_PLACE_WORDS,
    drop_status,
    project_kind_at,
    project_led,
    strip_trailing_legal_form,
)
from graph.names import LOCATIVE_PREPOSITIONS, NameKnowledge, analyser, lemma, lemma_words
from graph.word_lists import either_capital, word_list, word_map, word_set

# Region bodies whose name takes the region in the genitive: «Департамент промышленности … Курганской области».
_BODY_HEADS = word_set("region_body_heads")
# A place noun standing for the article's region: «Правительство области», «министерство … региона».
_GENERIC_PLACES = word_set("region_place_words")
_MUNICIPAL = word_set("municipal_words")
# Kind phrases with a usual abbreviation: «Особая экономическая зона «Тольятти»» → «ОЭЗ «Тольятти»».
_KIND_ABBREVIATIONS = {tuple(phrase.split()): short for phrase, short in word_map("kind_abbreviations").items()}
_CITY_BODY = word_list("city_body")[0]  # a city named as a party stands for its administration
_COUNTRY_GENITIVES = tuple(" " + country for country in word_list("country_genitives"))
# A group's kind word after its name: «УГМК-Холдинг» ~ «УГМК».
_GROUP_KIND = re.compile(r"[\s-](?:" + "|".join(map(either_capital, word_list("group_kind_words"))) + r")$")
# Contracted words that join nodes, each with its full form: «промпарк» ~ «промышленный парк».
_JOINED_CONTRACTIONS = tuple(
    (re.compile(rf"(?<!\w)([{short[:1].upper()}{short[:1]}]){re.escape(short[1:])}(?!\w)"), r"\g<1>" + full[1:])
    for short, full in word_map("joined_contractions").items()
)
_DATIVE_PREPOSITIONS = word_set("dative_prepositions")  # «проект по производству …»
_CONJUNCTIONS = word_set("conjunctions")
_LATIN_TWINS = str.maketrans("АВЕКМНОРСТХаеорсухі", "ABEKMHOPCTXaeopcyxi")
_CYRILLIC_TWINS = str.maketrans("ABEKMHOPCTXaeopcyx", "АВЕКМНОРСТХаеорсух")


def derived_forms(label: str, type_: str, knowledge: NameKnowledge, region: str | None = None) -> list[str]:
    """Canonical forms of ``label`` other than itself; ``region`` is the canonical name of the entity's (or
    its article's one) region, used to complete «Правительство области»-like names."""
    out: list[str] = []
    text = " ".join(label.split())
    fixed = fix_mixed_script(text)
    text = fixed
    text = _expand_contractions(text)
    text = strip_trailing_legal_form(text)
    if type_ == "Official":
        if text.isupper():  # «АЛЕКСЕЙ КОКОРИН»: a heading's capitals
            text = " ".join(w.capitalize() if len(w.rstrip(".")) > 1 else w for w in text.split())
        out.append(initials_first(text))

    if type_ == "RegionalBody":
        text = canonical_region(text, knowledge)
        if region:
            text = complete_region(text, region, knowledge)
    city = re.fullmatch(CITY_NOUN + r"\s+([А-ЯЁ][\w-]+)", text)
    if city and type_ != "Official":  # a city named as a party stands for its administration (ANNOTATION.md)
        out.append(f"{_CITY_BODY} {inflect_phrase(city.group(1), 'gent')}")
    if type_ == "FederalBody" and not knowledge.labels_of(text):
        for country in _COUNTRY_GENITIVES:
            canonical = knowledge.canonical_of(text + country)
            if canonical:
                out.append(canonical)
                break
    if type_ in ("Cluster", "Project"):
        text = drop_region_locative(text, knowledge)
        text = drop_status(text)
    if type_ == "Project":
        out.append(project_own_name(text))
    out.append(_kind_abbreviation(text))
    out.append(text)
    return [form for form in dict.fromkeys(out) if form and form != label]


def join_forms(label: str, type_: str) -> list[str]:
    """Other ways to write the same name that join nodes but are never chosen as a name (the annotation
    keeps either): «УГМК-Холдинг» ~ «УГМК» (a group's kind word after its name), «промпарк» ~ «промышленный
    парк»."""
    out = []
    if type_ in ("Company", "Organization"):
        out.append(_GROUP_KIND.sub("", label))
    joined = label
    for contraction, full in _JOINED_CONTRACTIONS:
        joined = contraction.sub(full, joined)
    out.append(joined)
    return [form for form in dict.fromkeys(out) if form != label]


def fix_mixed_script(label: str) -> str:
    """Each mixed word in the script most of its letters are in, when the look-alike letters allow it."""
    words = []
    for word in label.split(" "):
        latin, cyrillic = len(re.findall(r"[A-Za-z]", word)), len(re.findall(r"[А-Яа-яЁё]", word))
        if latin and cyrillic:
            word = word.translate(_LATIN_TWINS if latin >= cyrillic else _CYRILLIC_TWINS)
        words.append(word)
    return " ".join(words)


def _expand_contractions(label: str) -> str:
    def full(match: re.Match) -> str:
        word = match.group(0)
        expanded = CONTRACTIONS[word.lower()]
        return expanded[:1].upper() + expanded[1:] if word[:1].isupper() else expanded

    pattern = r"(?<!\w)(?:" + "|".join(CONTRACTIONS) + r")(?!\w)"
    return re.sub(pattern, full, label, flags=re.IGNORECASE)


def initials_first(label: str) -> str:
    """«Карпухин А. И.» → «А. И. Карпухин»; «А.И. Карпухин» → «А. И. Карпухин»."""
    words = re.sub(r"(?<=\b[А-ЯЁA-Z]\.)(?=[А-ЯЁA-Z]\.)", " ", label).split()
    initials = [w for w in words if re.fullmatch(r"[А-ЯЁA-Z]\.", w)]
    rest = [w for w in words if w not in initials]
    if not initials or len(rest) != 1:
        return label
    return " ".join([*initials, *rest])


def _case_like(word: str, model: str) -> str:
    """``word`` with the capitals of ``model`` at the start of each hyphenated part (Западно-Сибирский)."""
    parts, models = word.split("-"), model.split("-")
    if len(parts) != len(models):
        models = [model] * len(parts)
    return "-".join(p[:1].upper() + p[1:] if m[:1].isupper() else p for p, m in zip(parts, models, strict=True))


def inflect_phrase(phrase: str, case: str) -> str:
    """A nominative name phrase in another case: adjectives and the first noun change, the rest stays
    («Республика Татарстан» → «Республики Татарстан», «Кемеровская область» → «Кемеровской области»)."""
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        parses = [p for p in analyser().parse(word.lower()) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")]
        if not parses:
            out.extend(words[i:])
            break
        parse = parses[0]
        inflected = parse.inflect({case})
        out.append(_case_like(inflected.word, word) if inflected else word)
        if parse.tag.POS == "NOUN":
            out.extend(words[i + 1 :])
            break
    return " ".join(out)


def _region_spans(words: list[str], knowledge: NameKnowledge):
    """(start, end, token) of each region named in ``words``, the longest name first."""
    if not knowledge.regions:
        return
    widest = max(len(key) for key in knowledge.regions) + 1  # a dash between words («Осетия — Алания») is a word here
    i = 0
    while i < len(words):
        for size in range(min(widest, len(words) - i), 0, -1):
            key = tuple(w for part in words[i : i + size] for w in lemma_words(part))
            token = knowledge.regions.get(key) if key else None
            if token:
                yield i, i + size, key
                i += size
                break
        else:
            i += 1


def canonical_region(label: str, knowledge: NameKnowledge) -> str:
    """A body's region named another way, put as the region's canonical name in the genitive:
    «Правительство Кузбасса» → «Правительство Кемеровской области», «… РТ» → «… Республики Татарстан»."""
    words = label.split()
    for start, end, key in reversed(list(_region_spans(words, knowledge))):
        name = knowledge.region_canonical.get(knowledge.regions[key])
        if start == 0 or key in knowledge.region_names or not name:
            continue
        words[start:end] = inflect_phrase(name, "gent").split()
    return " ".join(words)


def complete_region(label: str, region: str, knowledge: NameKnowledge) -> str:
    """A region body that names no place gets its region: «Правительство области» → «Правительство Воронежской
    области», «Департамент промышленности …» → «… Курганской области» (the region the article is about)."""
    words = label.split()
    lemmas = [lemma(w.strip(",«»\"")) for w in words]
    if not words or lemmas[0] not in _BODY_HEADS or list(_region_spans(words, knowledge)):
        return label
    if any(w[:1].isupper() for w in words[1:]) and lemmas[-1] not in _GENERIC_PLACES:
        return label  # a proper name inside: not a bare region body
    genitive = inflect_phrase(region, "gent")
    if lemmas[-1] in _GENERIC_PLACES:
        return " ".join([*words[:-1], genitive])
    if any(w in GENERIC_PLACE_WORDS or w in _MUNICIPAL for w in lemmas):
        return label  # «… города», «… администрации», «городской …»: a municipality's body, not the region's
    return f"{label} {genitive}"


def drop_region_locative(label: str, knowledge: NameKnowledge) -> str:
    """«кластер фармацевтической промышленности в Ярославской области» → «кластер фармацевтической
    промышленности»: the region is the cluster's attribute, not part of its described name."""
    words = label.split()
    for start, end, _ in reversed(list(_region_spans(words, knowledge))):
        if start >= 2 and words[start - 1].lower() in LOCATIVE_PREPOSITIONS and not any(c in "«»\"" for c in words[start - 2]):
            del words[start - 1 : end]
    return " ".join(words)


def _kind_abbreviation(label: str) -> str:
    words = label.split()
    for kind, short in _KIND_ABBREVIATIONS.items():
        size = len(kind)
        head = tuple(w for word in words[:size] for w in lemma_words(word))
        if len(words) > size and head == kind and "nomn" in analyser().parse(words[size - 1].lower())[0].tag:
            return " ".join([short, *words[size:]])
    return label


def project_own_name(label: str) -> str:
    """«проект создания и развития технопарка» → «создание и развитие технопарка», «проект карбонового
    полигона» → «карбоновый полигон»: the genitive head and the words agreeing with it in the nominative."""
    if not project_led(label):
        return label
    words = label.split()
    words = words[project_kind_at(words) + 1 :]
    case = "gent"
    if words[0].lower() in _DATIVE_PREPOSITIONS and len(words) > 1:  # «проект по производству и реализации …»
        case, words = "datv", words[1:]
    out, head, i = [], None, 0
    while i < len(words):
        word = words[i]
        parses = [p for p in analyser().parse(word.lower()) if case in p.tag and p.tag.POS in ("NOUN", "ADJF")]
        if head is None and parses and parses[0].tag.POS == "ADJF":
            out.append(word)  # an adjective: inflected once its noun is known
        elif parses and parses[0].tag.POS == "NOUN":
            noun = next(p for p in parses if p.tag.POS == "NOUN")
            nominative = noun.inflect({"nomn"})
            out.append(_case_like(nominative.word, word) if nominative else word)
            if head is None:
                head = noun
                out = [_agree(w, head, case) for w in out[:-1]] + out[-1:]
            if i + 2 < len(words) and words[i + 1] in _CONJUNCTIONS:
                out.append(words[i + 1])
                i += 2
                continue
            out.extend(words[i + 1 :])
            break
        else:
            return label
        i += 1
    return " ".join(out) if head is not None and len(out) > 1 else label  # «развитие» alone names nothing


def _agree(word: str, head, case: str = "gent") -> str:
    grammemes = {"nomn", head.tag.number or "sing"}
    if head.tag.number != "plur" and head.tag.gender:
        grammemes.add(head.tag.gender)
    for parse in analyser().parse(word.lower()):
        if parse.tag.POS == "ADJF" and case in parse.tag:
            inflected = parse.inflect(grammemes)
            if inflected:
                return _case_like(inflected.word, word)
    return word


def region_of_article(entities: list[Entity], knowledge: NameKnowledge) -> str | None:
    """The canonical name of the one region the article's entities carry, or else the one its names say."""
    regions = {e.attributes["region"] for e in entities if e.attributes.get("region")}
    if not regions:  # no entity carries one: the regions the article's names say («Курганский … комплекс»)
        tokens = {w for e in entities for label in [e.name, *e.aliases]
                  for w in knowledge.region_first(knowledge.region_tokens(label)) if w.startswith("§")}
        regions = {knowledge.region_canonical[t] for t in tokens if t in knowledge.region_canonical}
    return next(iter(regions)) if len(regions) == 1 else None


def with_derived_forms(entities: list[Entity], knowledge: NameKnowledge) -> list[Entity]:
    """Each entity with the canonical forms its names give by rule (derived_forms) among its aliases; a
    region body that names no place is completed with its region, or the article's when it has one."""
    article_region = region_of_article(entities, knowledge)
    out = []
    for entity in entities:
        region = entity.attributes.get("region") or article_region
        labels = [entity.name, *entity.aliases]
        extra = [form for label in labels for form in derived_forms(label, entity.type.value, knowledge, region)]
        extra = [form for form in dict.fromkeys(extra) if form not in labels]
        out.append(entity.model_copy(update={"aliases": [*entity.aliases, *extra]}) if extra else entity)
    return out


def join_generic(entities: list[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """«Администрация города» in an article that names one city administration («Администрация
    Железногорска») is that body: its mentions go there.  The generic name is not kept as an alias, so
    that another article's «Администрация города» never lands on this city's node."""
    def head(entity: Entity) -> str:
        words = lemma_words(entity.name)
        return words[0] if words else ""

    def generic(entity: Entity) -> bool:
        words = lemma_words(entity.name)
        return len(words) >= 2 and all(w in GENERIC_PLACE_WORDS for w in words[1:])

    bodies = [e for e in entities if e.type is EntityType.REGIONAL_BODY]
    remap: dict[str, str] = {}
    into: dict[str, Entity] = {}
    for entity in bodies:
        if not generic(entity):
            continue
        named = [o for o in bodies if o is not entity and not generic(o) and head(o) == head(entity)]
        if len(named) == 1:
            target = into.setdefault(named[0].id, named[0].model_copy(deep=True))
            target.mentions = target.mentions + entity.mentions
            remap[entity.id] = target.id
    kept = [into.get(e.id, e) for e in entities if e.id not in remap]
    return kept, remap
