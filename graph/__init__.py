"""The cluster graph: the pydantic model, names, resolution, stores, questions and analytics.

Importing the model loads nothing heavy; ``to_networkx`` (networkx) is imported on first use.
"""

from graph.model import (
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    GraphSnapshot,
    Relation,
    RelationType,
)

__all__ = [
    "Article",
    "Entity",
    "EntityType",
    "Evidence",
    "Extraction",
    "GraphSnapshot",
    "Relation",
    "RelationType",
    "to_networkx",
]


def __getattr__(name: str):
    if name == "to_networkx":
        from graph.analytics import to_networkx

        return to_networkx
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
