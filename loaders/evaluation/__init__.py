"""Scoring extractions against gold graphs (ANNOTATION.md) and NEREL's brat files."""

from loaders.evaluation.scoring import (
    NEREL_MATCHER,
    Doc,
    GoldEntity,
    GoldRelation,
    Matcher,
    Score,
    doc_from_extraction,
    doc_from_json,
    extraction_to_json,
    nerel_gold,
    nerel_prediction,
    read_jsonl,
    read_nerel,
    score_documents,
)

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
