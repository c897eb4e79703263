"""Relations read sentence by sentence from cue words and the mentions around them."""

from __future__ import annotations

from itertools import combinations, pairwise

from graph.word_lists import word_set
from loaders.extraction.document import Document
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import Mention
from loaders.extraction.relation_base import (
    _AGREEMENTS,
    _AUTHORITIES,
    _BACK_PRONOUNS,
    _CARRY_OVER,
    _CREATION,
    _DECREES,
    _LIST_GOES_ON,
    _MAIN_TARGET,
    _MEMBER_NOUNS,
    GENERIC_PARTIES,
    MEMBER_TYPES,
    ORG_TYPES,
    RelationDraft,
    SentenceView,
    _At,
    _hosted_by,
    _inside_post,
    generic_parties,
)
from loaders.extraction.relation_cooperation import CooperationRules
from loaders.extraction.relation_instructions import InstructionRules
from loaders.extraction.relation_scope import (
    bracket_roles,
    cluster_topic,
    cue_clauses,
    described_in_apposition,
    in_clauses,
    is_non_party,
    joins_other_body,
    listed_parties,
    located_members,
    not_membership,
    partner_appositions,
    project_owners,
    project_runners,
    relative_members,
    unasserted_cues,
    unasserted_tokens,
)

# "Консорциум X создали A и B": the verbs of founding a body
_FOUNDING = word_set("created_verbs", "loaders.extraction")
# "в рамках сотрудничества / соглашения": what follows is done under the agreement just told
_FRAMEWORKS = word_set("framework_nouns", "loaders.extraction")
_IN = word_set("in_prepositions", "loaders.extraction")
_JOINING = word_set("joining_verbs", "loaders.extraction")  # "входящие в госкорпорацию"
_JOINED_PARTICIPLES = word_set("joined_participles", "loaders.extraction")  # "предприятия, входящие в кластер X"
# instruction cues that name an act or an initiative, not an instruction given
_ACTS = word_set("act_and_initiative_nouns", "loaders.extraction")
_INSTRUCTING = word_set("instruction_words", "loaders.extraction")
_COLLECTIVE = word_set("collective_openers", "loaders.extraction")  # "Все они входят в …"
_CLUSTER_WORDS = word_set("cluster_words", "loaders.extraction")
_CLUSTER_ANAPHORS = word_set("cluster_anaphors", "loaders.extraction")
_PROJECT_ANAPHORS = word_set("project_anaphors", "loaders.extraction")
_UNDERTAKINGS = word_set("undertaking_nouns", "loaders.extraction")
_FRAMES = word_set("membership_frames", "loaders.extraction")  # "в рамках", "в составе"
_FRAME_FILLERS = word_set("frame_fillers", "loaders.extraction")
_CLUSTER_WORK = word_set("cluster_work_nouns", "loaders.extraction")  # "участники кластера", "в рамках кластера"
_HOSTING = word_set("hosting_nouns", "loaders.extraction")  # "участник кластера X", "проект кластера X"

__all__ = ["GENERIC_PARTIES", "MEMBER_TYPES", "ORG_TYPES", "RelationDraft", "RelationRules", "SentenceView", "generic_parties"]


def _cases(doc: Document, m: Mention) -> frozenset[str]:
    """The case a mention stands in: that of the common noun introducing a quoted name ("компаниями «Бета»"),
    else of its first word (a quoted name itself is read as a nominative whatever its role)."""
    k = m.i
    while k < m.j and not doc.tokens[k].is_word:
        k += 1
    if k > m.i and m.i >= 1 and doc.tokens[m.i - 1].sentence == m.sentence and doc.tokens[m.i - 1].pos == "NOUN" \
            and not doc.tokens[m.i - 1].is_capital:
        return doc.tokens[m.i - 1].cases
    return doc.tokens[k].cases if k < m.j else frozenset()


