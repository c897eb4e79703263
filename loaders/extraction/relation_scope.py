"""Which mentions a relation cue governs: bodies named only as a news source or a venue are no party, a relative
clause ("…, учредителями которого выступили A и B") binds its members to the body before it, and an apposition
("A, партнёр B, …") relates the two bodies it joins."""

from __future__ import annotations

from itertools import pairwise

from graph.word_lists import word_list, word_set
from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention
from loaders.extraction.relation_base import _AGREEMENTS, _COOPERATION_TOPICS

# "сообщили в X", "как сообщает X", "пресс-служба X", "по данным X": X tells the news, it takes no part in it
_SOURCE_WORDS = word_set("source_words", "loaders.extraction")
# "прошла в здании X", "в стенах X", "в офисе X": X is where it happened
_VENUE_WORDS = word_set("venue_words", "loaders.extraction")
_PREPOSITIONS = word_set("source_prepositions", "loaders.extraction")
_IN = word_set("in_prepositions", "loaders.extraction")
_ABOUT = word_set("about_prepositions", "loaders.extraction")
# "учредителями которого выступили", "участниками которой стали", "в состав которого вошли"
_RELATIVE_CUES = word_set("relative_cues", "loaders.extraction")
_CLAUSE_END = {";", "(", ")"}
# "вошли в делегацию", "вошёл в рейтинг", "заявка на участие": the cue joins a list, a ranking or an application
_NOT_BODIES = word_set("list_nouns", "loaders.extraction")
_JOIN_CUES = word_set("join_cues", "loaders.extraction")
_MEMBER_WORDS = word_set("member_words", "loaders.extraction")
_BODY_WORDS = word_set("body_words", "loaders.extraction")
_CLUSTER_TOPICS = word_set("cluster_topic_nouns", "loaders.extraction")  # "соглашение о создании кластера"
# "(инициатор проекта A, участники проекта – B, C)": the roles of the bodies doing one project
# "для резидентов", "с участниками", "к членам": a deed done for or with the holders of a role
_ADDRESSING = word_set("addressing_prepositions", "loaders.extraction")
_ROLE_NOUNS = word_set("role_nouns", "loaders.extraction")
_ROLES = word_set("project_roles", "loaders.extraction")
# "A, B и C", "A, а также B": what may stand between the parties listed after an agreement
_PARTY_JOINERS = frozenset({","}) | word_set("party_conjunctions", "loaders.extraction")
_DEMONSTRATIVES = word_set("demonstratives", "loaders.extraction")  # "в том числе" is no list


def is_non_party(doc: Document, m: Mention) -> bool:
    """The mention is a news source or a venue: "по данным X", "сообщили в X", "в здании X"."""
    k = m.i - 1
    while k >= 0 and doc.tokens[k].sentence == m.sentence and (doc.tokens[k].is_quote or doc.tokens[k].pos in ("ADJF", "PRTF")):
        k -= 1
    if k < 0 or doc.tokens[k].sentence != m.sentence:
        return False
    word = doc.tokens[k]
    if word.lemma in _VENUE_WORDS:
        return True
    if word.lemma in _PREPOSITIONS and k >= 1 and doc.tokens[k - 1].sentence == m.sentence:
        word = doc.tokens[k - 1]  # "сообщили в X"
        return word.lemma in _SOURCE_WORDS and word.pos in ("VERB", "INFN")
    if word.lemma == "данные":
        return k >= 1 and doc.tokens[k - 1].text.lower() == "по"
    return word.lemma in _SOURCE_WORDS


