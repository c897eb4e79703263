"""Scoring as ANNOTATION.md "How a prediction is matched" says: micro P/R/F1 over articles.

Relations match when both ends match and the type is the same (COOPERATES_WITH in either direction).
Gold reading lives in gold.py, entity matching in matching.py, NEREL's brat files in nerel.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from loaders.evaluation.gold import Doc, GoldEntity, GoldRelation
from loaders.evaluation.matching import Matcher, _one_to_one

__all__ = ["Counts", "Score", "score_documents"]


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Score:
    typed: Counts = field(default_factory=Counts)
    untyped: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    by_relation: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "entities_typed": self.typed.as_dict(),
            "entities_untyped": self.untyped.as_dict(),
            "relations": self.relations.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "by_relation": {k: v.as_dict() for k, v in sorted(self.by_relation.items())},
        }


def _ordered(preds: list[GoldEntity], golds: list[GoldEntity], matcher: Matcher) -> list[int]:
    """Predictions with an exact name match first, so fuzzy rules do not take their gold."""
    exact = [i for i, p in enumerate(preds) if any(matcher.names_match(p, g) for g in golds)]
    rest = [i for i in range(len(preds)) if i not in set(exact)]
    return exact + rest


def score_documents(gold_docs: Iterable[Doc], pred_docs: Iterable[Doc], matcher: Matcher | None = None,
                    keep_errors: bool = False) -> Score:
    """Micro-averaged scores of predicted documents against gold ones, paired by id."""
    matcher = matcher or Matcher()
    preds_by_id = {d.id: d for d in pred_docs}
    score = Score()
    for gold in gold_docs:
        pred = preds_by_id.get(gold.id, Doc(id=gold.id))
        order = _ordered(pred.entities, gold.entities, matcher)
        preds = [pred.entities[i] for i in order]
        typed = _one_to_one(preds, gold.entities, lambda p, g: matcher.match(p, g, typed=True))
        untyped = _one_to_one(preds, gold.entities, lambda p, g: matcher.match(p, g, typed=False))
        score.typed.add(len(typed), len(preds), len(gold.entities))
        score.untyped.add(len(untyped), len(preds), len(gold.entities))
        matched_pred = {preds[pi].name for pi, _ in typed}
        matched_gold = {gold.entities[gi].name for _, gi in typed}
        for t in {e.type for e in preds} | {e.type for e in gold.entities}:
            c = score.by_type.setdefault(t, Counts())
            c.add(sum(1 for pi, gi in typed if gold.entities[gi].type == t), sum(1 for e in preds if e.type == t),
                  sum(1 for e in gold.entities if e.type == t))
        rel_pairs = _one_to_one(pred.relations, gold.relations, lambda p, g, pred=pred, gold=gold: _relation_match(p, g, pred, gold, matcher))
        score.relations.add(len(rel_pairs), len(pred.relations), len(gold.relations))
        for t in {r.type for r in pred.relations} | {r.type for r in gold.relations}:
            c = score.by_relation.setdefault(t, Counts())
            c.add(sum(1 for pi, gi in rel_pairs if gold.relations[gi].type == t), sum(1 for r in pred.relations if r.type == t),
                  sum(1 for r in gold.relations if r.type == t))
        if keep_errors:
            got_rel_p = {pi for pi, _ in rel_pairs}
            got_rel_g = {gi for _, gi in rel_pairs}
            score.errors.append({
                "id": gold.id,
                "false_entities": [f"{e.type}:{e.name}" for e in preds if e.name not in matched_pred],
                "missed_entities": [f"{e.type}:{e.name}" for e in gold.entities if e.name not in matched_gold],
                "false_relations": [f"{r.source} {r.type} {r.target}" for i, r in enumerate(pred.relations) if i not in got_rel_p],
                "missed_relations": [f"{r.source} {r.type} {r.target}" for i, r in enumerate(gold.relations) if i not in got_rel_g],
            })
    return score


def _relation_match(p: GoldRelation, g: GoldRelation, pred: Doc, gold: Doc, matcher: Matcher) -> bool:
    if p.type != g.type:
        return False

    def ends(a: str, b: str) -> bool:
        return matcher.match(pred.entity(a), gold.entity(b), typed=False) or matcher.same(a, b)

    if ends(p.source, g.source) and ends(p.target, g.target):
        return True
    return p.type == "COOPERATES_WITH" and ends(p.source, g.target) and ends(p.target, g.source)
