"""K-fold cross-validation of the learned layer: the figure to steer by, since the rules were tuned on
these articles and a model scored on its own training data flatters itself.

The rule stages run once per article (they learn nothing); each fold fits the layer on the other folds'
candidates and scores the held-out articles. Folds are fixed by a hash of the article id, so the split
does not depend on file order and is the same on every machine.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from loaders.evaluation.gold import Doc, doc_from_extraction
from loaders.evaluation.scoring import Score, score_documents
from loaders.evaluation.training import Example, fit, label, one_blas_thread
from loaders.extraction import stage_assembly
from loaders.extraction.article_state import ArticleState
from loaders.extraction.learned import layer
from loaders.extraction.learned.model import LearnedModel


@dataclass
class Prepared:
    """One annotated article after the rule stages, with its candidates and gold labels."""

    article: object
    gold: Doc
    state: ArticleState
    example: Example


def prepare(ex, pairs: list[tuple[object, Doc]], vectors: bool = False, progress: Callable[[], None] | None = None) -> list[Prepared]:
    """Run the rule stages and label the candidates of every (article, gold) pair once."""
    out = []
    with one_blas_thread():
        for article, gold in pairs:
            s = ex.rules_state(article)
            c = layer.candidates(ex, s, vectors)
            out.append(Prepared(article, gold, s, label(s, c, gold)))
            if progress is not None:
                progress()
    return out


def assign_folds(ids: list[str], k: int) -> dict[str, int]:
    """Articles ordered by the SHA-1 of their id, dealt round-robin into k folds."""
    ranked = sorted(ids, key=lambda i: hashlib.sha1(i.encode("utf-8")).hexdigest())
    return {i: n % k for n, i in enumerate(ranked)}


def predict(ex, p: Prepared, model: LearnedModel | None) -> Doc:
    """The article's extraction with ``model`` on top of its rule candidates (None: the rules alone)."""
    s = copy.deepcopy(p.state)
    if model is not None:
        layer.apply(model, s, p.example.candidates)
    return doc_from_extraction(stage_assembly.build(ex, p.article, s.doc, s.drafts, s.keep, s.relations, s.posts, s.implied))


def train_model(prepared: list[Prepared], vectors: bool = False, trained_on: dict | None = None) -> LearnedModel:
    return fit([p.example for p in prepared], vectors=vectors, trained_on=trained_on)


def cross_validate(ex, prepared: list[Prepared], folds: int, vectors: bool = False) -> dict[str, Score]:
    """Scores of the rules alone, of the K-fold held-out predictions, and of the fit-on-all model on its own data."""
    if folds < 2 or folds > len(prepared):
        raise ValueError(f"--folds must be between 2 and the number of articles ({len(prepared)})")
    fold = assign_folds([p.article.id for p in prepared], folds)
    golds = [p.gold for p in prepared]
    held_out: list[Doc] = []
    for k in range(folds):
        model = train_model([p for p in prepared if fold[p.article.id] != k], vectors)
        held_out += [predict(ex, p, model) for p in prepared if fold[p.article.id] == k]
    everything = train_model(prepared, vectors)
    return {
        "cross_validated": score_documents(golds, held_out),
        "train_on_all": score_documents(golds, [predict(ex, p, everything) for p in prepared]),
        "rules_only": score_documents(golds, [predict(ex, p, None) for p in prepared]),
    }
