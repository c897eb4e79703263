"""The learned layer's model file: linear classifiers as plain JSON (no pickle), scored with numpy.

A model is data a user may receive from someone else, so it holds only numbers and feature names:
loading it cannot run code. ``FORMAT_VERSION`` changes whenever the features or the layout change;
a file of another version is refused with a ModelError naming both versions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from graph.errors import ClusterKGError

FORMAT = "clusterkg-learned-model"
FORMAT_VERSION = 2  # 2: relation thresholds per relation type, chosen by an inner cross-validation in training
NONE = "NONE"  # the class "not an entity" / "no relation"
NEVER = 1.01  # a threshold no probability reaches: on that type the rules' decision stands
DEFAULT_MODEL = "default_model.json"
# how sure the model must be to overturn the rules' entities (see layer.apply); chosen by 5-fold cross-validation
DEFAULT_THRESHOLDS = {"entity_drop": 0.8, "entity_add": 0.9}
# per relation type, {type: threshold}: drop a rule relation at P(no relation) ≥ drop, add one at P(type) ≥ add;
# training chooses them (loaders.evaluation.thresholds); a type not listed keeps the rules' decisions
RELATION_THRESHOLDS = ("relation_drop", "relation_add")
# the model overrules the rules on a type only when it has seen this many training examples of it
MIN_SUPPORT = 20


class ModelError(ClusterKGError):
    """A model file that cannot be used: missing, unreadable, not a model, or from another version."""


@dataclass
class LinearClassifier:
    """Multinomial logistic regression: P(class | x) = softmax(x · coef + intercept), x a sparse feature dict."""

    classes: list[str]
    features: list[str]
    coef: np.ndarray  # (len(features), len(classes))
    intercept: np.ndarray  # (len(classes),)
    support: dict[str, int] = field(default_factory=dict)  # training examples per class
    index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.index = {name: k for k, name in enumerate(self.features)}

    def proba(self, rows: list[dict[str, float]]) -> np.ndarray:
        out = np.empty((len(rows), len(self.classes)))
        for r, row in enumerate(rows):
            scores = self.intercept.copy()
            for name, value in row.items():
                k = self.index.get(name)
                if k is not None:
                    scores += value * self.coef[k]
            scores = np.exp(scores - scores.max())
            out[r] = scores / scores.sum()
        return out

    def to_json(self) -> dict:
        return {
            "classes": self.classes,
            "support": self.support,
            "intercept": [round(float(v), 5) for v in self.intercept],
            "weights": {name: [round(float(v), 5) for v in self.coef[k]] for k, name in enumerate(self.features)},
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearClassifier:
        features = list(data["weights"])
        coef = np.array([data["weights"][name] for name in features], dtype=float).reshape(len(features), len(data["classes"]))
        return cls(list(data["classes"]), features, coef, np.array(data["intercept"], dtype=float),
                   {str(k): int(v) for k, v in data["support"].items()})


@dataclass
class LearnedModel:
    """The entity classifier (is a candidate an entity, of which type), the relation classifier (does an
    ordered pair hold a relation, of which type), the (source type, relation, target type) signatures
    seen in training, and the decision thresholds."""

    entity: LinearClassifier | None
    relation: LinearClassifier | None
    signatures: set[tuple[str, str, str]]
    vectors: bool = False  # entity features include the navec vector of the head noun (hurt in cross-validation)
    thresholds: dict = field(default_factory=lambda: {**DEFAULT_THRESHOLDS, **{k: {} for k in RELATION_THRESHOLDS}})
    trained_on: dict = field(default_factory=dict)

    def relation_threshold(self, kind: str, relation_type: str) -> float:
        """``kind`` "relation_drop" or "relation_add" for one relation type (NEVER when none was chosen)."""
        return self.thresholds.get(kind, {}).get(relation_type, NEVER)

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "trained_on": self.trained_on,
            "vectors": self.vectors,
            "thresholds": self.thresholds,
            "signatures": sorted(list(s) for s in self.signatures),
            "entity": self.entity.to_json() if self.entity else None,
            "relation": self.relation.to_json() if self.relation else None,
        }

    def save(self, path: Path) -> None:
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        try:
            Path(path).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise ModelError(f"{path}: cannot write the model ({exc.strerror})") from exc

    @classmethod
    def from_json(cls, data: dict, origin: str = "model") -> LearnedModel:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ModelError(f"{origin}: not a clusterkg model file")
        if data.get("version") != FORMAT_VERSION:
            raise ModelError(f"{origin}: model format version {data.get('version')}, this clusterkg reads version "
                             f"{FORMAT_VERSION}; retrain it with `clusterkg train`")
        try:
            return cls(
                entity=LinearClassifier.from_json(data["entity"]) if data.get("entity") else None,
                relation=LinearClassifier.from_json(data["relation"]) if data.get("relation") else None,
                signatures={tuple(s) for s in data.get("signatures", [])},
                vectors=bool(data.get("vectors", False)),
                thresholds={**{k: float(data["thresholds"][k]) for k in DEFAULT_THRESHOLDS},
                            **{k: {str(t): float(v) for t, v in data["thresholds"][k].items()} for k in RELATION_THRESHOLDS}},
                trained_on=dict(data.get("trained_on") or {}),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{origin}: damaged model file ({exc.__class__.__name__}: {exc})") from exc

    @classmethod
    def load(cls, path: str | Path) -> LearnedModel:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError as exc:
            raise ModelError(f"{path}: no such model file") from exc
        except OSError as exc:
            raise ModelError(f"{path}: cannot read the model ({exc.strerror})") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path}: not a clusterkg model file (not UTF-8 JSON)") from exc
        return cls.from_json(data, origin=str(path))


def default_model_path() -> Path:
    """The model shipped inside the package (trained on ../shared/data by `make model`)."""
    return Path(str(resources.files("loaders.extraction.learned").joinpath(DEFAULT_MODEL)))


def load_default_model() -> LearnedModel | None:
    """The shipped model, or None when this checkout has none yet (the rules alone then run)."""
    path = default_model_path()
    return LearnedModel.load(path) if path.exists() else None
