"""Word lists and shapes the mention finder reads: what names an organisation, what only describes one."""

import re

from graph.word_lists import word_set

# abbreviations whose shape says what they name: «…ГУ», «…ГТУ», «…ГЭУ» universities; «НИИ…», «ГНЦ…» institutes
SHAPED_ABBREVIATION = re.compile(r"^(?:[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ]У(?:-[А-ЯЁ]+)?|(?:НИИ|ЦНИИ|ВНИИ|ФНЦ|ФИЦ|ГНЦ)[А-ЯЁ]*)$")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.&\-]*$")
_NAME_LINK = word_set("name_link_words", "loaders.extraction")
_BOARDS = word_set("board_nouns", "loaders.extraction")
_NAMED_ONLY = word_set("named_only_heads", "loaders.extraction")  # heads that make an entity only with a quoted or capitalised name
_REGION_NOUNS = word_set("bare_region_nouns", "loaders.extraction")  # "минздрав области": the region is the story's
_REGIONAL_ADJECTIVES = word_set("regional_adjectives", "loaders.extraction")
# adjectives that make a "парк" an industrial one (ANNOTATION.md: parks and zones)
PARK_QUALIFIERS = word_set("park_qualifiers", "loaders.extraction")
# adjectives that describe, count or point rather than name: "первый промышленный кластер", "единый кластер"
_NOT_NAME_ADJECTIVES = word_set("not_name_adjectives", "loaders.extraction")
_KIND_OF_FIRM = word_set("firm_kind_nouns", "loaders.extraction")
_COMPLEMENT_PREPS = word_set("complement_prepositions", "loaders.extraction")
# bodies named by their remit: "комитет по ...", "управление по ...", "министерство по ..."
_BY_TOPIC_HEADS = word_set("by_topic_heads", "loaders.extraction")
# adjectives that say what kind of cluster, not which one: a single one of them names no cluster
GENERIC_CLUSTER_ADJECTIVES = word_set("generic_cluster_adjectives", "loaders.extraction")
_RUSSIA = word_set("russia_names", "loaders.extraction")
# verbs that credit an outlet as the source of the news: "сообщает НИА-Томск", "пишет Интерфакс"
_ATTRIBUTION = word_set("attribution_verbs", "loaders.extraction")
NAME_RUN_BREAKS = word_set("name_run_breaks", "loaders.extraction")
DESCRIPTIVE_GOVERNMENTS = word_set("descriptive_governments", "loaders.extraction")
NAME_LINK_ABBREVIATIONS = word_set("name_link_abbreviations", "loaders.extraction")
CITY_ABBREVIATIONS = word_set("city_abbreviations", "loaders.extraction")
BASE_NOUNS = word_set("base_nouns", "loaders.extraction")
NOT_REMIT_NOUNS = word_set("not_remit_nouns", "loaders.extraction")
FIELD_NOUNS = word_set("field_nouns", "loaders.extraction")
PLACE_PREPS = word_set("held_post_prepositions", "loaders.extraction")
ADJECTIVE_LINKS = word_set("adjective_links", "loaders.extraction")
BOARD_ADJECTIVES = word_set("board_adjectives", "loaders.extraction")
REMIT_COMPLEMENT_PREPS = word_set("remit_complement_prepositions", "loaders.extraction")


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
