"""Join an article's entities to the entities already stored, so one real thing is one node.

Rules, strongest first: the same folded name or alias; an abbreviation and its expansion; for
persons the same full name, or a surname with a matching first name or initial when exactly one
stored person fits (two different people with one surname are never merged).  Relation ends are
rewritten to the stored ids.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.lookup import is_abbreviation_of, name_words
from graph.model import Entity, EntityType, Extraction, Relation
from graph.names import fold_name
from graph.stores.base import EntityName


class NameIndex:
    """Folded names, abbreviations and surnames of stored entities → ids; grows as articles are resolved."""

    def __init__(self, names: Iterable[EntityName] = ()) -> None:
        self.entries: dict[str, EntityName] = {}
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.persons_by_surname: dict[str, set[str]] = defaultdict(set)
        self.abbreviations: dict[str, set[str]] = defaultdict(set)
        for name in names:
            self.add(name)

    @classmethod
    def from_store(cls, store) -> "NameIndex":
        return cls(store.entity_names())

    def add(self, entry: EntityName | Entity) -> None:
        if isinstance(entry, Entity):
            entry = EntityName(id=entry.id, name=entry.name, type=entry.type.value, aliases=entry.aliases)
        known = self.entries.get(entry.id)
        if known is not None:
            merged = list(dict.fromkeys(known.aliases + [a for a in [entry.name, *entry.aliases] if a != known.name]))
            entry = known.model_copy(update={"aliases": merged})
        self.entries[entry.id] = entry
        for label in [entry.name, *entry.aliases]:
            key = fold_name(label)
            if key:
                self.by_key[key].add(entry.id)
            if _is_abbreviation(label):
                self.abbreviations[key.replace(" ", "")].add(entry.id)
        if entry.type == EntityType.OFFICIAL.value:
            words = name_words(entry.name)
            if words:
                self.persons_by_surname[words[-1]].add(entry.id)

    def match(self, entity: Entity) -> str | None:
        """The stored id this entity is, or None when it is new (or the match is ambiguous)."""
        labels = [entity.name, *entity.aliases]
        ids = set().union(*(self.by_key.get(fold_name(label), set()) for label in labels))
        if entity.type is EntityType.OFFICIAL:
            ids = {i for i in ids if self.entries[i].type == EntityType.OFFICIAL.value}
            return _single(ids) or self._person(entity)
        ids = {i for i in ids if self.entries[i].type != EntityType.OFFICIAL.value}
        return _single(ids) or self._abbreviation(entity)

    def _person(self, entity: Entity) -> str | None:
        words = name_words(entity.name)
        if not words:
            return None
        same_surname = self.persons_by_surname.get(words[-1], set())
        fits = {i for i in same_surname if _first_names_agree(words[:-1], name_words(self.entries[i].name)[:-1])}
        return _single(fits)

    def _abbreviation(self, entity: Entity) -> str | None:
        labels = [entity.name, *entity.aliases]
        found: set[str] = set()
        for label in labels:
            if _is_abbreviation(label):
                for entry_id, entry in self.entries.items():
                    if entry.type == EntityType.OFFICIAL.value:
                        continue
                    if any(is_abbreviation_of(label, full) for full in [entry.name, *entry.aliases]):
                        found.add(entry_id)
            else:
                for abbreviation, ids in self.abbreviations.items():
                    if is_abbreviation_of(abbreviation, label):
                        found.update(ids)
        return _single(found)


def _single(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def _is_abbreviation(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return 2 <= len(letters) <= 10 and all(c.isupper() for c in letters) and " " not in label.strip()


def _first_names_agree(first: list[str], other: list[str]) -> bool:
    """No first name on one side, or the same first name, or an initial that fits the other."""
    if not first or not other:
        return True
    a, b = first[0], other[0]
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def resolve_entities(extraction: Extraction, index: NameIndex | Iterable[EntityName]) -> Extraction:
    """The extraction with entities mapped onto stored ones (stored id and name, new names as aliases)
    and relation ends rewritten.  The index learns the article's entities, so the next article sees them."""
    if not isinstance(index, NameIndex):
        index = NameIndex(index)
    remap: dict[str, str] = {}
    resolved: dict[str, Entity] = {}
    for entity in extraction.entities:
        stored_id = index.match(entity)
        if stored_id is None or stored_id == entity.id:
            target = entity.model_copy(deep=True)
        else:
            stored = index.entries[stored_id]
            target = entity.model_copy(
                deep=True,
                update={"id": stored_id, "name": stored.name, "aliases": [entity.name, *entity.aliases]},
            )
            target.model_post_init(None)
        remap[entity.id] = target.id
        if target.id in resolved:
            kept = resolved[target.id]
            kept.aliases = [*kept.aliases, target.name, *target.aliases]
            kept.mentions = kept.mentions + target.mentions
            kept.attributes = {**target.attributes, **kept.attributes}
            kept.model_post_init(None)
        else:
            resolved[target.id] = target
    relations: dict[str, Relation] = {}
    for relation in extraction.relations:
        source = remap.get(relation.source, relation.source)
        target = remap.get(relation.target, relation.target)
        if source == target:
            continue
        rewritten = Relation(
            type=relation.type,
            source=source,
            target=target,
            attributes=dict(relation.attributes),
            evidence=list(relation.evidence),
            confidence=relation.confidence,
        )
        if rewritten.id in relations:
            kept = relations[rewritten.id]
            kept.evidence = kept.evidence + rewritten.evidence
            kept.attributes = {**rewritten.attributes, **kept.attributes}
        else:
            relations[rewritten.id] = rewritten
    for entity in resolved.values():
        index.add(entity)
    return extraction.model_copy(update={"entities": list(resolved.values()), "relations": list(relations.values())})