def relative_members(doc: Document, sentence: int, orgs: list[Mention], types: list[str],
                     member_types: set[str]) -> tuple[int, list[int]] | None:
    """ "Союз кластеров, учредителями которого выступили A, кластер Б и В": (the body before "который", the
    members named after the cue, clusters included), or None. A body that is no cluster or project ("совет
    кластера, в состав которого войдут …") is left to the caller, who knows what the sentence is about."""
    sent = doc.sentences[sentence]
    for k in range(sent.first_token + 1, sent.last_token):
        if doc.tokens[k].lemma != "который":
            continue
        around = {doc.tokens[n].lemma for n in range(max(sent.first_token, k - 2), min(sent.last_token, k + 2))}
        if not around & _RELATIVE_CUES:
            continue
        before = [m for m in orgs if m.entity >= 0 and m.j <= k and all(
            not doc.tokens[n].is_word or doc.tokens[n].lemma in _RELATIVE_CUES | _IN for n in range(m.j, k))]
        if not before:
            continue
        body = before[-1].entity
        end = next((n for n in range(k, sent.last_token) if doc.tokens[n].text in _CLAUSE_END), sent.last_token)
        members = [m.entity for m in orgs if m.entity >= 0 and k < m.i < end and m.entity != body
                   and (types[m.entity] in member_types or types[m.entity] == "Cluster")]
        return body, list(dict.fromkeys(members))
    return None


def partner_appositions(doc: Document, sentence: int, orgs: list[Mention], types: list[str],
                        member_types: set[str]) -> list[tuple[str, int, int]]:
    """ "A, партнёр B, выпускает …", "A — партнёр B": (relation, A, B); a partner of a cluster or project takes
    part in it, a partner of a firm cooperates with it."""
    sent = doc.sentences[sentence]
    out = []
    ordered = sorted((m for m in orgs if m.entity >= 0), key=lambda m: m.i)
    for a, b in pairwise(ordered):
        between = [t for t in doc.tokens[a.j : b.i] if not t.is_quote]
        words = [t for t in between if t.is_word]
        if not between or between[0].text not in {",", "—", "–"} or len(words) > 3 or b.j > sent.last_token:
            continue
        if not words or words[-1].lemma != "партнер":
            continue
        if types[a.entity] not in member_types:
            continue
        if types[b.entity] in ("Cluster", "Project"):
            out.append(("PARTICIPATES_IN", a.entity, b.entity))
        elif types[b.entity] in member_types:
            out.append(("COOPERATES_WITH", a.entity, b.entity))
    return out


def cluster_topic(doc: Document, sentence: int, orgs: list[Mention], types: list[str]) -> list[int] | None:
    """ "соглашение о создании кластера X", "соглашения о вступлении в кластер": the clusters the agreement is
    about (maybe none named), or None when its topic is no cluster."""
    sent = doc.sentences[sentence]
    at = next((k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in _AGREEMENTS), None)
    if at is None:
        return None
    topic = next((k for k in range(at + 1, min(at + 4, sent.last_token)) if doc.tokens[k].text.lower() in _ABOUT), None)
    if topic is None:
        return None
    end = next((k for k in range(topic, sent.last_token) if doc.tokens[k].text in {";", ":"} or doc.tokens[k].lemma == "между"),
               sent.last_token)
    clusters = [m.entity for m in orgs if m.entity >= 0 and topic < m.i < end and types[m.entity] == "Cluster"]
    if clusters or any(doc.tokens[k].lemma in _CLUSTER_TOPICS for k in range(topic, end)):
        return list(dict.fromkeys(clusters))
    return None


def not_membership(doc: Document, sentence: int, cues: set[str]) -> set[str]:
    """The joining cues of the sentence that join no body: "в делегацию вошли", "вошёл в топ-10", "заявка на
    участие в отборе"; "в число участников кластера вошли" still joins one."""
    sent = doc.sentences[sentence]
    toks = doc.tokens[sent.first_token : sent.last_token]
    addressed = _addressed_roles(toks, cues)
    # "в делегацию кластера" is still a delegation: only a member word ("в число участников") makes it a membership
    lists = [k for k, t in enumerate(toks) if _list_noun(t.lemma) and _joined_into(toks, k)
             and not any(u.lemma in _MEMBER_WORDS - _BODY_WORDS for u in toks[k + 1 : k + 4])]
    if not lists:
        return addressed
    out = set(addressed)
    for k, t in enumerate(toks):
        if t.lemma in cues & _JOIN_CUES and any(abs(n - k) <= 10 for n in lists) and not any(
                u.lemma in _MEMBER_WORDS for u in toks[max(0, k - 2) : k] + _up_to_list(toks[k + 1 : k + 4])):
            out.add(t.lemma)
    return out


