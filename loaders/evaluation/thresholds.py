"""Per-relation-type decision thresholds of the learned layer, chosen by cross-validation inside the training set.

How sure the relation classifier must be to drop a rule's relation, or to add one the rules did not find, is
worth choosing per type: on one type the rules are precise and the model should stay out, on another the
model ranks well. Training runs an inner K-fold over its own articles, keeps the held-out probabilities and
picks, type by type, the pair of thresholds that maximises that type's F1 on them; a type keeps the rules'
decisions (NEVER) unless a pair of thresholds wins at least MIN_GAIN relations (true won minus false let in).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from loaders.extraction.learned.layer import SYMMETRIC, relation_decision
from loaders.extraction.learned.model import MIN_SUPPORT, NEVER, NONE, LinearClassifier

DROP_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, NEVER)  # drop a rule relation when P(no relation) reaches this
ADD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, NEVER)  # add a relation when P(type) reaches this
INNER_FOLDS = 3  # 5 chose the same thresholds on the shared data at twice the training time
MIN_GAIN = 4.0  # net relations (true gained minus false gained) a threshold must win over the rules' decisions


@dataclass
class _Pair:
    """One held-out candidate pair: the rules' types on it, its gold label and the model's probabilities."""

    article: int
    key: tuple[int, int]  # (source, target), unordered for a symmetric type
    rule: set[str]
    label: str
    proba: dict[str, float]


def _held_out_pairs(examples, fit_relation: Callable[[list], LinearClassifier | None]) -> list[_Pair] | None:
    out: list[_Pair] = []
    for k in range(INNER_FOLDS):
        train = [e for n, e in enumerate(examples) if n % INNER_FOLDS != k]
        model = fit_relation(train)
        if model is None:
            return None
        for n, e in enumerate(examples):
            if n % INNER_FOLDS != k or not e.candidates.pairs:
                continue
            probs = model.proba([f for *_, f in e.candidates.pairs])
            for (a, b, _, f), lab, p in zip(e.candidates.pairs, e.pair_labels, probs):
                rule = {name[5:] for name in f if name.startswith("rule:")}
                out.append(_Pair(n, (a, b), rule, lab, dict(zip(model.classes, map(float, p)))))
    return out


def _counts(pairs: list[_Pair], drop: dict[str, float], add: dict[str, float], types: set[str]) -> tuple[int, int]:
    """(true, emitted) relations over the held-out pairs, a symmetric type counted once per unordered pair."""
    emitted: dict[tuple, bool] = {}
    for p in pairs:
        for t in relation_decision(p.rule, p.proba, lambda t: drop.get(t, NEVER), lambda t: add.get(t, NEVER)) & types:
            key = (p.article, t, tuple(sorted(p.key)) if t in SYMMETRIC else p.key)
            emitted[key] = emitted.get(key, False) or p.label == t
    return sum(emitted.values()), len(emitted)


def _f1(tp: int, pred: int, gold: int) -> float:
    return 2 * tp / (pred + gold) if pred + gold else 0.0


def choose(examples, fit_relation: Callable[[list], LinearClassifier | None], support: dict[str, int]) -> dict[str, dict[str, float]]:
    """{"relation_drop": {type: threshold}, "relation_add": {type: threshold}} from an inner cross-validation."""
    types = sorted(t for t, n in support.items() if t != NONE and n >= MIN_SUPPORT)
    drop = {t: NEVER for t in types}
    add = {t: NEVER for t in types}
    if len(examples) < 2 * INNER_FOLDS or not types:
        return {"relation_drop": drop, "relation_add": add}
    pairs = _held_out_pairs(examples, fit_relation)
    if pairs is None:
        return {"relation_drop": drop, "relation_add": add}
    gold = {t: sum(e.gold_counts.get(t, 0) for e in examples) for t in types}
    for t in types:
        base_tp, base_pred = _counts(pairs, drop, add, {t})
        best = (_f1(base_tp, base_pred, gold[t]), NEVER, NEVER)
        for d in DROP_GRID:
            for a in ADD_GRID:
                tp, pred = _counts(pairs, {**drop, t: d}, {**add, t: a}, {t})
                gain = (tp - base_tp) - ((pred - tp) - (base_pred - base_tp))  # true won minus false let in
                score = _f1(tp, pred, gold[t])
                if gain >= MIN_GAIN and score > best[0] + 1e-9:
                    best = (score, d, a)
        drop[t], add[t] = best[1], best[2]
    return {"relation_drop": drop, "relation_add": add}


ENTITY_DROP_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, NEVER)  # drop a rule's entity when P(not an entity) reaches this
ENTITY_ADD_GRID = (0.6, 0.7, 0.8, 0.9, NEVER)  # bring back a draft the rules left out when P(entity) reaches this


def choose_entity(examples, fit_entity: Callable[[list], LinearClassifier | None]) -> dict[str, float]:
    """{"entity_drop": …, "entity_add": …} from an inner cross-validation: the pair of thresholds that wins the
    most entities (true kept minus false kept) over the rules' decisions, NEVER unless it wins MIN_GAIN."""
    never = {"entity_drop": NEVER, "entity_add": NEVER}
    if len(examples) < 2 * INNER_FOLDS:
        return never
    held: list[tuple[bool, bool, float]] = []  # (kept by the rules, a gold entity, P(not an entity))
    for k in range(INNER_FOLDS):
        model = fit_entity([e for n, e in enumerate(examples) if n % INNER_FOLDS != k])
        if model is None or NONE not in model.classes:
            return never
        none = model.classes.index(NONE)
        for n, e in enumerate(examples):
            if n % INNER_FOLDS != k or not e.candidates.entities:
                continue
            for f, lab, p in zip(e.candidates.entities, e.entity_labels, model.proba(e.candidates.entities)):
                kept, p_none = bool(f.get("kept")), float(p[none])
                rule_type = next((name[3:] for name in f if name.startswith("rt:")), "")
                if kept and model.support.get(rule_type, 0) < MIN_SUPPORT:
                    p_none = 0.0  # the layer never drops a type it has not learned
                held.append((kept, lab != NONE, p_none))
    best = (0.0, NEVER, NEVER)
    for d in ENTITY_DROP_GRID:
        for a in ENTITY_ADD_GRID:
            gain = 0
            for kept, true, p_none in held:
                changed = p_none >= d if kept else p_none < 1 - a
                if changed:
                    gain += (-1 if true else 1) if kept else (1 if true else -1)
            if gain >= MIN_GAIN and gain > best[0]:
                best = (gain, d, a)
    return {"entity_drop": best[1], "entity_add": best[2]}
