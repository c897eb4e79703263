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

__all__ = [
    "Article",
    "Entity",
    "EntityType",
    "Evidence",
    "Extraction",
    "GraphSnapshot",
    "Relation",
    "RelationType",
]