def _addressed_roles(toks, cues: set[str]) -> set[str]:
    """ "для резидентов технопарка", "встреча с участниками кластера": the role noun is what a deed is for or with,
    not a membership told; a role lemma counts as a cue only where no such preposition governs it."""
    out = set()
    for lemma in cues & _ROLE_NOUNS:
        at = [k for k, t in enumerate(toks) if t.lemma == lemma]
        if at and all(_after_addressing(toks, k) for k in at):
            out.add(lemma)
    return out


def _after_addressing(toks, k: int) -> bool:
    n = k - 1
    while n >= 0 and toks[n].pos in ("ADJF", "PRTF", "NUMR"):
        n -= 1
    return n >= 0 and toks[n].text.lower() in _ADDRESSING


def _up_to_list(words):
    """The words after a cue up to a list noun: "участие в отборе кластера" takes part in a selection, not the cluster."""
    n = next((x for x, u in enumerate(words) if _list_noun(u.lemma)), len(words))
    return words[:n]


def listed_parties(doc: Document, sentence: int, orgs: list[Mention], types: list[str], party_types: set[str]) -> list[int]:
    """ "реализация Соглашения о сотрудничестве A, B и C", "меморандум о партнёрстве A и B": the bodies listed
    right after the agreement's cooperation topic are its parties (no verb needed)."""
    sent = doc.sentences[sentence]
    for k in range(sent.first_token, sent.last_token - 2):
        if doc.tokens[k].lemma not in _AGREEMENTS or doc.tokens[k + 1].text.lower() not in _ABOUT:
            continue
        if doc.tokens[k + 2].lemma not in _COOPERATION_TOPICS:
            continue
        at, parties = k + 3, []
        for m in sorted((m for m in orgs if m.entity >= 0 and m.i >= k + 3), key=lambda m: m.i):
            gap = [t for t in doc.tokens[at : m.i] if not t.is_quote]
            if any(t.text not in _PARTY_JOINERS for t in gap) or types[m.entity] not in party_types:
                break
            parties.append(m.entity)
            at = m.j
        if len(set(parties)) >= 2:
            return list(dict.fromkeys(parties))
    return []


def bracket_roles(doc: Document, sentence: int, orgs: list[Mention], types: list[str],
                  member_types: set[str]) -> list[tuple[int | None, list[int]]]:
    """ "«Выпуск реле» (инициатор проекта A, участники проекта – B, C)": (the project before the bracket or None,
    the bodies named in it), one per bracket that opens with a role word."""
    sent = doc.sentences[sentence]
    out = []
    for k in range(sent.first_token, sent.last_token - 1):
        if doc.tokens[k].text != "(" or doc.tokens[k + 1].lemma not in _ROLES:
            continue
        end = next((n for n in range(k + 1, sent.last_token) if doc.tokens[n].text == ")"), sent.last_token)
        parties = [m.entity for m in orgs if m.entity >= 0 and k < m.i < end and types[m.entity] in member_types]
        before = [m for m in orgs if m.entity >= 0 and types[m.entity] == "Project" and m.j <= k
                  and all(doc.tokens[n].is_quote for n in range(m.j, k))]
        out.append((before[-1].entity if before else None, list(dict.fromkeys(parties))))
    return out


def _list_noun(lemma: str) -> bool:
    """ "делегация", "рейтинг", and "топ-10", "топ-100" (the count written into the word)."""
    return lemma in _NOT_BODIES or lemma.split("-")[0] in _NOT_BODIES


def _joined_into(toks, k: int) -> bool:
    """ "в делегацию", "в первую десятку рейтинга": the list is what one goes into ("в том числе" is no list);
    an application needs no preposition."""
    if toks[k].lemma == "заявка":
        return True
    n = k - 1
    while n >= 0 and toks[n].pos in ("ADJF", "PRTF", "NUMR") and toks[n].lemma not in _DEMONSTRATIVES:
        n -= 1
    return n >= 0 and toks[n].text.lower() in _IN


