"""Merge rules every store applies when an article adds to what is stored, kept in one place so
the stores cannot drift apart (a parity test checks they answer alike)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from graph.model import Entity, EntityType, Relation

# Which type wins a tied vote between articles: the more specific first.
TYPE_PRIORITY = [
    EntityType.CLUSTER,
    EntityType.UNIVERSITY,
    EntityType.RESEARCH_INSTITUTE,
    EntityType.FEDERAL_BODY,
    EntityType.REGIONAL_BODY,
    EntityType.COMPANY,
    EntityType.PROJECT,
    EntityType.OFFICIAL,
    EntityType.ORGANIZATION,
]


def merge_entities_by_id(entities: list[Entity]) -> list[Entity]:
    """One entity per id within an article: aliases, attributes and mentions united."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        if entity.id not in merged:
            merged[entity.id] = entity.model_copy(deep=True)
            continue
        kept = merged[entity.id]
        kept.aliases = list(dict.fromkeys(kept.aliases + [entity.name] + entity.aliases))
        kept.attributes = {**entity.attributes, **kept.attributes}
        kept.mentions = kept.mentions + entity.mentions
        kept.model_post_init(None)
    return list(merged.values())


def merge_relations_by_id(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per id: evidence appended, first attribute value kept, highest confidence."""
    merged: dict[str, Relation] = {}
    for relation in relations:
        if relation.id not in merged:
            merged[relation.id] = relation.model_copy(deep=True)
            continue
        kept = merged[relation.id]
        kept.evidence = kept.evidence + relation.evidence
        kept.attributes = {**relation.attributes, **kept.attributes}
        kept.confidence = max(kept.confidence, relation.confidence)
    return list(merged.values())


def type_by_vote(tally: Counter, current: EntityType | None) -> EntityType:
    """The majority type over articles; ties go to the current type, then to the more specific one."""
    best = max(tally.values())
    tied = [t for t, n in tally.items() if n == best]
    if current in tied:
        return current
    return min(tied, key=TYPE_PRIORITY.index)
