"""Merge rules every store applies when an article adds to what is stored, kept in one place so
the stores cannot drift apart (a parity test checks they answer alike).

A store reads what it holds of the article's entities as ``EntityState``, folds each entity in with
``merge_entity`` and writes back the difference; relations pass ``storable_relations`` first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.model import Entity, EntityType, Relation
from graph.names import fold_name

# An entity attribute that keeps the stored name: set (to "true") by a correction, so a later article's
# name becomes an alias instead of the name. Stored like any attribute, so every store keeps it.
PINNED_NAME = "name_pinned"

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


def name_is_pinned(attributes: dict[str, str]) -> bool:
    """Whether an entity's attributes pin its name (``name_pinned`` = "true")."""
    return str(attributes.get(PINNED_NAME, "")).lower() in ("true", "1", "yes")


@dataclass
class EntityState:
    """An entity as a store holds it, and as it stands after articles were merged into it.

    ``votes`` counts the stored articles that gave each type; ``stored_type`` is the type the store
    holds (None for an entity not stored yet, or a stored entry without a type).
    """

    id: str
    name: str
    type: EntityType | None
    aliases: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    votes: Counter = field(default_factory=Counter)
    stored_type: EntityType | None = None


def merge_entity(state: EntityState | None, entity: Entity) -> EntityState:
    """Fold one article's entity into what is stored (``state`` is updated and returned).

    The incoming name becomes the name (resolution chose it) and the old name an alias, unless the
    stored name is pinned and the incoming one is not; aliases are united (compared folded, never the
    name itself); an attribute key already stored keeps its value; the type goes by article vote.
    Ids never change.
    """
    if state is None:
        return EntityState(
            id=entity.id,
            name=entity.name,
            type=entity.type,
            aliases=list(entity.aliases),
            attributes={k: str(v) for k, v in entity.attributes.items() if v},
            votes=Counter({entity.type: 1}),
        )
    surface = [*state.aliases]
    if entity.name != state.name and (not name_is_pinned(state.attributes) or name_is_pinned(entity.attributes)):
        surface.insert(0, state.name)
        state.name = entity.name
    else:
        surface.append(entity.name)
    known = {fold_name(state.name)}
    aliases = []
    for alias in [*surface, *entity.aliases]:
        key = fold_name(alias)
        if alias and key and key not in known:
            known.add(key)
            aliases.append(alias)
    state.aliases = aliases
    for key, value in entity.attributes.items():
        if value and key not in state.attributes:
            state.attributes[key] = str(value)
    state.votes[entity.type] += 1
    state.type = type_by_vote(state.votes, state.type)
    return state


def storable_relations(relations: Iterable[Relation], known: set[str]) -> list[Relation]:
    """The relations a store writes: both ends known (in the article or stored), not a loop, one per id."""
    return merge_relations_by_id(r for r in relations if r.source in known and r.target in known and r.source != r.target)


def agreed_value(counts: Mapping[str, int]) -> str:
    """One value for a relation attribute stated in several articles (``counts``: articles per value):
    the most frequent, ties to the smallest, so the answer never depends on the order of writing."""
    return min(counts, key=lambda value: (-counts[value], value))
