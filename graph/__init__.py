"""The cluster graph: the pydantic model, the stores, name look-up, queries and analytics."""

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
from graph.analytics import to_networkx

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