def _joined_body(doc: Document, m: Mention) -> bool:
    """ "предприятия, входящие в госкорпорацию «Ростех»": the body joined after "в" is where the others belong,
    never a member itself."""
    k = m.i - 1
    return k >= 1 and doc.tokens[k].text.lower() in _IN and doc.tokens[k - 1].sentence == m.sentence \
        and doc.tokens[k - 1].lemma in _JOINING


class RelationRules(InstructionRules, CooperationRules):
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.cooperation = lexicon.cue_lemmas("cooperation")
        self.signing = lexicon.cue_lemmas("signing")
        self.instruction = lexicon.cue_lemmas("instruction") - _ACTS
        self.participation = lexicon.cue_lemmas("participation")
        self.membership = lexicon.cue_lemmas("membership")
        self.hypothetical = [c for c in lexicon.cues.get("hypothetical", [])]

    def run(self, doc: Document, views: list[SentenceView], types: list[str], post_org: dict[int, int],
            presence: set[int], main: dict[str, int], region_body: int | None) -> list[RelationDraft]:
        out: list[RelationDraft] = []
        previous_targets: list[int] = []
        previous_joined = False
        agreement_at = -9  # the last sentence naming an agreement: "Документ подписали …" signs it
        created, created_at = [], -9  # what the last sentence said was created: "Соответствующий приказ подписал …"
        previous_orgs: list[Mention] = []
        partners, partners_at = [], -9  # the parties of the last agreement told, and where
        cluster_talk = -9  # the last sentence speaking of clusters ("24 проекта 17 промышленных кластеров")
        last_person, given = None, (None, -9)  # the last person named; who gave an instruction, and where
        deal_at, deal_clusters = -9, []  # the last agreement on creating or joining a cluster, and its clusters
        for view in views:
            if self._hypothetical(view.lemmas):
                continue
            lemmas = set(view.lemmas)
            if lemmas & _INSTRUCTING:
                # "Губернатор X поручил …", "Глава региона напомнил о своём поручении": who gave the instruction
                giver = view.people[0].entity if view.people else (last_person if "свой" in lemmas else None)
                given = (giver, view.index) if giver is not None else given
            remembered = given[0] if 0 < view.index - given[1] <= 2 else None
            out.extend(self._instructed(doc, view, types, main, lemmas, remembered)
                       or self._decided(doc, view, types, main, lemmas, created if view.index - created_at <= 3 else []))
            if lemmas & _CREATION and not lemmas & _DECREES:
                created = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
                created_at = view.index if created else created_at
            targets = self._targets(view, types, main, self._singular(doc, view, lemmas))
            clause = relative_members(doc, view.index, view.orgs, types, MEMBER_TYPES - {"FederalBody"})
            if clause is not None:
                body, members = clause
                # "кластер X, в состав которого вошли …" binds the members to X; "совет кластера, в состав которого
                # войдут …" to what the sentence is about, never to the council itself
                bound = [body] if types[body] in ("Cluster", "Project") else [t for t in targets if t != body]
                joined = [RelationDraft("PARTICIPATES_IN", m, t, view.index, 0.7) for m in members for t in bound
                          if m != t and not (t != body and types[m] == "Cluster")]
            else:
                joined = self._participates(doc, view, types, post_org, lemmas, targets, previous_targets, main,
                                            previous_joined, previous_orgs) or self._founders(doc, view, types)
            out.extend(RelationDraft(kind, a, b, view.index, 0.65)
                       for kind, a, b in partner_appositions(doc, view.index, view.orgs, types, MEMBER_TYPES))
            out.extend(RelationDraft("PARTICIPATES_IN", a, p, view.index, 0.65)
                       for a, p in project_owners(doc, view.orgs, types, MEMBER_TYPES - _AUTHORITIES)
                       + project_runners(doc, view.index, view.orgs, types, MEMBER_TYPES - {"FederalBody"})
                       + located_members(doc, view.index, view.orgs, types, MEMBER_TYPES - _AUTHORITIES))
            previous_orgs = view.orgs
            last_person = view.people[-1].entity if view.people else last_person
            based = self._on_base(doc, view, types)
            # "центр кластера X на базе A и B": A and B take part in the centre, not in the cluster it belongs to
            owned = {d.source: d.target for d in based if d.type == "PARTICIPATES_IN"}
            joined = [d for d in joined if owned.get(d.source, d.target) == d.target]
            out.extend(joined)
            out.extend(self._listed_members(doc, view, types))
            out.extend(self._project_roles(doc, view, types, main, cluster_talk))
            cluster_talk = view.index if lemmas & _CLUSTER_WORDS else cluster_talk
            out.extend(based)
            # members named now, or a membership announced with its list to follow ("пополнился … Речь идёт об …")
            previous_joined = bool(joined) or bool(self.participation & lemmas and targets)
            # a union whose founders are clusters is no part of them
            out.extend(d for d in self._part_of(view, types, main, lemmas, doc)
                       if not any(j.source == d.target and j.target == d.source for j in joined))
            signed = view.index - agreement_at <= 2 and "документ" in lemmas and bool(self.signing & lemmas or "подпись" in lemmas)
            deal = cluster_topic(doc, view.index, view.orgs, types) if lemmas & _AGREEMENTS else None
            if deal is None and view.index - deal_at == 1 and (self.signing & lemmas or "подпись" in lemmas):
                deal = deal_clusters  # "Подписаны соглашения о создании кластеров. Соглашения подписали A, B и C."
            cooperating = self._cooperates(doc, view, types, post_org, presence, lemmas, region_body, main, signed,
                                           previous_targets)
            if not cooperating:  # "реализация соглашения о сотрудничестве A, B и C": the noun form, no verb
                listed = listed_parties(doc, view.index, view.orgs, types, ORG_TYPES - {"Cluster"})
                cooperating = [RelationDraft("COOPERATES_WITH", a, b, view.index, 0.7) for a, b in combinations(listed, 2)]
            out.extend(self._members_sign(cooperating, deal, types))
            out.extend(self._framework(doc, view, types, partners if view.index - partners_at <= 3 else []))
            if any(d.type == "COOPERATES_WITH" for d in cooperating):
                partners_at = view.index
                partners = list(dict.fromkeys(e for d in cooperating if d.type == "COOPERATES_WITH" for e in (d.source, d.target)))
            if deal is not None:
                deal_at, deal_clusters = view.index, deal
            if lemmas & _AGREEMENTS:
                # signers of an agreement on a cluster are its members, not partners (ANNOTATION.md, Agreements)
                about_cluster = "кластер" in lemmas or any(types[m.entity] == "Cluster" for m in view.orgs if m.entity >= 0)
                agreement_at = -9 if about_cluster else view.index
            previous_targets = [t for t in targets if types[t] == "Cluster"] or (previous_targets if previous_joined else [])
        return out

    def _founders(self, doc, view, types) -> list[RelationDraft]:
        """ "Консорциум X создали ОмГТУ, ОмГУ и АО «Y»": the firms and institutes founding a cluster are its members
        (an authority creating one by its act is not)."""
        sent = doc.sentences[view.index]
        verbs = [t for t in doc.tokens[sent.first_token : sent.last_token] if t.lemma in _FOUNDING and t.pos in ("VERB", "PRTS")]
        if not verbs:
            return []
        # "создали A и B" names the founders in the nominative; "был создан компаниями A и B" in the instrumental
        case = "nomn" if any(t.pos == "VERB" for t in verbs) else "ablt"
        clusters = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Cluster"]
        founders, previous = [], None
        for m in sorted((m for m in view.orgs if m.entity >= 0), key=lambda m: m.i):
            # a body coordinated with a founder ("компаниями «Бета» и «Гамма»") shares its case
            listed = previous is not None and all(t.text in {",", "и"} or t.is_quote for t in doc.tokens[previous.j : m.i])
            if types[m.entity] in MEMBER_TYPES - _AUTHORITIES and (case in _cases(doc, m) or listed) \
                    and not _inside_post(m, view) and not is_non_party(doc, m):
                founders.append(m.entity)
                previous = m
            else:
                previous = None
        if len(clusters) != 1:
            return []
        return [RelationDraft("PARTICIPATES_IN", f, clusters[0], view.index, 0.6) for f in dict.fromkeys(founders)]

    def _framework(self, doc, view, types, partners: list[int]) -> list[RelationDraft]:
        """ "В рамках сотрудничества предусмотрен ряд проектов: создание X, строительство Y": the parties of the
        agreement just told take part in the projects carried out under it."""
        if not partners:
            return []
        sent = doc.sentences[view.index]
        toks = doc.tokens[sent.first_token : sent.last_token]
        if not any(t.lemma == "рамка" and u.lemma in _FRAMEWORKS for t, u in pairwise(toks)):
            return []
        projects = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project"]
        return [RelationDraft("PARTICIPATES_IN", a, p, view.index, 0.65) for p in dict.fromkeys(projects) for a in partners]

    def _hypothetical(self, lemmas: list[str]) -> bool:
        text = " " + " ".join(lemmas) + " "
        return any(" " + " ".join(c) + " " in text for c in self.hypothetical)

    # --- PARTICIPATES_IN ----------------------------------------------------------

    def _singular(self, doc, view, lemmas) -> set[str]:
        """The lemmas of the sentence said in the singular: "будущие технопарки «А» и «Б»" speaks of other parks
        than the article's one."""
        sent = doc.sentences[view.index]
        toks = doc.tokens[sent.first_token : sent.last_token]
        # "для долины" may be a plural too: only a form that cannot be a genitive singular counts as plural; a noun
        # counted by a number ("107 проектов", "двух кластеров") speaks of many all the same
        return {t.lemma for n, t in enumerate(toks) if ("plur" not in t.tags or "gent" in t.cases)
                and not (n and "plur" in t.tags and (toks[n - 1].pos == "NUMR" or toks[n - 1].text.isdigit()))}

    def _targets(self, view, types, main, lemmas) -> list[int]:
        """What the members of this sentence join: a cluster named or referred to first, else a project."""
        explicit = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
        clusters = [t for t in explicit if types[t] == "Cluster"]
        if not clusters and "Cluster" in main and (_CLUSTER_ANAPHORS & lemmas
                                                   or {main.get("Cluster:head"), main.get("Cluster:noun")} & lemmas):
            clusters = [main["Cluster"]]
        if clusters:
            return list(dict.fromkeys(clusters))
        projects = [t for t in explicit if types[t] == "Project"]
        if not projects and "Project" in main and (_PROJECT_ANAPHORS & lemmas
                                                   or {main.get("Project:head"), main.get("Project:noun")} & lemmas):
            projects = [main["Project"]]
        return list(dict.fromkeys(projects))

    def _participates(self, doc, view, types, post_org, lemmas, targets, previous_targets, main=None,
                      previous_joined: bool = False, previous_orgs=()) -> list[RelationDraft]:
        cues = self.participation & lemmas
        sent = doc.sentences[view.index]
        cues -= not_membership(doc, view.index, cues) | joins_other_body(doc, view.index, view.orgs, types, cues) \
            | unasserted_cues(doc, view.index, cues)
        opening = {t.lemma for t in doc.tokens[sent.first_token : sent.first_token + 3]}
        goes_on = previous_joined and bool(opening & _LIST_GOES_ON) and len(view.orgs) >= 2
        if not cues and not goes_on:
            return []
        via_post = set(post_org.values())
        members = [m for m in view.orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES - {"FederalBody"}]
        # organisations named only inside an official's post are not members; "резиденты ОЭЗ X": X hosts them
        members = [m for m in members if not (m.entity in via_post and _inside_post(m, view)) and not _hosted_by(doc, m)
                   and not is_non_party(doc, m) and not _joined_body(doc, m) and not described_in_apposition(doc, m, view.orgs)]
        if not targets and previous_targets and (cues & _CARRY_OVER or opening & _BACK_PRONOUNS or goes_on
                                                 or (len(members) >= 3 and "подпись" in cues)):
            targets = previous_targets
        if not targets and main and cues & _MAIN_TARGET:
            targets = [main[kind] for kind in ("Cluster", "Project") if kind in main][:1]
        if not members and main:  # "вуз вошёл в консорциум": the article's university
            members = [_At(k, e) for k, e in generic_parties(doc, view, main) if e not in targets]
        if not members and targets and opening & _COLLECTIVE and cues & _CARRY_OVER:
            # "Все они входят в консорциум X": the bodies of the sentence before
            members = [m for m in previous_orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES - {"FederalBody"}]
        first_cue = next((k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in cues), None)
        target_at = {m.entity: m.i for m in reversed(view.orgs) if m.entity in targets}
        if first_cue is not None and len(targets) > 1 and min(target_at.get(t, 10**9) for t in targets) < first_cue:
            # "Союз кластеров, учредителями которого выступили кластер А, кластер Б": the later clusters are members
            # a project named after the cue is where the work is done ("реализуется в рамках программы «X»"), no member
            later = [m for m in view.orgs if m.entity in targets and m.i > first_cue and target_at[m.entity] > first_cue
                     and types[m.entity] == "Cluster"]
            targets = [t for t in targets if target_at.get(t, 10**9) < first_cue]
            members = members + later
        # "В кластер X вошло A, а B выпустило краску": only the bodies of the clause holding the cue join
        clauses = cue_clauses(doc, view.index, cues, frozenset(unasserted_tokens(doc, view.index, cues)))
        members = [m for m in members if in_clauses(m.i, clauses)]
        if not targets or not members:
            return []
        if self.membership & lemmas:
            cue_tokens = [k for k in range(doc.sentences[view.index].first_token, doc.sentences[view.index].last_token)
                          if doc.tokens[k].lemma in self.membership]
            target_at = min((m.i for m in view.orgs if m.entity in targets), default=None)
            if cue_tokens and target_at is not None and cue_tokens[0] < target_at:
                inner = [m for m in members if cue_tokens[0] < m.i < target_at]
                members = inner or members
        out = []
        for m in dict.fromkeys(x.entity for x in members):
            for t in targets:
                if m != t:
                    out.append(RelationDraft("PARTICIPATES_IN", m, t, view.index, 0.7))
        return out

    def _listed_members(self, doc, view, types) -> list[RelationDraft]:
        """ "ряда предприятий Камского кластера (ООО «А», ООО «Б»)": the bracket or dash list after "members of X"."""
        out = []
        last = doc.sentences[view.index].last_token
        for c in view.orgs:
            if c.entity < 0 or types[c.entity] != "Cluster" or c.i < 1 or c.j >= last:
                continue
            if not self._members_of(doc, c) or doc.tokens[c.j].text not in {"(", "—", "–", ":"}:
                continue
            closing = {")"} if doc.tokens[c.j].text == "(" else {";", "("}
            end = next((k for k in range(c.j + 1, last) if doc.tokens[k].text in closing), last)
            for m in view.orgs:
                if c.j < m.i < end and m.entity >= 0 and m.entity != c.entity and types[m.entity] in MEMBER_TYPES:
                    out.append(RelationDraft("PARTICIPATES_IN", m.entity, c.entity, view.index, 0.7))
        return out

    def _members_of(self, doc, c) -> bool:
        """ "предприятий кластера X", "предприятия, входящие в кластер X", "компаний, вошедших в кластер X": a
        member noun governs the cluster, directly or through a participle of joining."""
        toks = [t for t in doc.tokens[max(0, c.i - 4) : c.i] if t.sentence == c.sentence]
        if toks and toks[-1].lemma in _MEMBER_NOUNS:
            return True
        return len(toks) == 4 and toks[-1].text.lower() in _IN and toks[-2].lemma in _JOINED_PARTICIPLES \
            and toks[-2].pos in ("ADJF", "PRTF") and toks[-3].text == "," and toks[-4].lemma in _MEMBER_NOUNS

    def _project_roles(self, doc, view, types, main, cluster_talk: int) -> list[RelationDraft]:
        """ "«Выпуск реле» (инициатор проекта A, участники проекта – B, C)": the bodies of one project take part in
        it and work together; when the text is about cluster projects, they are members of the article's cluster."""
        out = []
        for project, parties in bracket_roles(doc, view.index, view.orgs, types, MEMBER_TYPES - {"FederalBody"}):
            out += [RelationDraft("COOPERATES_WITH", a, b, view.index, 0.65) for a, b in combinations(parties, 2)]
            if project is not None:
                out += [RelationDraft("PARTICIPATES_IN", a, project, view.index, 0.7) for a in parties]
            if "Cluster" in main and view.index - cluster_talk <= 2:
                out += [RelationDraft("PARTICIPATES_IN", a, main["Cluster"], view.index, 0.6) for a in parties]
        return out

    # --- PART_OF --------------------------------------------------------------------

    def _part_of(self, view, types, main, lemmas, doc=None) -> list[RelationDraft]:
        clusters = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Cluster"]
        if _FRAMES & lemmas and doc is not None:
            clusters = self._governed_clusters(doc, view, types)
        if not clusters:
            # "в кластере три проекта", "участники кластера реализуют проект", "проект кластера": the cluster is
            # where the project is done, not a party named next to it
            if doc is None:
                return []
            clusters = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Cluster" and self._hosts(doc, m)]
            if not clusters and "Cluster" in main and not any(types[m.entity] == "Cluster" for m in view.orgs if m.entity >= 0) \
                    and self._cluster_work(doc, view):
                # "участниками кластера запланирован совместный проект X", "кластерный проект по производству X"
                explicit = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project"]
                return [RelationDraft("PART_OF", p, main["Cluster"], view.index, 0.65) for p in dict.fromkeys(explicit)]
            if not clusters:
                return []
        projects = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project"]
        if not projects and "Project" in main and (_UNDERTAKINGS & lemmas or main.get("Project:head") in lemmas):
            projects = [main["Project"]]
        return [RelationDraft("PART_OF", p, c, view.index, 0.7) for p in dict.fromkeys(projects) for c in dict.fromkeys(clusters) if p != c]

    def _governed_clusters(self, doc, view, types) -> list[int]:
        """ "в рамках кластера X", "в составе кластера X": the clusters the cue governs, not every cluster of the
        sentence ("в рамках форума … союз, учредителями которого выступили кластеры A и Б")."""
        sent = doc.sentences[view.index]
        cues = [k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in _FRAMES]
        return [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Cluster"
                and any(0 < m.i - k <= 3 and all(not doc.tokens[n].is_word or doc.tokens[n].lemma in _FRAME_FILLERS
                                                  or doc.tokens[n].pos in ("ADJF", "PRTF") for n in range(k + 1, m.i)) for k in cues)]

    def _cluster_work(self, doc, view) -> bool:
        """The sentence speaks of the cluster's own work without naming it: "кластерный проект", "участники
        кластера", "в рамках кластера"."""
        sent = doc.sentences[view.index]
        for k in range(sent.first_token, sent.last_token):
            t = doc.tokens[k]
            if t.lemma == "кластерный" and k + 1 < sent.last_token and doc.tokens[k + 1].lemma == "проект":
                return True
            if t.lemma == "кластер" and k > sent.first_token and doc.tokens[k - 1].lemma in _CLUSTER_WORK:
                return True
        return False

    def _hosts(self, doc, m) -> bool:
        prev = doc.before_quotes(m.i)
        if prev is None:
            return False
        inside = prev.text.lower() in _IN and "loct" in doc.tokens[m.i].cases | doc.tokens[min(m.i + 1, m.j - 1)].cases
        return inside or prev.lemma in _HOSTING
