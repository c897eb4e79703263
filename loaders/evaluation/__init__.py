"""Scoring extractions against gold graphs (ANNOTATION.md) and NEREL's brat files."""

from loaders.evaluation.gold import (
    Doc,
    GoldEntity,
    GoldRelation,
    doc_from_extraction,
    doc_from_json,
    extraction_to_json,
    read_jsonl,
)
from loaders.evaluation.matching import Matcher
from loaders.evaluation.nerel import NEREL_MATCHER, nerel_gold, nerel_prediction, read_nerel
from loaders.evaluation.scoring import Score, score_documents

__all__ = [
    "NEREL_MATCHER",
    "Doc",
    "GoldEntity",
    "GoldRelation",
    "Matcher",
    "Score",
    "doc_from_extraction",
    "doc_from_json",
    "extraction_to_json",
    "nerel_gold",
    "nerel_prediction",
    "read_jsonl",
    "read_nerel",
    "score_documents",
]
