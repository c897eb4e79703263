"""Join an article's entities to the entities already stored, so one real thing is one node.

Rules, strongest first: the same folded name or alias; an abbreviation and its expansion; for
persons the same full name, or a surname with a matching first name or initial when exactly one
stored person fits (two different people with one surname are never merged).  Relation ends are
rewritten to the stored ids.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from graph.lookup import is_abbreviation_of, name_words
from graph.model import Entity, EntityType, Extraction, Relation
from graph.names import fold_name
from graph.model import EntityName


_CORE_TYPES = {EntityType.CLUSTER.value, EntityType.PROJECT.value}
_REGION_ADJECTIVE = re.compile(r"^(\w+?)(ск|цк)(ий|ой|ая|ое|ого|ому|ую|ие|их|ом|ей)$")
_REGION_NOUNS = {"области", "края", "округа", "республики", "области»", "района"}


@lru_cache(maxsize=1)
def _generic_modifiers() -> tuple[str, ...]:
    text = resources.files("graph").joinpath("generic_modifiers.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _region_stem(word: str) -> str | None:
    found = _REGION_ADJECTIVE.match(word)
    return found.group(1) + found.group(2) if found else None


def core_name(name: str) -> tuple[str, str | None]:
    """A cluster's or project's name without generic leading modifiers and its region, and that region:
    "томский промышленный кластер X" and "кластер X Томской области" → ("кластер x", "томск")."""
    words = fold_name(name).split()
    region = None
    if len(words) >= 3 and words[-1] in _REGION_NOUNS and _region_stem(words[-2]):
        region = _region_stem(words[-2])
        words = words[:-2]
    while len(words) > 1:
        first = words[0]
        if first.startswith(_generic_modifiers()):
            words = words[1:]
            continue
        stem = _region_stem(first)
        if stem and (region is None or region == stem):
            region = stem
            words = words[1:]
            continue
        break
    return " ".join(words), region


def _core_key(entry_type: str, name: str) -> tuple[str, str, str | None] | None:
    core, region = core_name(name)
    if entry_type not in _CORE_TYPES or len(core.split()) < 2:
        return None
    return entry_type, core, region


class NameIndex:
    """Folded names, abbreviations and surnames of stored entities → ids; grows as articles are resolved."""

    def __init__(self, names: Iterable[EntityName] = ()) -> None:
        self.entries: dict[str, EntityName] = {}
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.persons_by_surname: dict[str, set[str]] = defaultdict(set)
        self.abbreviations: dict[str, set[str]] = defaultdict(set)
        self.by_core: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)  # (type, core) → id → region
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
            core = _core_key(entry.type, label)
            if core is not None:
                regions = self.by_core[core[:2]]
                regions[entry.id] = regions.get(entry.id) or core[2]
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
        return _single(ids) or self._abbreviation(entity) or self._same_core(entity)

    def _same_core(self, entity: Entity) -> str | None:
        """A cluster or project named with or without generic modifiers or its region, when the regions agree."""
        found: set[str] = set()
        for label in [entity.name, *entity.aliases]:
            core = _core_key(entity.type.value, label)
            if core is None:
                continue
            for entry_id, region in self.by_core.get(core[:2], {}).items():
                if region is None or core[2] is None or region == core[2]:
                    found.add(entry_id)
        return _single(found)

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


def _join_within(entities: list[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """One article's clusters and projects that name one thing with and without generic modifiers or
    region: joined under the fullest name, the others kept as aliases."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        core = _core_key(entity.type.value, entity.name)
        if core is not None:
            groups[core[:2]].append(entity)
    remap: dict[str, str] = {}
    replaced: dict[str, Entity] = {}
    for members in groups.values():
        if len(members) < 2 or len({r for r in (core_name(e.name)[1] for e in members) if r}) > 1:
            continue  # alone, or two regions: different clusters
        fullest = max(members, key=lambda e: (len(e.name.split()), len(e.name)))
        joined = fullest.model_copy(deep=True)
        for other in members:
            if other is fullest:
                continue
            joined.aliases = [*joined.aliases, other.name, *other.aliases]
            joined.mentions = joined.mentions + other.mentions
            joined.attributes = {**other.attributes, **joined.attributes}
            remap[other.id] = fullest.id
        joined.model_post_init(None)
        replaced[fullest.id] = joined
    kept = [replaced.get(e.id, e) for e in entities if e.id not in remap]
    return kept, remap


def resolve_entities(extraction: Extraction, index: NameIndex | Iterable[EntityName]) -> Extraction:
    """The extraction with entities mapped onto stored ones (stored id and name, new names as aliases)
    and relation ends rewritten.  The index learns the article's entities, so the next article sees them."""
    if not isinstance(index, NameIndex):
        index = NameIndex(index)
    entities, remap = _join_within(extraction.entities)
    resolved: dict[str, Entity] = {}
    for entity in entities:
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
        for old_id, new_id in list(remap.items()):
            if new_id == entity.id:
                remap[old_id] = target.id
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