# ", а …", ", но …": a new clause with its own subject and verb; a cue in one clause governs no body of the other
_CLAUSE_OPENERS = word_set("clause_openers", "loaders.extraction")
_LIST_GOES_ON_WORDS = word_set("list_continuers", "loaders.extraction")


def cue_clauses(doc: Document, sentence: int, cues: set[str], skip: frozenset[int] = frozenset()) -> list[tuple[int, int]] | None:
    """The token spans of the sentence's clauses that hold a cue (the tokens in ``skip`` aside), or None when the
    sentence is one clause or no clause holds one (nothing to narrow)."""
    sent = doc.sentences[sentence]
    cuts = [sent.first_token]
    for k in range(sent.first_token + 1, sent.last_token - 1):
        if doc.tokens[k].text == "," and doc.tokens[k + 1].text.lower() in _CLAUSE_OPENERS \
                and (k + 2 >= sent.last_token or doc.tokens[k + 2].text.lower() not in _LIST_GOES_ON_WORDS):  # ", а также C" goes on with the list
            cuts.append(k + 1)
    if len(cuts) == 1:
        return None
    spans = list(zip(cuts, cuts[1:] + [sent.last_token], strict=True))
    held = [(a, b) for a, b in spans if any(doc.tokens[k].lemma in cues and k not in skip for k in range(a, b))]
    return held or None


def in_clauses(at: int, clauses: list[tuple[int, int]] | None) -> bool:
    return clauses is None or any(a <= at < b for a, b in clauses)


# nouns that relate the body they describe to another ("дочерняя компания А", "филиал А", "резидент А")
_RELATIONAL = word_set("relational_nouns", "loaders.extraction")
# "входит в холдинг «Швабе»", "вошло в структуру госкорпорации": a body that is no cluster takes the joiner in
_OWNER_NOUNS = word_set("owner_nouns", "loaders.extraction")
_FRAME_NOUNS = word_set("frame_nouns", "loaders.extraction")
_FRAMES = word_set("membership_frames", "loaders.extraction")  # "в рамках", "в составе"


def joins_other_body(doc: Document, sentence: int, orgs: list[Mention], types: list[str], cues: set[str]) -> set[str]:
    """The joining cues of the sentence whose every use joins a body that is no cluster or project ("АО «А» входит
    в холдинг «Б»"), so they cannot point at the article's cluster either."""
    sent = doc.sentences[sentence]
    starts = {m.i: m for m in orgs if m.entity >= 0}
    out = set()
    for lemma in cues & _JOIN_CUES - {"участие"}:
        uses = [k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma == lemma]
        if uses and all(_joined_owner(doc, k, sent.last_token, starts, types) for k in uses):
            out.add(lemma)
    return out


def _joined_owner(doc: Document, k: int, last: int, starts: dict[int, Mention], types: list[str]) -> bool:
    n = k + 1
    if n >= last or doc.tokens[n].text.lower() not in _IN:
        return False
    n += 1
    while n < last and (doc.tokens[n].pos in ("ADJF", "PRTF") or doc.tokens[n].lemma in _FRAME_NOUNS):
        n += 1
    while n < last and doc.tokens[n].is_quote and n not in starts:
        n += 1
    if n in starts:
        return types[starts[n].entity] not in ("Cluster", "Project")
    return n < last and doc.tokens[n].lemma in _OWNER_NOUNS


def described_in_apposition(doc: Document, m: Mention, orgs: list[Mention]) -> bool:
    """ "ООО «Б», дочерняя компания АО «А», вошла в кластер": A is the complement of a relational noun in an
    apposition to B, it only describes B, the one the verb speaks of ("ООО «Б», компания «В» и …" is a list)."""
    k = m.i - 1
    while k >= 0 and doc.tokens[k].sentence == m.sentence and doc.tokens[k].text != ",":
        k -= 1
    if k < 1 or doc.tokens[k].sentence != m.sentence or not any(o.j == k and o.entity >= 0 and o is not m for o in orgs):
        return False
    lead = []
    for t in doc.tokens[k + 1 : m.j]:
        if t.is_quote or t.is_capital or not t.is_word:
            break
        lead.append(t)
    return 1 <= len(lead) <= 4 and all(t.pos in ("ADJF", "PRTF", "NOUN") for t in lead) \
        and any(t.lemma in _RELATIONAL for t in lead)


