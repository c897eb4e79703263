"""The learned layer at run time: on top of the rules' candidates, keep and type the entities, pick the relations.

The rules propose (entity drafts, relation drafts); the entity classifier keeps a draft or drops it and may
change its type; the relation classifier scores every ordered pair named in one sentence (and every pair
the rules related) and keeps the best type when it is likely enough and its type signature was seen in
training. Features are computed once per article (``candidates``) so cross-validation can reuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from loaders.extraction import stage_relations
from loaders.extraction.article_state import ArticleState
from loaders.extraction.learned.features import entity_features, pair_candidates, rule_roles
from loaders.extraction.learned.model import MIN_SUPPORT, NEVER, NONE, RELATION_THRESHOLDS, LearnedModel
from loaders.extraction.relations import RelationDraft

SYMMETRIC = {"COOPERATES_WITH"}


@dataclass
class Candidates:
    """One article's candidates as the classifiers see them."""

    entities: list[dict[str, float]]  # one per draft, in draft order
    pairs: list[tuple[int, int, int, dict[str, float]]]  # (source, target, sentence, features)


def candidates(ex, s: ArticleState, vectors: bool = False) -> Candidates:
    main = stage_relations.main_entities(ex, s.drafts)
    roles = rule_roles(s)
    return Candidates(
        entities=[entity_features(ex, s, n, roles, vectors) for n in range(len(s.drafts))],
        pairs=pair_candidates(ex, s, main),
    )


def acts_on_entities(model: LearnedModel) -> bool:
    """Whether training found an entity threshold worth using (else the rules' entities stand, unscored)."""
    return model.entity is not None and (model.thresholds["entity_drop"] < NEVER or model.thresholds["entity_add"] < NEVER)


def acts_on_relations(model: LearnedModel) -> bool:
    """Whether training found a relation threshold worth using for some type (else no pair is scored)."""
    return model.relation is not None and any(v < NEVER for kind in RELATION_THRESHOLDS for v in model.thresholds.get(kind, {}).values())


def apply(model: LearnedModel, s: ArticleState, c: Candidates | None) -> None:
    """Decide entities then relations, in place on the article's state (before assembly).

    The rules' decisions stand unless the model is confident otherwise: a kept draft is dropped when
    P(NONE) reaches ``entity_drop``, a draft the rules left out comes back when P(NONE) falls below
    ``1 - entity_add``; a rule relation of type T is dropped when P(NONE) reaches ``relation_drop[T]``, a new
    one of type T needs P(T) ≥ ``relation_add[T]`` (per type, chosen in training by an inner cross-validation).
    Only types with MIN_SUPPORT training examples are overruled or added.
    Types stay the rules': in cross-validation, retyping by the model broke
    more types than it fixed. ``c`` may be None when the model acts on neither (see ``acts_on_*``).
    """
    t = model.thresholds
    if c is not None and acts_on_entities(model) and c.entities:
        classes = model.entity.classes
        none = classes.index(NONE) if NONE in classes else -1
        keep = set()
        for n, p in enumerate(model.entity.proba(c.entities)):
            p_none = p[none] if none >= 0 else 0.0
            learned = model.entity.support.get(s.drafts[n].type, 0) >= MIN_SUPPORT
            if p_none >= (t["entity_drop"] if n in s.keep else 1 - t["entity_add"]) and (learned or n not in s.keep):
                continue
            keep.add(n)
        s.keep = keep
    if model.relation is None:
        return
    rules: dict[tuple[int, int], list[RelationDraft]] = {}
    for r in s.relations:
        rules.setdefault((r.source, r.target), []).append(r)
    classes = model.relation.classes
    # no threshold below NEVER: the rules decide every relation type, so the pairs need no scoring
    active = c is not None and acts_on_relations(model)
    pairs = [(a, b, sent, f) for a, b, sent, f in c.pairs if a in s.keep and b in s.keep] if active else []
    probs = model.relation.proba([f for *_, f in pairs]) if pairs else []
    chosen: list[RelationDraft] = []
    taken: set[tuple[int, int, str]] = set()

    def take(r: RelationDraft) -> None:
        key = (r.source, r.target, r.type)
        if key in taken or (r.type in SYMMETRIC and (r.target, r.source, r.type) in taken):
            return
        taken.add(key)
        chosen.append(r)

    scored = {(a, b): (dict(zip(classes, map(float, probs[k]))), sent) for k, (a, b, sent, _) in enumerate(pairs)}
    decided = {}
    for pair, (proba, _) in scored.items():
        rule_types = {r.type for r in rules.get(pair, ()) if model.relation.support.get(r.type, 0) >= MIN_SUPPORT}
        decided[pair] = relation_decision(rule_types, proba, lambda t: model.relation_threshold("relation_drop", t),
                                          lambda t: model.relation_threshold("relation_add", t))
    for r in s.relations:  # the rules' relations, unless the model is sure there is none
        learned = model.relation.support.get(r.type, 0) >= MIN_SUPPORT
        if (r.source, r.target) not in decided or not learned or r.type in decided[(r.source, r.target)]:
            take(r)
    for (a, b), (proba, sent) in sorted(scored.items(), key=lambda kv: -max((v for t, v in kv[1][0].items() if t != NONE), default=0.0)):
        for type_ in decided[(a, b)] - {r.type for r in rules.get((a, b), ())}:
            if model.relation.support.get(type_, 0) >= MIN_SUPPORT and (s.drafts[a].type, type_, s.drafts[b].type) in model.signatures:
                take(RelationDraft(type_, a, b, sent, round(proba[type_], 3), extractor="learned"))
    s.relations = chosen


def relation_decision(rule_types: set[str], proba: dict[str, float], drop_at: Callable[[str], float],
                      add_at: Callable[[str], float]) -> set[str]:
    """The relation types kept on one pair: each rule type unless P(NONE) reaches its drop threshold, plus the
    model's most likely type when the rules did not give it and it reaches its add threshold. Training simulates
    the layer with this same function (``loaders.evaluation.thresholds``)."""
    out = {t for t in rule_types if proba.get(NONE, 0.0) < drop_at(t)}
    scored = [(v, t) for t, v in proba.items() if t != NONE]
    if scored:
        v, t = max(scored)
        if t not in rule_types and v >= add_at(t):
            out.add(t)
    return out
