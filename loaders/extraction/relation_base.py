"""What the relation rules share: the drafts they produce, the view of a sentence, cue word sets and the tests of
which mentions may be a party ("вуз" standing for the article's university, a post's organisation, a host)."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.word_lists import word_map, word_set
from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention

ORG_TYPES = {"Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization", "Cluster"}
MEMBER_TYPES = {"Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization"}
_ANAPHORS = word_map("anaphor_kinds", "loaders.extraction")  # "кластер" → Cluster, "технопарк" → Project


# cues strong enough to point at the cluster of the sentence before ("вовлечение вузов, в частности X")
_CARRY_OVER = word_set("carried_over_cues", "loaders.extraction")
_BREAKS = {",", ":", ";", "—", "–", "(", ")"}
_DECREES = word_set("decree_nouns", "loaders.extraction")
_CREATION = word_set("creation_words", "loaders.extraction")
_COOPERATION_TOPICS = word_set("cooperation_topics", "loaders.extraction")
# membership words that point at the article's cluster (or project) even when the sentence names none
_MAIN_TARGET = word_set("main_target_cues", "loaders.extraction")
# a sentence that goes on with the list of the sentence before: "Речь идёт об …", "Среди них …", "В их числе …"
_LIST_GOES_ON = word_set("list_going_on_openers", "loaders.extraction")
# a sentence opening with a pronoun ("Он включает…", "В него вошли…") goes on about the cluster just named
_BACK_PRONOUNS = word_set("back_pronouns", "loaders.extraction")
# a common noun standing for the article's main body of a type when no name follows it ("кубанский вуз
# совместно с компаниями …", "соглашение между правительством края и данным предприятием")
GENERIC_PARTIES = word_map("generic_party_kinds", "loaders.extraction")
_AGREEMENTS = word_set("agreement_documents", "loaders.extraction")
_AUTHORITIES = {"FederalBody", "RegionalBody"}
_HOSTING_ROLES = word_set("hosting_roles", "loaders.extraction")  # "резиденты ОЭЗ X": X hosts them
_BELONGING = word_set("belonging_words", "loaders.extraction")  # "входящими в Госкорпорацию"
# "предприятия Камского кластера (ООО «А», ООО «Б»)", "участники кластера — А и Б": the list names its members
_MEMBER_NOUNS = word_set("member_nouns", "loaders.extraction")


@dataclass
class _At:
    """A body referred to at a token by a common noun (a stand-in for a Mention)."""

    i: int
    entity: int


@dataclass
class RelationDraft:
    type: str
    source: int
    target: int
    sentence: int
    confidence: float
    post: str = ""
    extractor: str = "rules"


@dataclass
class SentenceView:
    """What the rules see in one sentence: mentions resolved to entity indices."""

    index: int
    lemmas: list[str]
    orgs: list[Mention] = field(default_factory=list)
    people: list[Mention] = field(default_factory=list)


def generic_parties(doc: Document, view: SentenceView, main: dict, topic_from: int | None = None) -> list[tuple[int, int]]:
    """(token, entity) for each singular common noun of GENERIC_PARTIES that names no body itself: not inside a
    mention or a post, not the descriptor of a name right after it ("с компаниями «A»"), not in the topic."""
    sent = doc.sentences[view.index]
    spans = [(m.i, m.j) for m in view.orgs] + [p.post_span for p in view.people if p.post_span]
    out = []
    for k in range(sent.first_token, sent.last_token):
        t = doc.tokens[k]
        kind = GENERIC_PARTIES.get(t.lemma)
        if kind is None or kind not in main or "plur" in t.tags or (topic_from is not None and k > topic_from):
            continue
        if any(i <= k < j for i, j in spans) or any(_descriptor(doc, k, m.i) for m in view.orgs):
            continue
        out.append((k, main[kind]))
    return out


def _hosted_by(doc: Document, m: Mention) -> bool:
    """The mention is the genitive after "резиденты", "участниками": the host, not a member ("в списке резидентов
    ТюмГУ" names a member: the cue itself is in the genitive there)."""
    cue = doc.before_quotes(m.i)
    return cue is not None and cue.lemma in _HOSTING_ROLES and "plur" in cue.tags and "gent" not in cue.cases


def _descriptor(doc: Document, k: int, start: int) -> bool:
    """The noun at k introduces the name at start: only quotes and adjectives between them."""
    return k < start <= k + 4 and all(t.is_quote or t.pos in ("ADJF", "PRTF") for t in doc.tokens[k + 1 : start])


def _inside_post(m: Mention, view: SentenceView) -> bool:
    return any(p.post_span and p.post_span[0] <= m.i < p.post_span[1] for p in view.people)


def _governed_by_membership(doc: Document, m: Mention) -> bool:
    """ "предприятиями ОПК, входящими в Госкорпорацию «Ростех»": the body a party belongs to is no party itself."""
    words = [t for t in doc.tokens[max(0, m.i - 3) : m.i] if t.sentence == m.sentence and t.is_word]
    return any(t.lemma in _BELONGING for t in words) or (len(words) >= 2 and words[-2].text.lower() == "в" and words[-1].lemma == "состав")
