"""Word lists and shapes the mention finder reads: what names an organisation, what only describes one."""

import re

# abbreviations whose shape says what they name: «…ГУ», «…ГТУ», «…ГЭУ» universities; «НИИ…», «ГНЦ…» institutes
SHAPED_ABBREVIATION = re.compile(r"^(?:[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ]У(?:-[А-ЯЁ]+)?|(?:НИИ|ЦНИИ|ВНИИ|ФНЦ|ФИЦ|ГНЦ)[А-ЯЁ]*)$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.&\-]*$")
_NAME_LINK = {"имя", "им"}
_BOARDS = {"совет", "правление"}
_NAMED_ONLY = {"программа", "экосистема", "платформа", "нацпроект", "госпрограмма"}  # heads that make an entity only with a quoted or capitalised name
_REGION_NOUNS = {"область", "край", "республика", "регион", "округ"}  # "минздрав области": the region is the story's
_REGIONAL_ADJECTIVES = {"областной", "краевой", "республиканский", "региональный", "городской", "окружной", "муниципальный"}
# adjectives that make a "парк" an industrial one (ANNOTATION.md: parks and zones)
PARK_QUALIFIERS = {"индустриальный", "промышленный", "технологический", "научнотехнологический", "агропромышленный",
                   "инновационный", "научный", "производственный", "технический", "химический", "фармацевтический",
                   "агроиндустриальный", "логистический", "машиностроительный", "it", "айти"}
# adjectives that describe, count or point rather than name: "первый промышленный кластер", "единый кластер"
_NOT_NAME_ADJECTIVES = {"который", "этот", "тот", "свой", "наш", "весь", "такой", "один", "другой", "каждый", "первый",
                        "второй", "третий", "новый", "единый", "крупный", "крупнейший", "будущий", "данный", "указанный",
                        "собственный", "целый", "настоящий", "нынешний", "прошлый", "следующий", "сам"}
_KIND_OF_FIRM = {"предприятие", "компания", "организация", "фирма", "производитель", "поставщик", "разработчик"}
_COMPLEMENT_PREPS = {"по", "для"}
# bodies named by their remit: "комитет по ...", "управление по ...", "министерство по ..."
_BY_TOPIC_HEADS = {"комитет", "комиссия", "управление", "агентство", "служба", "министерство", "департамент", "совет",
                   "центр", "фонд", "ассоциация", "союз", "палата", "инспекция"}
# adjectives that say what kind of cluster, not which one: a single one of them names no cluster
GENERIC_CLUSTER_ADJECTIVES = {"промышленный", "инновационный", "региональный", "территориальный", "межрегиональный",
                              "совместный", "межгосударственный", "международный", "отраслевой", "научный",
                              "образовательный", "производственный", "технологический", "российский", "федеральный",
                              "местный", "городской", "областной", "краевой", "муниципальный", "национальный",
                              "государственный", "частный", "подобный", "аналогичный", "кластерный", "полноценный",
                              "современный", "мощный", "успешный", "перспективный", "действующий", "существующий"}
_RUSSIA = {"россия", "рф", "русь", "ссср"}
# verbs that credit an outlet as the source of the news: "сообщает НИА-Томск", "пишет Интерфакс"
_ATTRIBUTION = {"сообщать", "передавать", "писать", "сообщить"}


def foreign_country(doc, j: int) -> bool:
    """Token j is a country other than Russia in the genitive, right after the name before it: "МИД Франции",
    "сборная Испании", "посольство США" (a state's name is a singular-only or abbreviated place noun)."""
    if j <= 0 or j >= len(doc.tokens) or doc.tokens[j].sentence != doc.tokens[j - 1].sentence:
        return False
    t = doc.tokens[j]
    return (t.is_capital and t.pos == "NOUN" and "Geox" in t.tags and "gent" in t.cases
            and not {"Sgtm", "Pltm", "Abbr"}.isdisjoint(t.tags) and t.lemma not in _RUSSIA)


def quoted_speech(inner: list) -> bool:
    """Quoted words that are a phrase someone said, not a name: they start in lower case and hold a verb or
    a negation, or run on for five words or more."""
    words = [t for t in inner if t.is_word]
    if not words or words[0].is_capital or not words[0].text[:1].isalpha() or not words[0].text[:1].islower():
        return False
    return len(words) >= 5 or any(t.lemma == "не" or t.pos in ("VERB", "INFN") for t in words)


def scan_keys(doc, table: dict, max_words: int, singular: bool = False):
    """Yield (i, j, value) for the longest token n-grams whose lemma key is in ``table``; ``singular``: not one
    whose noun is plural («институты сибирских отделений РАН» names no one branch)."""
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
                    head = next((x for x in doc.tokens[i : j + 1] if x.pos == "NOUN"), None)
                    if (value is not None and singular and words > 1 and head is not None and not head.is_abbr
                            and "plur" in head.tags and "sing" not in head.tags):
                        value = None
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
