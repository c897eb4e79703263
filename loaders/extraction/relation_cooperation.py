"""COOPERATES_WITH: parties of an agreement, partnership or joint work, and the bodies a project is built on."""

from __future__ import annotations

from itertools import combinations

from graph.word_lists import word_set
from loaders.extraction.relation_base import (
    _AUTHORITIES,
    _COOPERATION_TOPICS,
    MEMBER_TYPES,
    ORG_TYPES,
    RelationDraft,
    _governed_by_membership,
    _inside_post,
    generic_parties,
)
from loaders.extraction.relation_scope import cue_clauses, in_clauses, is_non_party

_JOINT = word_set("joint_cues", "loaders.extraction")
_JOINT_WORDS = word_set("joint_words", "loaders.extraction")
_BUILT = word_set("building_verbs", "loaders.extraction")
_AGREEMENT_DOCUMENTS = word_set("agreement_documents", "loaders.extraction")
_ABOUT = word_set("about_prepositions", "loaders.extraction")
_WITH = word_set("with_prepositions", "loaders.extraction")


class CooperationRules:
    """A part of RelationRules (relations.py), which holds the cue sets these methods read."""

    def _cooperates(self, doc, view, types, post_org, presence, lemmas, region_body, main=None,
                    signed: bool = False, implied: list[int] = ()) -> list[RelationDraft]:
        """Parties of an agreement, partnership or joint work; ``signed``: "Документ подписали …" after an agreement."""
        if not (self.cooperation & lemmas) and not signed:
            return []
        has_between = "между" in lemmas
        joint = bool(_JOINT_WORDS & lemmas)
        if not (self.signing & lemmas or has_between or joint or signed or self._reached(lemmas)):
            return []
        if self.membership & lemmas and not has_between:
            return []
        sent = doc.sentences[view.index]
        toks = doc.tokens[sent.first_token : sent.last_token]
        # the topic of the agreement ("о создании кластера ...") names no party
        topic_from = None
        agreement_at = next((k for k, t in enumerate(toks) if t.lemma in _AGREEMENT_DOCUMENTS), None)
        if agreement_at is not None:
            # "соглашение [между X и Y] о создании Z": the topic starts at the first "о" after the noun
            topic_at = next((k for k in range(agreement_at + 1, len(toks)) if toks[k].text in _ABOUT), None)
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
            if topic_from is not None and m.i > topic_from and not self._after_with(doc, topic_from, m.i) \
                    and not self._signed_after(doc, topic_from, m.i):
                continue
            if _inside_post(m, view) or _governed_by_membership(doc, m) or is_non_party(doc, m):
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
        # "A и B подписали соглашение, а C открыло цех": C is in a clause no cue governs
        clauses = cue_clauses(doc, view.index, self.cooperation | self.signing | _JOINT)
        parties = [p for p in parties if in_clauses(p[0], clauses)]
        parties.sort()
        ents = list(dict.fromkeys(e for _, e in parties))
        if len(ents) < 2:
            return []
        with_at = None
        if not has_between:
            for k, t in enumerate(toks):
                if (t.text.lower() in _WITH or t.text.lower() == "c") and k + 1 < len(toks):  # "c": a Latin letter for «с»
                    with_at = sent.first_token + k
                    break
        pairs: set[tuple[int, int]] = set()
        if with_at is not None:
            left = list(dict.fromkeys(e for pos, e in parties if pos < with_at))
            right = list(dict.fromkeys(e for pos, e in parties if pos > with_at))
            verb = next((k for k in range(with_at + 1, sent.last_token) if doc.tokens[k].pos == "VERB"), None)
            listed = list(dict.fromkeys(e for pos, e in parties if with_at < pos < (verb or with_at)))
            subjects = [e for e in dict.fromkeys(e for pos, e in parties if verb is not None and pos > verb) if e not in listed]
            if left and right:
                pairs = {(a, b) for a in left for b in right if a != b}
            elif listed and subjects:
                # "Соглашение с A подписал директор B": the subject after the verb is the other side
                pairs = {(a, b) for a in subjects for b in listed if a != b}
            elif right and self._unnamed_side(doc, with_at):
                # "Заключены соглашения с A, B и C": each with the body the text is about, not with each other;
                # "Кластер X заключил соглашения о сотрудничестве с A, B и C": with the cluster before "с"
                own = [m.entity for m in view.orgs if m.entity >= 0 and m.i < with_at and types[m.entity] == "Cluster"]
                pairs = {(a, b) for a in (own[:1] or implied) for b in right if a != b}
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

    def _signed_after(self, doc, topic_from: int, at: int) -> bool:
        """ "Соглашение о создании кластера X подписали A и B": a signing verb closes the topic, its subjects follow."""
        return any(doc.tokens[k].lemma in self.signing and doc.tokens[k].pos == "VERB" for k in range(topic_from, at))

    def _reached(self, lemmas) -> bool:
        """ "по договорённости A с B": an arrangement is made, no signing needed."""
        return "договоренность" in lemmas

    def _unnamed_side(self, doc, with_at: int) -> bool:
        """ "соглашения с A и B" with no party before "с": the other side is not named in the sentence."""
        words = [t for t in doc.tokens[max(0, with_at - 5) : with_at] if t.is_word and t.sentence == doc.tokens[with_at].sentence]
        # "соглашения о сотрудничестве с …": the agreement's cooperation topic may stand between the noun and "с"
        while len(words) >= 2 and words[-1].lemma in _COOPERATION_TOPICS and words[-2].text.lower() in _ABOUT:
            words = words[:-2]
        return bool(words) and (words[-1].lemma in _AGREEMENT_DOCUMENTS or words[-1].lemma == "договоренность")

    def _after_with(self, doc, start, end) -> bool:
        return any(doc.tokens[k].text.lower() in _WITH for k in range(start, end))


    def _members_sign(self, drafts: list[RelationDraft], deal: list[int] | None, types: list[str]) -> list[RelationDraft]:
        """Parties signing an agreement on a cluster they create or join are its members, not partners of each
        other; an authority among them still cooperates with each (ANNOTATION.md, Agreements)."""
        if deal is None:
            return drafts
        out, members = [], []
        for d in drafts:
            if d.type == "COOPERATES_WITH" and not {types[d.source], types[d.target]} & _AUTHORITIES:
                members += [d.source, d.target]
                continue
            out.append(d)
        out += [RelationDraft("PARTICIPATES_IN", m, c, d.sentence, 0.7) for m in dict.fromkeys(members) for c in deal
                if m != c and types[m] != "Cluster"]
        return out

    def _on_base(self, doc, view, types) -> list[RelationDraft]:
        """ "ВТБ создаст кампус на базе СПбПУ", "кампус на базе ТулГУ и ТГПУ": the bodies a project is built on
        and the one building it work together (pairwise)."""
        sent = doc.sentences[view.index]
        at = next((k for k in range(sent.first_token, sent.last_token - 1)
                   if doc.tokens[k].text.lower() == "на" and doc.tokens[k + 1].lemma == "база"), None)
        parties = [m for m in view.orgs if m.entity >= 0 and types[m.entity] in MEMBER_TYPES]
        backers = self._backed(doc, view, parties) if at is not None else []
        if at is None or not any(m.entity >= 0 and types[m.entity] == "Project"
                                 and (m.i < at or backers or self._built_after(doc, at, m.i)) for m in view.orgs):
            return []
        bases, k = [], at + 2
        for m in sorted((m for m in parties if m.i >= k), key=lambda m: m.i):
            if any(doc.tokens[n].text not in {",", "и"} and not doc.tokens[n].is_quote for n in range(k, m.i)):
                break
            bases.append(m.entity)
            k = m.j
        builders = [m.entity for m in parties if m.i < at and "nomn" in doc.tokens[m.i].cases and not _inside_post(m, view)]
        builders = backers + builders  # "на базе A при поддержке B будет создан кампус"
        ents = list(dict.fromkeys(builders[:1] + bases))
        if not bases:
            return []
        out = [RelationDraft("COOPERATES_WITH", a, b, view.index, 0.65) for a, b in combinations(ents, 2)]
        return out + [RelationDraft("PARTICIPATES_IN", b, p, view.index, 0.7) for p in self._based_project(doc, view, types, at)
                      for b in bases]

    def _based_project(self, doc, view, types, at: int) -> list[int]:
        """The project named right before "на базе", maybe with the cluster it belongs to between them
        ("создание центра кластера X на базе A")."""
        owners = {n for c in view.orgs if c.entity >= 0 and types[c.entity] == "Cluster" for n in range(c.i, c.j)}
        before = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project" and m.j <= at
                  and all(doc.tokens[n].is_quote or n in owners for n in range(m.j, at))][-1:]
        # "На базе A и B будет создан технопарк X": the project the creation verb after the bases introduces
        return before or [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] == "Project" and m.i > at
                          and self._built_after(doc, at, m.i)][:1]

    def _built_after(self, doc, at: int, start: int) -> bool:
        """A creation verb or participle stands between "на базе …" and the project that follows it."""
        return any(doc.tokens[n].lemma in _BUILT and doc.tokens[n].pos in ("VERB", "INFN", "PRTS", "PRTF")
                   for n in range(at + 2, start))

    def _backed(self, doc, view, parties) -> list[int]:
        """ "при поддержке банка B": the body backing the project, named right after the cue."""
        sent = doc.sentences[view.index]
        cue = next((k for k in range(sent.first_token + 1, sent.last_token)
                    if doc.tokens[k].lemma == "поддержка" and doc.tokens[k - 1].text.lower() == "при"), None)
        if cue is None:
            return []
        after = [m for m in parties if cue < m.i <= cue + 3]
        return [after[0].entity] if after else []