def project_owners(doc: Document, orgs: list[Mention], types: list[str], member_types: set[str]) -> list[tuple[int, int]]:
    """ "завод по выпуску фрез ООО «Б»", "проект «Кедр» компании «Альфа»": (owner, project) for a body named in the
    genitive right after a project, the attribute that tells whose it is."""
    ordered = sorted((m for m in orgs if m.entity >= 0), key=lambda m: m.i)
    out = []
    for p, o in pairwise(ordered):
        if types[p.entity] != "Project" or types[o.entity] not in member_types or o.sentence != p.sentence:
            continue
        between = [t for t in doc.tokens[p.j : o.i] if not t.is_quote]
        if len(between) > 1 or any(not t.is_word or t.is_capital or t.pos != "NOUN" or "gent" not in t.cases for t in between):
            continue
        first = next((t for t in doc.tokens[o.i : o.j] if t.is_word), None)
        if first is None or (first.cases and "gent" not in first.cases):
            continue
        # "ООО «Б»" may be a nominative too: after a fronted phrase ("Для резидентов парка «А» ООО «Б» построит …")
        # it is the subject; only once the predicate is told is a body after the project its attribute
        told = any(t.pos in ("VERB", "PRTS") for t in doc.tokens[doc.sentences[p.sentence].first_token : p.i])
        if not between and (not first.cases or "nomn" in first.cases) and not told:
            continue
        out.append((o.entity, p.entity))
    return out


# "АО «А» реализует проект «Б»", "запустило проект по выпуску …": the subject runs the project it names
_RUNNING = word_set("running_verbs", "loaders.extraction")
_REFLEXIVE_ENDINGS = word_list("reflexive_endings", "loaders.extraction")  # "реализуется" is passive
_SUBJECT_STOPS = word_set("subject_stops", "loaders.extraction")


def project_runners(doc: Document, sentence: int, orgs: list[Mention], types: list[str],
                    member_types: set[str]) -> list[tuple[int, int]]:
    """(runner, project) for the subject of an active running verb and the project right after it as its object;
    the subject is read back from the verb to the start of its clause, over a list ("A, B и C реализуют …")."""
    sent = doc.sentences[sentence]
    ordered = sorted((m for m in orgs if m.entity >= 0), key=lambda m: m.i)
    out = []
    for k in range(sent.first_token, sent.last_token):
        t = doc.tokens[k]
        if t.lemma not in _RUNNING or t.pos != "VERB" or t.text.lower().endswith(_REFLEXIVE_ENDINGS):
            continue
        after = next((m for m in ordered if m.i > k), None)
        if after is None or types[after.entity] != "Project" or any(
                not doc.tokens[n].is_word or doc.tokens[n].pos not in ("ADJF", "PRTF", "NOUN") or doc.tokens[n].is_capital
                for n in range(k + 1, after.i) if not doc.tokens[n].is_quote):
            continue
        at, subjects = k, []
        for m in reversed([m for m in ordered if m.j <= k]):
            gap = [u for u in doc.tokens[m.j : at] if not u.is_quote]
            frame = _frame_start(doc, m)
            if frame is not None and at == k and all(u.is_word for u in gap):
                at = frame  # "A и B в рамках кластера X реализуют проект": the frame is no subject, read past it
                continue
            if at == k:
                ok = all(u.is_word and u.pos in ("ADJF", "ADVB", "PRCL", "ADJS") for u in gap)
            else:
                ok = all(u.text in {",", "и"} for u in gap)
            before = doc.before_quotes(m.i)
            if not ok or types[m.entity] not in member_types or (before is not None and before.text.lower() in _SUBJECT_STOPS):
                break
            subjects.append(m.entity)
            at = m.i
        out += [(s, after.entity) for s in subjects]
    return out


