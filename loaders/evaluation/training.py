"""Fitting the learned layer (loaders.extraction.learned) from annotated ANNOTATION.md JSONL articles.

Labels come from matching the rules' candidates to the gold entities and relations with the scorer's
own matcher; scikit-learn fits, the coefficients go into a LearnedModel (JSON); run time needs numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.evaluation import thresholds
from loaders.evaluation.gold import Doc, GoldEntity
from loaders.evaluation.matching import Matcher
from loaders.extraction.article_state import ArticleState
from loaders.extraction.learned.layer import SYMMETRIC, Candidates
from loaders.extraction.learned.model import NONE, LearnedModel, LinearClassifier

ENTITY_C = 1.0  # inverse L2 strength, chosen by 5-fold cross-validation on train + dev
RELATION_C = 0.1


@dataclass
class Example:
    """One article's candidates with their gold labels."""

    candidates: Candidates
    entity_labels: list[str]  # per draft: a gold type or NONE
    pair_labels: list[str]  # per candidate pair: a relation type or NONE
    signatures: set[tuple[str, str, str]]  # (source type, relation, target type) of the gold relations
    gold_counts: dict[str, int] = field(default_factory=dict)  # gold relations per type (found or not)


def label(s: ArticleState, c: Candidates, gold: Doc, matcher: Matcher | None = None) -> Example:
    """Gold labels for the candidates: a draft is the gold entity it matches (untyped, as the scorer matches)."""
    matcher = matcher or Matcher()
    match: dict[int, set[int]] = {}
    for n, d in enumerate(s.drafts):
        pred = GoldEntity(d.name, d.type, sorted(d.aliases))
        match[n] = {g for g, ge in enumerate(gold.entities) if matcher.match(pred, ge, typed=False)}
    entity_labels = []
    for n in range(len(s.drafts)):
        hits = sorted(match[n])
        entity_labels.append(gold.entities[hits[0]].type if hits else NONE)
    index = {id(e): g for g, e in enumerate(gold.entities)}
    gold_rel: dict[tuple[int, int], str] = {}
    signatures = set()
    for r in gold.relations:
        src, tgt = gold.entity(r.source), gold.entity(r.target)
        if id(src) not in index or id(tgt) not in index:
            continue
        signatures.add((src.type, r.type, tgt.type))
        gold_rel.setdefault((index[id(src)], index[id(tgt)]), r.type)
        if r.type in SYMMETRIC:
            signatures.add((tgt.type, r.type, src.type))
            gold_rel.setdefault((index[id(tgt)], index[id(src)]), r.type)
    pair_labels = []
    for a, b, _, _ in c.pairs:
        found = sorted({gold_rel[(ga, gb)] for ga in match[a] for gb in match[b] if (ga, gb) in gold_rel})
        pair_labels.append(found[0] if found else NONE)
    gold_counts: dict[str, int] = {}
    for r in gold.relations:
        gold_counts[r.type] = gold_counts.get(r.type, 0) + 1
    return Example(c, entity_labels, pair_labels, signatures, gold_counts)


def one_blas_thread():
    """natasha's small matrix products and these small fits run 3× slower when BLAS threads fight over
    shared cores (measured on a loaded 2-core machine), so training work uses one thread."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _fit(rows: list[dict[str, float]], labels: list[str], c: float) -> LinearClassifier | None:
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return None
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(rows)
    with one_blas_thread():
        fitted = LogisticRegression(C=c, max_iter=1000, tol=1e-4).fit(x, labels)
    classes = [str(k) for k in fitted.classes_]
    coef = fitted.coef_.T
    intercept = fitted.intercept_
    if len(classes) == 2:  # sklearn keeps one column for two classes: spell out both for the softmax
        coef = np.hstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    names = list(vectorizer.get_feature_names_out())
    keep = [k for k in range(len(names)) if np.abs(coef[k]).max() >= 1e-5]
    support = {k: labels.count(k) for k in classes}
    return LinearClassifier(classes, [names[k] for k in keep], np.round(coef[keep], 5), np.round(intercept, 5), support)


def fit(examples: list[Example], vectors: bool = False, entity_c: float = ENTITY_C, relation_c: float = RELATION_C,
        trained_on: dict | None = None) -> LearnedModel:
    """Both classifiers from the examples of the training articles (deterministic: lbfgs, sorted features)."""
    entity_rows = [f for e in examples for f in e.candidates.entities]
    entity_labels = [lab for e in examples for lab in e.entity_labels]
    pair_rows = [f for e in examples for *_, f in e.candidates.pairs]
    pair_labels = [lab for e in examples for lab in e.pair_labels]
    signatures = set().union(*(e.signatures for e in examples)) if examples else set()
    model = LearnedModel(
        entity=_fit(entity_rows, entity_labels, entity_c),
        relation=_fit(pair_rows, pair_labels, relation_c),
        signatures=signatures,
        vectors=vectors,
        trained_on=trained_on or {},
    )
    if model.entity is not None:
        model.thresholds.update(thresholds.choose_entity(examples, lambda part: _fit_entity(part, entity_c)))
    if model.relation is not None:
        model.thresholds.update(thresholds.choose(examples, lambda part: _fit_relation(part, relation_c), model.relation.support))
    return model


def _fit_entity(examples: list[Example], c: float) -> LinearClassifier | None:
    return _fit([f for e in examples for f in e.candidates.entities], [lab for e in examples for lab in e.entity_labels], c)


def _fit_relation(examples: list[Example], c: float) -> LinearClassifier | None:
    return _fit([f for e in examples for *_, f in e.candidates.pairs], [lab for e in examples for lab in e.pair_labels], c)
