"""The learned layer at run time: on top of the rules' candidates, keep and type the entities, pick the relations.

The rules propose (entity drafts, relation drafts); the entity classifier keeps a draft or drops it and may
change its type; the relation classifier scores every ordered pair named in one sentence (and every pair
the rules related) and keeps the best type when it is likely enough and its type signature was seen in
training. Features are computed once per article (``candidates``) so cross-validation can reuse them.
"""

from __future__ import annotations

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
    none = classes.index(NONE) if NONE in classes else -1
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

    scored = {}
    for k, (a, b, sent, _) in enumerate(pairs):
        scored[(a, b)] = (probs[k], sent)
    for r in s.relations:  # the rules' relations, unless the model is sure there is none
        p = scored.get((r.source, r.target))
        learned = model.relation.support.get(r.type, 0) >= MIN_SUPPORT
        if p is None or none < 0 or p[0][none] < model.relation_threshold("relation_drop", r.type) or not learned:
            take(r)
    for (a, b), (p, sent) in sorted(scored.items(), key=lambda kv: -max(v for i, v in enumerate(kv[1][0]) if i != none)):
        score, type_ = max((v, classes[i]) for i, v in enumerate(p) if i != none)
        if score < model.relation_threshold("relation_add", type_) or model.relation.support.get(type_, 0) < MIN_SUPPORT or (s.drafts[a].type, type_, s.drafts[b].type) not in model.signatures:
            continue
        if any(r.type == type_ for r in rules.get((a, b), ())):
            continue
        take(RelationDraft(type_, a, b, sent, round(float(score), 3), extractor="learned"))
    s.relations = chosen
