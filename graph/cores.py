"""Clusters and projects by their core description: generic modifiers and the region dropped («томский
промышленный кластер X» = «кластер X Томской области» = «кластер X»), and where an article is when its
names say no region.  Used by graph.resolve."""

from __future__ import annotations

import re
from collections import defaultdict

from graph.model import Entity, EntityType
from graph.names import NameKnowledge, fold_name
from graph.word_lists import word_list, word_set

CORE_TYPES = {EntityType.CLUSTER.value, EntityType.PROJECT.value}
_REGION_ADJECTIVE = re.compile(r"^(\w+?)(ск|цк)(ий|ой|ая|ое|ого|ому|ую|ие|их|ом|ей)$")
_REGION_NOUNS = word_set("region_genitive_nouns")  # «… Томской области»
_INTERREGIONAL = word_list("interregional_stems")
# Words in front of a name that do not tell two clusters apart («промышленный кластер X» = «кластер X»).
_GENERIC_MODIFIERS = word_list("generic_modifiers")


def region_stem(word: str) -> str | None:
    found = _REGION_ADJECTIVE.match(word)
    return found.group(1) + found.group(2) if found else None


def region_stem_of(region: str | None) -> str | None:
    """«Иркутская область» → «иркутск», as a cluster's «иркутский» gives (None for «Москва»)."""
    return next((stem for stem in map(region_stem, fold_name(region or "").split()) if stem), None)


def core_name(name: str) -> tuple[str, str | None]:
    """A cluster's or project's name without generic leading modifiers and its region, and that region:
    "томский промышленный кластер X" and "кластер X Томской области" → ("кластер x", "томск")."""
    words = fold_name(name).split()
    region = None
    if len(words) >= 3 and words[-1] in _REGION_NOUNS and region_stem(words[-2]):
        region = region_stem(words[-2])
        words = words[:-2]
    while len(words) > 1:
        first = words[0]
        if first.startswith(_GENERIC_MODIFIERS):
            words = words[1:]
            continue
        stem = region_stem(first)
        if stem and (region is None or region == stem):
            region = stem
            words = words[1:]
            continue
        break
    return " ".join(words), region


def core_key(entry_type: str, name: str) -> tuple[str, str, str | None] | None:
    core, region = core_name(name)
    if entry_type not in CORE_TYPES or len(core.split()) < 2:
        return None
    return entry_type, core, region


def interregional(labels: list[str]) -> bool:
    return any(stem in fold_name(label) for label in labels for stem in _INTERREGIONAL)


def region_of_text(text: str, knowledge: NameKnowledge) -> str | None:
    """The one region an article's text names («В Чувашии создадут машиностроительный кластер»), if one."""
    tokens = {w for w in knowledge.region_tokens(text or "") if w.startswith("§")}
    return knowledge.region_canonical.get(next(iter(tokens))) if len(tokens) == 1 else None


def modifiers_only(words: list[str]) -> bool:
    """Words in front that only qualify the same body (generic modifiers, a region adjective)."""
    return all(w.startswith(_GENERIC_MODIFIERS) or region_stem(w) for w in words)


def join_within(entities: list[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """One article's clusters and projects that name one thing with and without generic modifiers or
    region: joined under the fullest name, the others kept as aliases."""
    groups: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for entity in entities:
        core = core_key(entity.type.value, entity.name)
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
