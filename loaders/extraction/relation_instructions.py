"""INSTRUCTED_BY: a cluster or project created by a decree, on an instruction ("по поручению"), or by a decision."""

from __future__ import annotations

from graph.word_lists import word_set
from loaders.extraction.relation_base import (
    _ANAPHORS,
    _BREAKS,
    _CREATION,
    _DECREES,
    RelationDraft,
)

_CREATED = word_set("created_verbs", "loaders.extraction")  # "создан", "учреждён" (short participles)
_INSTRUCTION_CUES = word_set("instruction_cues", "loaders.extraction")
_RECALLING = word_set("recalling_words", "loaders.extraction")  # "это поручение"
_REFERRING = word_set("referring_words", "loaders.extraction")  # "соответствующий приказ"


class InstructionRules:
    """A part of RelationRules (relations.py), which holds the cue sets these methods read."""

    def _decreed(self, doc, view, types, lemmas) -> list[RelationDraft]:
        """ "Мишустин подписал постановление о создании центра X", "указом Президента РФ создан кластер X",
        "постановлением правительства создан X": the creation is instructed by whoever issued the act. Inclusion
        in a registry by a ministry's order is not (ANNOTATION.md, Instructions)."""
        if not (lemmas & _DECREES) or not (lemmas & _CREATION) or "реестр" in lemmas:
            return []
        sent = doc.sentences[view.index]
        cue = next(k for k in range(sent.first_token, sent.last_token) if doc.tokens[k].lemma in _DECREES)
        created = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")
                   and (m.i > cue or self._created_by_act(doc, m.j, cue))]
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

    def _created_by_act(self, doc, start: int, cue: int) -> bool:
        """ "Кластер X создан постановлением …": the body named before the act is the subject of a creation verb
        that governs the act (nothing but that verb and short words between them)."""
        between = [t for t in doc.tokens[start:cue] if t.is_word]
        return len(between) <= 3 and any(t.lemma in _CREATION or t.lemma in _CREATED for t in between)

    def _instructed(self, doc, view, types, main, lemmas, remembered: int | None = None) -> list[RelationDraft]:
        if "поручение" not in lemmas and not ({"исполнение"} & lemmas and "указ" in lemmas):
            return self._decreed(doc, view, types, lemmas)
        cue_at = next(k for k, t in enumerate(doc.tokens[doc.sentences[view.index].first_token : doc.sentences[view.index].last_token])
                      if t.lemma in _INSTRUCTION_CUES)
        cue_at += doc.sentences[view.index].first_token
        # who instructs is named right after the cue, before any break ("Поручение выполнено: кластер … в Минпромторге")
        end = next((k for k in range(cue_at + 1, doc.sentences[view.index].last_token) if doc.tokens[k].text in _BREAKS),
                   doc.sentences[view.index].last_token)
        instructors = [m.entity for m in view.people if cue_at < m.i < end and m.entity >= 0]
        instructors += [m.entity for m in view.orgs if cue_at < m.i < end and m.entity >= 0 and types[m.entity] == "FederalBody"
                        and not any(cue_at < p.i < end and p.entity >= 0 for p in view.people)]
        if not instructors and remembered is not None and self._recalled(doc, cue_at):
            instructors = [remembered]  # "Поручение выполнено: кластер X создан" after "X поручил …"
        sources = [m.entity for m in view.orgs if m.entity >= 0 and types[m.entity] in ("Cluster", "Project")]
        # "По поручению губернатора X региональный минпромторг поможет …": the body acting on it, named right after
        named_end = max((m.j for m in view.people + view.orgs if m.entity in instructors and m.i > cue_at), default=None)
        acting = [m for m in view.orgs if named_end is not None and named_end <= m.i <= named_end + 2 and m.entity >= 0
                  and m.entity not in instructors and "nomn" in doc.tokens[m.i].cases]
        if acting and types[acting[0].entity] != "Cluster":
            sources = [acting[0].entity]
        elif self._registry(lemmas):
            return []  # "по поручению губернатора … рассмотрена заявка на включение в реестр": no creation
        if not sources:
            for lemma, kind in _ANAPHORS.items():
                if lemma in lemmas and kind in main:
                    sources.append(main[kind])
                    break
        return [RelationDraft("INSTRUCTED_BY", s, t, view.index, 0.8) for s in dict.fromkeys(sources) for t in dict.fromkeys(instructors) if s != t]

    def _registry(self, lemmas) -> bool:
        return "реестр" in lemmas

    def _recalled(self, doc, cue_at: int) -> bool:
        """The instruction is one told before: "Поручение выполнено", "это поручение", "во исполнение поручения"
        with nobody named after it."""
        sent = doc.sentences[doc.tokens[cue_at].sentence]
        words = [t for t in doc.tokens[sent.first_token : cue_at] if t.is_word]
        return not words or words[-1].lemma in _RECALLING

    def _subject_decides(self, doc, cue: int) -> bool:
        """ "… принял решение": "принять" right before "решение" (maybe with "такое"/"окончательное" between)."""
        words = [t for t in doc.tokens[max(0, cue - 3) : cue] if t.is_word and t.sentence == doc.tokens[cue].sentence]
        return any(t.lemma == "принять" and t.pos == "VERB" for t in words)

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
            if cue == sent.first_token or doc.tokens[cue - 1].lemma not in _REFERRING:
                return []
            created = created_before
        else:
            return []
        people = [m.entity for m in view.people if m.entity >= 0 and m.i > cue]
        bodies = [m.entity for m in view.orgs if m.entity >= 0 and m.i > cue and types[m.entity] in ("FederalBody", "RegionalBody")]
        if not people and not bodies and doc.tokens[cue].lemma == "решение" and self._subject_decides(doc, cue):
            # "Губернатор X принял решение о создании …": the one who decides is the subject before the verb
            people = [m.entity for m in view.people if m.entity >= 0 and m.i < cue][-1:]
        issuers = people[:1] or bodies[:1]
        return [RelationDraft("INSTRUCTED_BY", c, i, view.index, 0.7) for c in dict.fromkeys(created) for i in issuers if c != i]
