"""Join an article's entities to the entities already stored, so one real thing is one node, and
choose each node's name from every form seen.

Rules, strongest first: the same ИНН or ОГРН; the same folded name or alias; the same words up to
inflection, with the «имени …» part optional, a region written any way it goes by («Татарстан»,
«Республика Татарстан», «РТ») and a gazetteer's names as one; an abbreviation and its expansion; an
abbreviated head before the same words; the same own name after a descriptor; a cluster's or
project's name with or without generic modifiers and region.  Never joined: two different ИНН/ОГРН,
two different «имени …», names of two different regions, two people with different first names, a
person and an organisation, a body and its subdivision.  A person: the same full name, or a surname
with a matching first name or initial when exactly one stored person fits.  Among several candidates
the one of the same article wins.  Relation ends are rewritten to the stored ids.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from graph.cores import (
    CORE_TYPES,
    core_key,
    interregional,
    join_within,
    modifiers_only,
    region_of_text,
    region_stem_of,
)
from graph.lookup import name_words
from graph.model import Entity, EntityName, EntityType, Extraction, Relation, entity_id
from graph.name_choice import best_name
from graph.name_forms import join_forms, join_generic, region_of_article, with_derived_forms
from graph.name_votes import article_votes, sentences_by_article, spelling_variants, stored_sentences
from graph.names import (
    NameKnowledge,
    abbreviation_of,
    fold_name,
    honorific,
    is_abbreviation,
    lemma_words,
    short_form_of,
    strip_honorific,
)
from graph.other_bodies import drop_other_bodies, join_bare_own_names
from graph.word_lists import word_set

IDENTIFIERS = ("inn", "ogrn")


class NameIndex:
    """Folded names, loose keys, abbreviations, surnames and ИНН/ОГРН of stored entities → ids; grows as
    articles are resolved.  ``knowledge`` (gazetteer names, region names) comes from the application."""

    def __init__(self, names: Iterable[EntityName] = (), knowledge: NameKnowledge | None = None,
                 identifiers: dict[str, dict[str, str]] | None = None, store=None) -> None:
        self.knowledge = knowledge or NameKnowledge()
        self.entries: dict[str, EntityName] = {}
        self.store = store  # asked for a node's mention sentences when its spellings need a vote
        self.sentences: dict[str, dict[str, set[str]]] = {}  # node id → article → sentences resolved in this run
        self.identifiers: dict[str, dict[str, str]] = {}  # id → {"inn": …}
        self.by_identifier: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_key: dict[str, set[str]] = defaultdict(set)
        self.by_loose: dict[str, set[str]] = defaultdict(set)
        self.persons_by_surname: dict[str, set[str]] = defaultdict(set)
        self.abbreviations: dict[str, set[str]] = defaultdict(set)
        self.by_core: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)  # (type, core) → id → region
        self.by_own: dict[tuple[str, str], set[str]] = defaultdict(set)  # (type, own name in quotes) → ids
        self.by_tail: dict[str, set[str]] = defaultdict(set)  # last word of a many-word name → ids
        for name in names:
            self.add(name, (identifiers or {}).get(name.id))

    @classmethod
    def from_store(cls, store, knowledge: NameKnowledge | None = None) -> NameIndex:
        return cls(store.entity_names(), knowledge, stored_identifiers(store), store)

    def add(self, entry: EntityName | Entity, identifiers: dict[str, str] | None = None,
            region: str | None = None) -> None:
        """Learn a stored or resolved entity; ``region`` (a region's name) is where a cluster or project whose
        name says none is (its own attribute, else its article's region)."""
        if isinstance(entry, Entity):
            region = entry.attributes.get("region") or region
            identifiers = {k: v for k, v in entry.attributes.items() if k in IDENTIFIERS}
            seen = self.sentences.setdefault(entry.id, {})
            for article, texts in sentences_by_article(entry.mentions).items():
                seen[article] = seen.get(article, set()) | texts
            entry = EntityName(id=entry.id, name=entry.name, type=entry.type.value, aliases=entry.aliases)
        known = self.entries.get(entry.id)
        if known is not None:
            merged = list(dict.fromkeys(known.aliases + [a for a in [entry.name, *entry.aliases] if a != known.name]))
            entry = known.model_copy(update={"aliases": merged, "name": entry.name})
        self.entries[entry.id] = entry
        for kind, value in (identifiers or {}).items():
            if kind in IDENTIFIERS and value:
                self.identifiers.setdefault(entry.id, {}).setdefault(kind, value)
                self.by_identifier[(kind, value)].add(entry.id)
        person = entry.type == EntityType.OFFICIAL.value
        for label in [entry.name, *entry.aliases]:
            key = fold_name(label)
            if key:
                self.by_key[key].add(entry.id)
            for form in join_forms(label, entry.type):
                self.by_key[fold_name(form)].add(entry.id)
            if person:
                continue
            for loose in self._loose_keys(label):
                self.by_loose[loose].add(entry.id)
            if _is_abbreviation(label):
                self.abbreviations[strip_honorific(label)].add(entry.id)
            own = own_name_key(label)
            if own:
                self.by_own[(entry.type, own)].add(entry.id)
            if len(key.split()) >= 2:
                self.by_tail[key.split()[-1]].add(entry.id)
            core = core_key(entry.type, label)
            if core is not None:
                regions = self.by_core[core[:2]]
                regions[entry.id] = core[2] or regions.get(entry.id) or region_stem_of(region)
        if person:
            words = name_words(entry.name)
            if words:
                self.persons_by_surname[words[-1]].add(entry.id)

    def _loose_keys(self, label: str) -> set[str]:
        """Inflection-free keys: lemmas without the «имени …» part, regions and gazetteer names as one."""
        keys = set()
        canonical = self.knowledge.canonical_of(label)
        if canonical:
            keys.add("@" + fold_name(canonical))
        words = self._loose_words(label)
        if words:
            keys.add(" ".join(words))
        return keys

    def _loose_words(self, label: str) -> list[str]:
        return self.knowledge.region_first(self.knowledge.regions_as_one(lemma_words(strip_honorific(label))))

    def written(self) -> None:
        """The resolved batch is in the store now: a vote reads its sentences back from there, so the index
        stops holding them (a long ingest would otherwise keep every mention sentence in memory)."""
        if self.store is not None:
            self.sentences.clear()

    def votes(self, entry_id: str | None, labels: list[str], mentions: Iterable) -> dict[str, int]:
        """Each spelling → in how many articles it is written for this node, the stored ones and ``mentions``;
        empty when no two labels are spellings of one name (the usual case, which reads nothing)."""
        variants = spelling_variants(labels)
        if not variants:
            return {}
        stored = stored_sentences(self.store, entry_id) if self.store is not None and entry_id else {}
        return article_votes(variants, stored, self.sentences.get(entry_id or "", {}), sentences_by_article(mentions))

    def labels(self, entry_id: str) -> list[str]:
        entry = self.entries[entry_id]
        return [entry.name, *entry.aliases]

    # --- matching -------------------------------------------------------------------------------
    def match(self, entity: Entity, local: set[str] = frozenset(), region: str | None = None) -> str | None:
        """The stored id this entity is, or None when it is new (or the match is ambiguous); among several
        candidates, the one entity of the same article (``local``) that fits is the one meant; ``region`` is
        the article's region, for a cluster or project whose name says none."""
        same_number = self._same_identifier(entity)
        if same_number is not None:
            return same_number
        labels = [entity.name, *entity.aliases]
        keys = [*labels, *(form for label in labels for form in join_forms(label, entity.type.value))]
        ids = set().union(*(self.by_key.get(fold_name(label), set()) for label in keys))
        if entity.type is EntityType.OFFICIAL:
            ids = {i for i in ids if self.entries[i].type == EntityType.OFFICIAL.value and self._persons_fit(entity, i)}
            return _single(ids) or self._person(entity)
        rules = (
            lambda: ids,
            lambda: set().union(*(self.by_loose.get(key, set()) for label in labels for key in self._loose_keys(label))),
            lambda: self._abbreviation(entity),
            lambda: self._short_form(entity),
            lambda: set().union(*(self.by_own.get((entity.type.value, own_name_key(label)), set()) for label in labels)),
            lambda: self._same_core(entity, entity.attributes.get("region") or region),
        )
        mine = self._core_regions(entity, entity.attributes.get("region") or region)
        for number, rule in enumerate(rules):
            found = {i for i in rule() if self._may_join(entity, i, exact=number == 0)
                     and not self._other_region(mine, i)}
            if found:
                return _single(found) or _single(found & local) or self._same_region(mine, found)
        return None

    def _same_identifier(self, entity: Entity) -> str | None:
        for kind in IDENTIFIERS:
            value = entity.attributes.get(kind)
            if value:
                found = {i for i in self.by_identifier.get((kind, value), set())
                         if self.entries[i].type != EntityType.OFFICIAL.value}
                if found:
                    return _single(found)
        return None

    def _may_join(self, entity: Entity, entry_id: str, exact: bool = False) -> bool:
        """Vetoes: another ИНН/ОГРН, a person, another «имени …», a body against its subdivision (unless
        the very name was seen for both)."""
        entry = self.entries[entry_id]
        if entry.type == EntityType.OFFICIAL.value:
            return False
        stored_numbers = self.identifiers.get(entry_id, {})
        if any(entity.attributes.get(k) and stored_numbers.get(k) and entity.attributes[k] != stored_numbers[k]
               for k in IDENTIFIERS):
            return False
        mine_regions = self._regions([entity.name, *entity.aliases])
        their_regions = self._regions(self.labels(entry_id))
        if mine_regions and their_regions and not mine_regions & their_regions:
            return False  # «Правительство Новосибирской области» is not Нижегородской, whatever alias they share
        mine = self._honorifics([entity.name, *entity.aliases])
        theirs = self._honorifics(self.labels(entry_id))
        if mine and theirs and not mine & theirs:
            return False
        if exact or entity.type.value in CORE_TYPES:
            return True
        return not subdivision([entity.name, *entity.aliases], self.labels(entry_id))

    def _regions(self, labels: list[str]) -> set[str]:
        """The regions the labels name (the knowledge's region tokens)."""
        return {w for label in labels for w in self._loose_words(label) if w.startswith("§")}

    def _honorifics(self, labels: list[str]) -> set[str]:
        every = [*labels, *(g for label in labels for g in self.knowledge.labels_of(label))]
        return {h for h in (honorific(label) for label in every) if h}

    def _persons_fit(self, entity: Entity, entry_id: str) -> bool:
        return _first_names_agree(name_words(entity.name)[:-1], name_words(self.entries[entry_id].name)[:-1])

    def _core_regions(self, entity: Entity, region: str | None) -> dict[tuple[str, str], str]:
        """(type, core) → region stem of a cluster's or project's names, the article's region where a name says
        none; nothing for an interregional one."""
        out: dict[tuple[str, str], str] = {}
        if interregional([entity.name, *entity.aliases]):
            return out
        for label in [entity.name, *entity.aliases]:
            core = core_key(entity.type.value, label)
            stem = core and (core[2] or region_stem_of(region))
            if stem:
                out[core[:2]] = stem
        return out

    def _other_region(self, mine: dict[tuple[str, str], str], entry_id: str) -> bool:
        """The same description stored for another region: «станкостроительный кластер» of a Chuvash article
        is not the Irkutsk one, unless one of them says it is interregional."""
        if not mine or interregional(self.labels(entry_id)):
            return False
        return any(self.by_core.get(key, {}).get(entry_id) not in (None, stem) for key, stem in mine.items())

    def _same_region(self, mine: dict[tuple[str, str], str], ids: set[str]) -> str | None:
        """Among several candidates, the one stored for the same region."""
        return _single({i for i in ids if any(self.by_core.get(key, {}).get(i) == stem for key, stem in mine.items())})

    def _same_core(self, entity: Entity, region: str | None = None) -> set[str]:
        """A cluster or project named with or without generic modifiers or its region, when the regions agree
        (a name that says none is where its article is: «машиностроительный кластер» of a Chuvash article is
        not the Irkutsk one)."""
        found: set[str] = set()
        for label in [entity.name, *entity.aliases]:
            core = core_key(entity.type.value, label)
            if core is None:
                continue
            mine = None if interregional([entity.name, *entity.aliases]) else core[2] or region_stem_of(region)
            for entry_id, theirs in self.by_core.get(core[:2], {}).items():
                if theirs is None or mine is None or theirs == mine or interregional(self.labels(entry_id)):
                    found.add(entry_id)
        return found

    def _person(self, entity: Entity) -> str | None:
        words = name_words(entity.name)
        if not words:
            return None
        same_surname = self.persons_by_surname.get(words[-1], set())
        fits = {i for i in same_surname if _first_names_agree(words[:-1], name_words(self.entries[i].name)[:-1])}
        return _single(fits)

    def _short_form(self, entity: Entity) -> set[str]:
        """An abbreviated head before the same words: «ОЭЗ «Тольятти»» ~ «Особая экономическая зона «Тольятти»»."""
        found: set[str] = set()
        for label in [entity.name, *entity.aliases]:
            words = fold_name(label).split()
            if len(words) < 2:
                continue
            for entry_id in self.by_tail.get(words[-1], set()):
                if self.entries[entry_id].type == EntityType.OFFICIAL.value:
                    continue
                if any(short_form_of(label, other) or short_form_of(other, label) for other in self.labels(entry_id)):
                    found.add(entry_id)
        return found

    def _abbreviation(self, entity: Entity) -> set[str]:
        labels = [entity.name, *entity.aliases]
        found: set[str] = set()
        for label in labels:
            if _is_abbreviation(label):
                for entry_id, entry in self.entries.items():
                    if entry.type == EntityType.OFFICIAL.value:
                        continue
                    if any(abbreviation_of(label, full) for full in [entry.name, *entry.aliases]):
                        found.add(entry_id)
            else:
                for abbreviation, ids in self.abbreviations.items():
                    if abbreviation_of(abbreviation, label):
                        found.update(ids)
        return found


def _free_id(entity: Entity, index: NameIndex) -> str:
    """The entity's own id, unless that id is a stored node it was just kept apart from (the same name
    under another ИНН): then an id from its name and numbers."""
    if entity.id not in index.entries:
        return entity.id
    if (entity.type is EntityType.OFFICIAL) != (index.entries[entity.id].type == EntityType.OFFICIAL.value):
        fits = False  # a person and an organisation written alike («АЛЕКСЕЙ КОКОРИН» typed Company)
    elif entity.type is EntityType.OFFICIAL:
        fits = index._persons_fit(entity, entity.id)
    else:
        fits = index._may_join(entity, entity.id, exact=True)
    if fits:
        return entity.id
    numbers = sorted(f"{k}={v}" for k, v in entity.attributes.items() if k in IDENTIFIERS)
    return entity_id(" ".join([entity.name, entity.type.value, *numbers]))


def stored_identifiers(store) -> dict[str, dict[str, str]]:
    """ИНН and ОГРН of stored entities (id → {"inn": …}), read with the store's own query language."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    if store.supports_sparql:
        from graph.rdf_vocabulary import attribute_property, local_id

        for kind in IDENTIFIERS:
            rows = store.query(f"SELECT ?e ?v WHERE {{ GRAPH ?g {{ ?e <{attribute_property(kind).value}> ?v }} }}", "sparql")
            for row in rows:
                found[local_id(str(row["e"]).strip("<>"))][kind] = str(row["v"])
    elif store.supports_cypher:
        import json

        rows = store.query("MATCH (n) WHERE n.attributes CONTAINS '\"inn\"' OR n.attributes CONTAINS '\"ogrn\"' "
                           "RETURN n.id AS id, n.attributes AS attributes", "cypher")
        for row in rows:
            attributes = json.loads(row["attributes"] or "{}")
            found[row["id"]].update({k: v for k, v in attributes.items() if k in IDENTIFIERS})
    return dict(found)


def own_name_key(label: str) -> str:
    """The own name a descriptor stands in front of: «ОЭЗ «Алабуга»», «технопарк «Волгахим»» → алабуга,
    волгахим; a short name without quotes is its own own name."""
    found = _QUOTED.match(label.strip())
    if found:
        descriptor = fold_name(found.group(1)).split()
        if len(descriptor) > 3 or (descriptor and descriptor[0] in _MANAGING):
            return ""  # «Консорциум опорных вузов Госкорпорации «Росатом»», «УК «…»»: another body
        return fold_name(found.group(2))
    key = fold_name(label)
    return key if "«" not in label and '"' not in label and 1 <= len(key.split()) <= 3 else ""


_MANAGING = word_set("other_body_descriptors")
_QUOTED = re.compile(r"^([^«\"]{1,40}?)\s*[«\"](.+?)[»\"]*$")


def _single(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def _is_abbreviation(label: str) -> bool:
    letters = [c for c in strip_honorific(label) if c.isalpha()]
    return 2 <= len(letters) <= 12 and is_abbreviation(strip_honorific(label).replace(" ", ""))


def subdivision(labels: list[str], others: list[str]) -> bool:
    """One name is the other's in the genitive after more words: «Томский филиал Ростелекома» is part of
    «Ростелеком», «Институт физики СО РАН» of «СО РАН»: a subdivision, never the same node.  The same
    words in the same form after a descriptor («НПФ «Микран»» ~ «Микран») are one body."""
    for a in labels:
        for b in others:
            short, long = sorted((a, b), key=lambda label: len(lemma_words(label)))
            short_words, long_words = lemma_words(short), lemma_words(long)
            size = len(short_words)
            if not size or len(long_words) <= size or long_words[-size:] != short_words:
                continue
            if modifiers_only(long_words[:-size]):
                continue
            surface = fold_name(long).split()
            if " ".join(surface[-size:]) != fold_name(short):
                return True
    return False


def _first_names_agree(first: list[str], other: list[str]) -> bool:
    """No first name on one side, or the same first name, or an initial that fits the other."""
    if not first or not other:
        return True
    a, b = first[0], other[0]
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def resolve_entities(extraction: Extraction, index: NameIndex | Iterable[EntityName]) -> Extraction:
    """The extraction with entities mapped onto stored ones (stored id, the best of all names seen as the
    name, the others as aliases) and relation ends rewritten.  The index learns the article's entities, so the next article sees them."""
    if not isinstance(index, NameIndex):
        index = NameIndex(index)
    entities, bare = join_bare_own_names([drop_other_bodies(entity) for entity in extraction.entities])
    region = region_of_article(entities, index.knowledge) or region_of_text(extraction.article.text, index.knowledge)
    entities, generic = join_generic(with_derived_forms(entities, index.knowledge))
    entities, within = join_within(entities)
    remap = {}
    for old_id in [*bare, *generic, *within]:
        new_id = old_id
        while new_id in bare or new_id in generic or new_id in within:
            new_id = within.get(new_id) or generic.get(new_id) or bare[new_id]
        remap[old_id] = new_id
    resolved: dict[str, Entity] = {}
    for entity in entities:
        stored_id = index.match(entity, set(resolved), region)
        if stored_id is None or stored_id not in index.entries:
            target = entity.model_copy(deep=True, update={"id": _free_id(entity, index)})
            labels, current = [entity.name, *entity.aliases], entity.name
        else:
            labels = [*index.labels(stored_id), entity.name, *entity.aliases]
            current = index.entries[stored_id].name
            target = entity.model_copy(deep=True, update={"id": stored_id})
        votes = index.votes(stored_id, labels, entity.mentions)
        name = best_name(labels, entity.type.value, index.knowledge, current, votes)
        target.name = name
        target.aliases = [label for label in labels if label != name]
        target.model_post_init(None)
        for old_id, new_id in list(remap.items()):
            if new_id == entity.id:
                remap[old_id] = target.id
        remap[entity.id] = target.id
        if target.id in resolved:
            kept = resolved[target.id]
            labels = [kept.name, *kept.aliases, target.name, *target.aliases]
            votes = index.votes(target.id, labels, [*kept.mentions, *target.mentions])
            kept.name = best_name(labels, kept.type.value, index.knowledge, kept.name, votes)
            kept.aliases = [label for label in labels if label != kept.name]
            kept.mentions = kept.mentions + target.mentions
            kept.attributes = {**target.attributes, **kept.attributes}
            kept.model_post_init(None)
        else:
            resolved[target.id] = target
        index.add(resolved[target.id], region=region)  # the article's later entities see this one
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
        index.add(entity, region=region)
    return extraction.model_copy(update={"entities": list(resolved.values()), "relations": list(relations.values())})
