"""Relations read sentence by sentence from cue words and the mentions around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from loaders.extraction.document import Document
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import Mention

ORG_TYPES = {"Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization", "Cluster"}
MEMBER_TYPES = {"Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization"}
_ANAPHORS = {"кластер": "Cluster", "консорциум": "Cluster", "технополис": "Cluster", "долина": "Cluster", "авиакластер": "Cluster", "проект": "Project", "технопарк": "Project"}


# cues strong enough to point at the cluster of the sentence before ("вовлечение вузов, в частности X")
_CARRY_OVER = {"вовлечение", "вовлечь", "войти", "вступить", "вступление", "резидент", "участник", "включать", "входить",
               "объединять", "объединить", "пополниться", "ядро", "якорный"}
_BREAKS = {",", ":", ";", "—", "–", "(", ")"}
_DECREES = {"постановление", "указ", "распоряжение", "приказ"}
_CREATION = {"создание", "создать", "образовать", "образование", "учредить", "учреждение", "сформировать", "формирование"}
_COOPERATION_TOPICS = {"сотрудничество", "партнерство", "взаимодействие"}
# membership words that point at the article's cluster (or project) even when the sentence names none
_MAIN_TARGET = {"резидент", "войти", "вступить", "входить", "пополниться", "ядро", "якорный"}
# a sentence that goes on with the list of the sentence before: "Речь идёт об …", "Среди них …", "В их числе …"
_LIST_GOES_ON = {"речь", "среди", "число", "это"}
# a sentence opening with a pronoun ("Он включает…", "В него вошли…") goes on about the cluster just named
_BACK_PRONOUNS = {"он", "его", "него", "их", "них", "они", "она", "ее", "неё", "нее"}
# a common noun standing for the article's main body of a type when no name follows it ("кубанский вуз
# совместно с компаниями …", "соглашение между правительством края и данным предприятием")
GENERIC_PARTIES = {"вуз": "University", "университет": "University", "компания": "Company", "предприятие": "Company",
                   "холдинг": "Company", "госкорпорация": "Company", "корпорация": "Company"}
_AGREEMENTS = {"соглашение", "договор", "меморандум"}
# "предприятия Камского кластера (ООО «А», ООО «Б»)", "участники кластера — А и Б": the list names its members
_MEMBER_NOUNS = {"предприятие", "компания", "организация", "участник", "резидент", "член", "завод"}


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


class RelationRules:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.cooperation = lexicon.cue_lemmas("cooperation")
        self.signing = lexicon.cue_lemmas("signing")
        self.instruction = lexicon.cue_lemmas("instruction") - {"указ", "распоряжение", "приказ", "инициатива"}
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
        for view in views:
            if self._hypothetical(view.lemmas):
                continue
            lemmas = set(view.lemmas)
            out.extend(self._instructed(doc, view, types, main, lemmas)
                       or self._decided(doc, view, types, main, lemmas, created if view.index - created_at <= 3 else []))
            if lemmas & _CREATION and not lemmas & _DECREES:
                created = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
                created_at = view.index if created else created_at
            targets = self._targets(view, types, main, lemmas)
            joined = self._participates(doc, view, types, post_org, lemmas, targets, previous_targets, main, previous_joined,
                                        previous_orgs)
            previous_orgs = view.orgs
            out.extend(joined)
            out.extend(self._listed_members(doc, view, types))
            out.extend(self._on_base(doc, view, types))
            # members named now, or a membership announced with its list to follow ("пополнился … Речь идёт об …")
            previous_joined = bool(joined) or bool(self.participation & lemmas and targets)
            out.extend(self._part_of(view, types, main, lemmas, doc))
            signed = view.index - agreement_at <= 2 and "документ" in lemmas and bool(self.signing & lemmas or "подпись" in lemmas)
            out.extend(self._cooperates(doc, view, types, post_org, presence, lemmas, region_body, main, signed))
            if lemmas & _AGREEMENTS:
                # signers of an agreement on a cluster are its members, not partners (ANNOTATION.md, Agreements)
                about_cluster = "кластер" in lemmas or any(types[m.entity] == "Cluster" for m in view.orgs if m.entity >= 0)
                agreement_at = -9 if about_cluster else view.index
            previous_targets = [t for t in targets if types[t] == "Cluster"] or (previous_targets if previous_joined else [])
        return out

    def _hypothetical(self, lemmas: list[str]) -> bool:
        text = " " + " ".join(lemmas) + " "
        return any(" " + " ".join(c) + " " in text for c in self.hypothetical)

    # --- INSTRUCTED_BY ----------------------------------------------------------

    def _decreed(self, doc, view, types, lemmas) -> list[RelationDraft]:
        """ "Мишустин подписал постановление о создании центра X", "указом Президента РФ создан кластер X",
        "постановлением правительства создан X": the creation is instructed by whoever issued the act. Inclusion
        in a registry by a ministry's order is not (ANNOTATION.md, Instructions)."""
        if not (lemmas & _DECREES) or not (lemmas & _CREATION) or "реестр" in lemmas:
            return []
        sent = doc.sentences[view.index]
        cue = next(k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in _DECREES)
        created = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project") and m.i > cue]
        if not created:
            return []
        # the issuer: a person or authority just before the act ("Мишустин подписал постановление"), or the
        # authority in the genitive right after it ("постановлением правительства", "указом Президента РФ")
        after = [m for m in view.orgs if m.entity >= 0 and cue < m.i <= cue + 3 and types[m.entity] in ("FederalBody", "RegionalBody")]
        before = [m for m in view.people + view.orgs if m.entity >= 0 and m.i < cue and m.j >= cue - 3
                  and (m.kind == "person" or types[m.entity] in ("FederalBody", "RegionalBody"))]
        people = [m for m in before if m.kind == "person"]
        issuers = [m.entity for m in (after or people or before)]
        return [RelationDraft("INSTRUCTED_BY", c, i, view.index, 0.75) for c in dict.fromkeys(created) for i in dict.fromkeys(issuers) if c != i]

    def _instructed(self, doc, view, types, main, lemmas) -> list[RelationDraft]:
        if "поручение" not in lemmas and not ({"исполнение"} & lemmas and "указ" in lemmas):
            return self._decreed(doc, view, types, lemmas)
        cue_at = next(k for k, t in enumerate(doc.tokens[doc.sentences[view.index].first_token : doc.sentences[view.index].last_token])
                      if t.lemma in {"поручение", "исполнение"})
        cue_at += doc.sentences[view.index].first_token
        # who instructs is named right after the cue, before any break ("Поручение выполнено: кластер … в Минпромторге")
        end = next((k for k in range(cue_at + 1, doc.sentences[view.index].last_token) if doc.tokens[k].text in _BREAKS),
                   doc.sentences[view.index].last_token)
        instructors = [m.entity for m in view.people if cue_at < m.i < end and m.entity >= 0]
        instructors += [m.entity for m in view.orgs if cue_at < m.i < end and m.entity >= 0 and types[m.entity] == "FederalBody"
                        and not any(cue_at < p.i < end and p.entity >= 0 for p in view.people)]
        sources = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
        # "По поручению губернатора X региональный минпромторг поможет …": the body acting on it, named right after
        named_end = max((m.j for m in view.people + view.orgs if m.entity in instructors and m.i > cue_at), default=None)
        acting = [m for m in view.orgs if named_end is not None and named_end <= m.i <= named_end + 2 and m.entity >= 0
                  and m.entity not in instructors and "nomn" in doc.tokens[m.i].cases]
        if acting and types[acting[0].entity] != "Cluster":
            sources = [acting[0].entity]
        if not sources:
            for lemma, kind in _ANAPHORS.items():
                if lemma in lemmas and kind in main:
                    sources.append(main[kind])
                    break
        return [RelationDraft("INSTRUCTED_BY", s, t, view.index, 0.8) for s in dict.fromkeys(sources) for t in dict.fromkeys(instructors) if s != t]

    def _decided(self, doc, view, types, main, lemmas, created_before) -> list[RelationDraft]:
        """ "Решение о создании технопарка принял губернатор X" (ANNOTATION.md, Instructions), and an act told
        after the creation: "Кластер создан. … Соответствующий приказ подписал министр X"."""
        sent = doc.sentences[view.index]
        toks = range(sent.first_token, sent.last_token)
        if "реестр" in lemmas or "инициатива" in lemmas:  # «по инициативе» is no instruction (ANNOTATION.md)
            return []
        if "решение" in lemmas and "принять" in lemmas and lemmas & _CREATION:
            cue = next(k for k in toks if doc.tokens[k].lemma == "решение")
            created = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project") and m.i > cue]
            if not created:
                created = [main[kind] for lemma, kind in _ANAPHORS.items() if lemma in lemmas and kind in main][:1]
        elif lemmas & _DECREES and not lemmas & _CREATION and created_before:
            cue = next(k for k in toks if doc.tokens[k].lemma in _DECREES)
            # "соответствующий" is lemmatised as the verb "соответствовать"
            if cue == sent.first_token or doc.tokens[cue - 1].lemma not in {"соответствующий", "соответствовать", "этот", "данный"}:
                return []
            created = created_before
        else:
            return []
        people = [m.entity for m in view.people if m.entity >= 0 and m.i > cue]
        bodies = [m.entity for m in view.orgs if m.entity >= 0 and m.i > cue and types[m.entity] in ("FederalBody", "RegionalBody")]
        issuers = people[:1] or bodies[:1]
        return [RelationDraft("INSTRUCTED_BY", c, i, view.index, 0.7) for c in dict.fromkeys(created) for i in issuers if c != i]

    # --- PARTICIPATES_IN ----------------------------------------------------------

    def _targets(self, view, types, main, lemmas) -> list[int]:
        """What the members of this sentence join: a cluster named or referred to first, else a project."""
        explicit = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
        clusters = [t for t in explicit if types[t] == "Cluster"]
        if not clusters and "Cluster" in main and ({"кластер", "консорциум", "технополис", "авиакластер"} & lemmas
                                                   or {main.get("Cluster:head"), main.get("Cluster:noun")} & lemmas):
            clusters = [main["Cluster"]]
        if clusters:
            return list(dict.fromkeys(clusters))
        projects = [t for t in explicit if types[t] == "Project"]
        if not projects and "Project" in main and ({"проект", "технопарк"} & lemmas
                                                   or {main.get("Project:head"), main.get("Project:noun")} & lemmas):
            projects = [main["Project"]]
        return list(dict.fromkeys(projects))

    def _participates(self, doc, view, types, post_org, lemmas, targets, previous_targets, main=None,
                      previous_joined: bool = False, previous_orgs=()) -> list[RelationDraft]:
        cues = self.participation & lemmas
        sent = doc.sentences[view.index]
        opening = {t.lemma for t in doc.tokens[sent.first_token : sent.first_token + 3]}
        goes_on = previous_joined and bool(opening & _LIST_GOES_ON) and len(view.orgs) >= 2
        if not cues and not goes_on:
            return []
        via_post = set(post_org.values())
        members = [m for m in view.orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES - {"FederalBody"}]
        # organisations named only inside an official's post are not members; "резиденты ОЭЗ X": X hosts them
        members = [m for m in members if not (m.entity in via_post and _inside_post(m, view)) and not _hosted_by(doc, m)]
        if not targets and previous_targets and (cues & _CARRY_OVER or opening & _BACK_PRONOUNS or goes_on
                                                 or (len(members) >= 3 and "подпись" in cues)):
            targets = previous_targets
        if not targets and main and cues & _MAIN_TARGET:
            targets = [main[kind] for kind in ("Cluster", "Project") if kind in main][:1]
        if not members and main:  # "вуз вошёл в консорциум": the article's university
            members = [_At(k, e) for k, e in generic_parties(doc, view, main) if e not in targets]
        if not members and targets and opening & {"они", "все"} and cues & _CARRY_OVER:
            # "Все они входят в консорциум X": the bodies of the sentence before
            members = [m for m in previous_orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES - {"FederalBody"}]
        first_cue = next((k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in cues), None)
        target_at = {m.entity: m.i for m in reversed(view.orgs) if m.entity in targets}
        if first_cue is not None and len(targets) > 1 and min(target_at.get(t, 10**9) for t in targets) < first_cue:
            # "Союз кластеров, учредителями которого выступили кластер А, кластер Б": the later clusters are members
            later = [m for m in view.orgs if m.entity in targets and m.i > first_cue and target_at[m.entity] > first_cue]
            targets = [t for t in targets if target_at.get(t, 10**9) < first_cue]
            members = members + later
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
            if doc.tokens[c.i - 1].lemma not in _MEMBER_NOUNS or doc.tokens[c.j].text not in {"(", "—", "–", ":"}:
                continue
            closing = {")"} if doc.tokens[c.j].text == "(" else {";", "("}
            end = next((k for k in range(c.j + 1, last) if doc.tokens[k].text in closing), last)
            for m in view.orgs:
                if c.j < m.i < end and m.entity >= 0 and m.entity != c.entity and types[m.entity] in MEMBER_TYPES:
                    out.append(RelationDraft("PARTICIPATES_IN", m.entity, c.entity, view.index, 0.7))
        return out

    def _on_base(self, doc, view, types) -> list[RelationDraft]:
        """ "ВТБ создаст кампус на базе СПбПУ", "кампус на базе ТулГУ и ТГПУ": the bodies a project is built on
        and the one building it work together (pairwise)."""
        sent = doc.sentences[view.index]
        at = next((k for k in range(sent.first_token, sent.last_token - 1)
                   if doc.tokens[k].text.lower() == "на" and doc.tokens[k + 1].lemma == "база"), None)
        if at is None or not any(m.entity >= 0 and types[m.entity] == "Project" and m.i < at for m in view.orgs):
            return []
        parties = [m for m in view.orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES]
        bases, k = [], at + 2
        for m in sorted((m for m in parties if m.i >= k), key=lambda m: m.i):
            if any(doc.tokens[n].text not in {",", "и"} and not doc.tokens[n].is_quote for n in range(k, m.i)):
                break
            bases.append(m.entity)
            k = m.j
        builders = [m.entity for m in parties if m.i < at and "nomn" in doc.tokens[m.i].cases and not _inside_post(m, view)]
        ents = list(dict.fromkeys(builders[:1] + bases))
        return [RelationDraft("COOPERATES_WITH", a, b, view.index, 0.65) for a, b in combinations(ents, 2)] if bases else []

    # --- PART_OF --------------------------------------------------------------------

    def _part_of(self, view, types, main, lemmas, doc=None) -> list[RelationDraft]:
        clusters = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Cluster"]
        if not ({"состав", "рамка"} & lemmas):
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
        if not projects and "Project" in main and ({"проект", "объект"} & lemmas or main.get("Project:head") in lemmas):
            projects = [main["Project"]]
        return [RelationDraft("PART_OF", p, c, view.index, 0.7) for p in dict.fromkeys(projects) for c in dict.fromkeys(clusters) if p != c]

    def _cluster_work(self, doc, view) -> bool:
        """The sentence speaks of the cluster's own work without naming it: "кластерный проект", "участники
        кластера", "в рамках кластера"."""
        sent = doc.sentences[view.index]
        for k in range(sent.first_token, sent.last_token):
            t = doc.tokens[k]
            if t.lemma == "кластерный" and k + 1 < sent.last_token and doc.tokens[k + 1].lemma == "проект":
                return True
            if t.lemma == "кластер" and k > sent.first_token and doc.tokens[k - 1].lemma in {"участник", "резидент", "рамка", "проект"}:
                return True
        return False

    def _hosts(self, doc, m) -> bool:
        k = m.i - 1
        while k >= 0 and doc.tokens[k].is_quote:
            k -= 1
        if k < 0 or doc.tokens[k].sentence != m.sentence:
            return False
        prev = doc.tokens[k]
        inside = prev.text.lower() in {"в", "во"} and "loct" in doc.tokens[m.i].cases | doc.tokens[min(m.i + 1, m.j - 1)].cases
        return inside or prev.lemma in {"участник", "резидент", "проект"}

    # --- COOPERATES_WITH ------------------------------------------------------------

    def _cooperates(self, doc, view, types, post_org, presence, lemmas, region_body, main=None,
                    signed: bool = False) -> list[RelationDraft]:
        """Parties of an agreement, partnership or joint work; ``signed``: "Документ подписали …" after an agreement."""
        if not (self.cooperation & lemmas) and not signed:
            return []
        has_between = "между" in lemmas
        joint = bool({"совместно", "совместный"} & lemmas)
        if not (self.signing & lemmas or has_between or joint or signed):
            return []
        if self.membership & lemmas and not has_between:
            return []
        sent = doc.sentences[view.index]
        toks = doc.tokens[sent.first_token : sent.last_token]
        # the topic of the agreement ("о создании кластера ...") names no party
        topic_from = None
        agreement_at = next((k for k, t in enumerate(toks) if t.lemma in {"соглашение", "договор", "меморандум"}), None)
        if agreement_at is not None:
            # "соглашение [между X и Y] о создании Z": the topic starts at the first "о" after the noun
            topic_at = next((k for k in range(agreement_at + 1, len(toks)) if toks[k].text in {"о", "об"}), None)
            # "соглашение о сотрудничестве УГАТУ с заводом": a cooperation topic is followed by the parties
            after = [t.lemma for t in toks[topic_at + 1 : topic_at + 3]] if topic_at is not None else []
            if topic_at is not None and not (set(after) & _COOPERATION_TOPICS):
                topic_from = sent.first_token + topic_at
        parties: list[tuple[int, int]] = []  # (token position, entity)
        for m in view.orgs:
            if m.entity < 0 or types[m.entity] not in ORG_TYPES:
                continue
            if types[m.entity] == "Cluster" and not has_between:
                continue
            if topic_from is not None and m.i > topic_from and not self._after_with(doc, topic_from, m.i):
                continue
            if _inside_post(m, view) or _governed_by_membership(doc, m):
                continue
            parties.append((m.i, m.entity))
        for p in view.people:
            if p.entity in post_org and p.entity not in presence:
                parties.append((p.i, post_org[p.entity]))
        if region_body is not None:
            for k, t in enumerate(toks):
                if t.lemma == "регион" and "ablt" in t.cases:
                    parties.append((sent.first_token + k, region_body))
        parties += generic_parties(doc, view, main or {}, topic_from)
        # bodies named "в присутствии …" witness the signing, they are no party
        present = next((sent.first_token + k for k, t in enumerate(toks) if t.lemma == "присутствие"), None)
        if present is not None:
            parties = [p for p in parties if p[0] < present]
        if has_between:
            at = next(sent.first_token + k for k, t in enumerate(toks) if t.lemma == "между")
            parties = [p for p in parties if p[0] > at] or parties
        parties.sort()
        ents = list(dict.fromkeys(e for _, e in parties))
        if len(ents) < 2:
            return []
        with_at = None
        if not has_between:
            for k, t in enumerate(toks):
                if t.text.lower() in {"с", "со", "c"} and k + 1 < len(toks):
                    with_at = sent.first_token + k
                    break
        pairs: set[tuple[int, int]] = set()
        if with_at is not None:
            left = list(dict.fromkeys(e for pos, e in parties if pos < with_at))
            right = list(dict.fromkeys(e for pos, e in parties if pos > with_at))
            if left and right:
                pairs = {(a, b) for a in left for b in right if a != b}
            else:
                pairs = {(a, b) for a, b in combinations(right or left, 2)}
        else:
            # "договор между A и B, а также договор между A и C": each "между" opens its own set of parties
            betweens = [sent.first_token + k for k, t in enumerate(toks) if t.lemma == "между"]
            groups: dict[int, list[int]] = {}
            for pos, e in parties:
                groups.setdefault(max((b for b in betweens if b < pos), default=-1), []).append(e)
            pairs = {(a, b) for group in groups.values() for a, b in combinations(dict.fromkeys(group), 2) if a != b}
        out = [RelationDraft("COOPERATES_WITH", a, b, view.index, 0.75) for a, b in sorted(pairs)]
        # the parties of an agreement or joint work on a project named in the sentence take part in it
        projects = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project"]
        if not projects and main and "Project" in main and ({"проект"} | {main.get("Project:head"), main.get("Project:noun")}) & lemmas:
            projects = [main["Project"]]  # "Проект подготовил ТулГУ совместно с …": the article's project
        parties_of = dict.fromkeys(e for pair in sorted(pairs) for e in pair)
        out += [RelationDraft("PARTICIPATES_IN", e, p, view.index, 0.7) for p in dict.fromkeys(projects) for e in parties_of if e != p]
        return out

    def _after_with(self, doc, start, end) -> bool:
        return any(doc.tokens[k].text.lower() in {"с", "со"} for k in range(start, end))


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
    k = m.i - 1
    while k >= 0 and doc.tokens[k].is_quote:
        k -= 1
    if k < 0 or doc.tokens[k].sentence != m.sentence:
        return False
    cue = doc.tokens[k]
    return cue.lemma in {"резидент", "участник"} and "plur" in cue.tags and "gent" not in cue.cases


def _descriptor(doc: Document, k: int, start: int) -> bool:
    """The noun at k introduces the name at start: only quotes and adjectives between them."""
    return k < start <= k + 4 and all(t.is_quote or t.pos in ("ADJF", "PRTF") for t in doc.tokens[k + 1 : start])


def _inside_post(m: Mention, view: SentenceView) -> bool:
    return any(p.post_span and p.post_span[0] <= m.i < p.post_span[1] for p in view.people)


def _governed_by_membership(doc: Document, m: Mention) -> bool:
    """ "предприятиями ОПК, входящими в Госкорпорацию «Ростех»": the body a party belongs to is no party itself."""
    words = [t for t in doc.tokens[max(0, m.i - 3) : m.i] if t.sentence == m.sentence and t.is_word]
    return any(t.lemma in {"входить", "входящий"} for t in words) or (len(words) >= 2 and words[-2].text.lower() == "в" and words[-1].lemma == "состав")