def _frame_start(doc: Document, m: Mention) -> int | None:
    """The token of "в" when the mention closes "в рамках (кластера) X", "в составе X"; else None."""
    words = [n for n in range(max(0, m.i - 4), m.i) if doc.tokens[n].sentence == m.sentence and doc.tokens[n].is_word]
    for n in words:
        if doc.tokens[n].text.lower() in _IN and n + 1 < m.i and doc.tokens[n + 1].lemma in _FRAMES:
            return n
    return None


# "в технопарке работают A и B", "A разместилась в технопарке X": a body working inside a cluster is its resident;
# "в консорциум X приняты A и B": one admitted into it is its member
_LOCATED = word_set("located_verbs", "loaders.extraction")


def located_members(doc: Document, sentence: int, orgs: list[Mention], types: list[str],
                    member_types: set[str]) -> list[tuple[int, int]]:
    """(member, cluster) for the subjects of a verb of working, settling or admission whose "в X" names a cluster:
    "в X работают A и B" (subjects after the verb), "A и B работают в X" (before it), chained by commas and "и" only."""
    sent = doc.sentences[sentence]
    ordered = sorted((m for m in orgs if m.entity >= 0), key=lambda m: m.i)
    out = []
    for k in range(sent.first_token, sent.last_token):
        if doc.tokens[k].lemma not in _LOCATED or doc.tokens[k].pos not in ("VERB", "PRTS"):
            continue
        places = [m for m in ordered if types[m.entity] == "Cluster" and m.i >= 1 and doc.tokens[m.i - 1].text.lower() in _IN]
        fronted = next((m for m in places if m.j <= k and all(doc.tokens[n].is_quote for n in range(m.j, k))), None)
        trailing = next((m for m in places if m.i == k + 2), None)
        place = fronted or trailing
        if place is None:
            continue
        chain, at = [], k + 1 if fronted else k
        for m in ordered if fronted else reversed(ordered):
            if (fronted and m.i < at) or (not fronted and m.j > at):
                continue
            gap = doc.tokens[at : m.i] if fronted else doc.tokens[m.j : at]
            if any(not t.is_quote and t.text not in {",", "и"} for t in gap) or types[m.entity] not in member_types:
                break
            chain.append(m.entity)
            at = m.j if fronted else m.i
        out += [(e, place.entity) for e in chain]
    return out


# "предложил А вступить в кластер", "пригласили к участию", "отказалось от вступления": a joining not asserted
_UNASSERTED = word_set("unasserting_verbs", "loaders.extraction")


_ASSERTABLE = _JOIN_CUES | word_set("joining_words", "loaders.extraction")


def unasserted_cues(doc: Document, sentence: int, cues: set[str]) -> set[str]:
    """The joining cues of the sentence every use of which is negated ("не вошло") or governed by a verb of
    proposing, inviting, discussing or refusing a few words before it in the same clause."""
    sent = doc.sentences[sentence]
    skipped = unasserted_tokens(doc, sentence, cues)
    out = set()
    for lemma in cues & _ASSERTABLE:
        uses = [k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma == lemma]
        if uses and all(k in skipped for k in uses):
            out.add(lemma)
    return out


def unasserted_tokens(doc: Document, sentence: int, cues: set[str]) -> set[int]:
    """The tokens of joining cues that are negated or only proposed ("А не вступило, а Б вступило": the first)."""
    sent = doc.sentences[sentence]
    return {k for k in range(sent.first_token, sent.last_token)
            if doc.tokens[k].lemma in cues & _ASSERTABLE and _unasserted(doc, k, sent.first_token)}


def _unasserted(doc: Document, k: int, first: int) -> bool:
    if k > first and doc.tokens[k - 1].text.lower() == "не":
        return True
    n, words = k - 1, 0
    while n >= first and words < 6 and doc.tokens[n].text not in {",", ";", ":", "—", "–"}:
        if doc.tokens[n].lemma in _UNASSERTED:
            return True
        words += doc.tokens[n].is_word
        n -= 1
    return False
