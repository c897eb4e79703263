"""Candidate duplicate nodes for an analyst to confirm with ``clusterkg fix merge``: pairs resolution
left apart that look like one thing, each with the reasons for and against.

Reasons for: the same ИНН/ОГРН; one name abbreviates the other; one is the other with a kind noun or
an «имени …» part more; similar names (shared lemmas, close spelling); for people the same surname
with fitting first names; shared neighbours.  Reasons against: different ИНН/ОГРН, different «имени …»,
different first names, different own words (a quoted own name, an honoured surname, a place adjective).  Only pairs of one type (any two organisation types count as one) are looked at.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from graph.model import ORGANISATION_TYPES, EntityType, GraphSnapshot
from graph.name_choice import own_name_of
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
from graph.resolve import own_name_key, subdivision
from graph.word_lists import word_list, word_map, word_set

IDENTIFIERS = ("inn", "ogrn")
_LABEL = word_map("identifier_labels")
_STOP = word_set("dupe_stop_words")
_GENERIC = word_set("generic_name_words")  # too common to pair two names on
_BLOCK_LIMIT = 60  # a lemma shared by more names than this is too common to pair on


@dataclass
class DupePair:
    a_id: str
    a_name: str
    b_id: str
    b_name: str
    type: str
    score: float
    reasons: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _kind(type_: str) -> str:
    return "organisation" if EntityType(type_) in ORGANISATION_TYPES else type_


def find_dupes(snapshot: GraphSnapshot, top: int = 50, knowledge: NameKnowledge | None = None) -> list[DupePair]:
    """The ``top`` most likely duplicate pairs of the stored graph, best first; ``knowledge`` (regions)
    tells «Министерство … Ростовской области» from «Министерство … Чувашии»."""
    knowledge = knowledge or NameKnowledge()
    entities = {e.id: e for e in snapshot.entities}
    labels = {e.id: [e.name, *e.aliases] for e in entities.values()}
    content = {i: {w for label in ls for w in lemma_words(strip_honorific(label)) if w not in _STOP} for i, ls in labels.items()}
    neighbours: dict[str, set[str]] = defaultdict(set)
    for relation in snapshot.relations:
        neighbours[relation.source].add(relation.target)
        neighbours[relation.target].add(relation.source)
    candidates: set[tuple[str, str]] = set()
    blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    short: dict[tuple[str, str], set[str]] = defaultdict(set)
    long: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, entity in entities.items():
        kind = _kind(entity.type.value)
        for word in content[i] - _GENERIC:
            blocks[(kind, word)].append(i)
        for label in labels[i]:  # an abbreviation pairs with the many-word names of its initial
            folded = fold_name(strip_honorific(label))
            if folded and is_abbreviation(strip_honorific(label).replace(" ", "")):
                short[(kind, folded[0])].add(i)
            elif len(folded.split()) >= 2:
                long[(kind, folded[0])].add(i)
    for ids in blocks.values():
        if len(ids) <= _BLOCK_LIMIT:
            candidates.update((a, b) if a < b else (b, a) for a, b in combinations(sorted(set(ids)), 2))
    for key, ids in short.items():
        candidates.update((a, b) if a < b else (b, a) for a in ids for b in long.get(key, ()) if a != b)
    pairs = []
    for a, b in candidates:
        pair = _judge(entities[a], entities[b], labels, content, neighbours, knowledge)
        if pair is not None:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a_name, p.b_name))
    return pairs[:top]


def _judge(a, b, labels, content, neighbours, knowledge: NameKnowledge) -> DupePair | None:
    if _kind(a.type.value) != _kind(b.type.value):
        return None
    la, lb = labels[a.id], labels[b.id]
    reasons, against, score = [], [], 0.0
    for kind in IDENTIFIERS:
        x, y = a.attributes.get(kind), b.attributes.get(kind)
        if x and y:
            (reasons if x == y else against).append(f"{'same' if x == y else 'different'} {_LABEL[kind]} {x}"
                                                   + ("" if x == y else f" / {y}"))
            score += 3.0 if x == y else -5.0
    if a.type is EntityType.OFFICIAL:
        score += _people(la, lb, reasons, against)
    else:
        score += _organisations(a, b, la, lb, reasons, against, knowledge)
        score += _similar(a.id, b.id, la, lb, content, reasons)
    common = (neighbours[a.id] & neighbours[b.id]) - {a.id, b.id}
    if common and reasons:
        reasons.append(f"{len(common)} shared neighbour{'s' if len(common) > 1 else ''}")
        score += min(len(common), 3) * 0.5
    if not reasons or score <= 0.5:
        return None
    if a.type != b.type:
        against.append(f"types {a.type.value} / {b.type.value}")
    else:
        reasons.insert(0, f"same type {a.type.value}")
    first, second = sorted((a, b), key=lambda e: (fold_name(e.name), e.id))
    return DupePair(first.id, first.name, second.id, second.name, first.type.value, round(score, 2), reasons, against)


def _organisations(a, b, la: list[str], lb: list[str], reasons: list[str], against: list[str],
                   knowledge: NameKnowledge) -> float:
    score = 0.0
    own = {own_name_key(x) for x in la} & {own_name_key(y) for y in lb} - {""}
    if own:
        reasons.append(f"same own name «{min(own)}»")
        score += 1.0
    abbreviated = [(x, y) for x, y in [*((x, y) for x in la for y in lb), *((y, x) for x in la for y in lb)]
                   if is_abbreviation(strip_honorific(x).replace(" ", "")) and abbreviation_of(x, y)]
    if abbreviated:
        reasons.append(f"abbreviation: «{abbreviated[0][0]}» = «{abbreviated[0][1]}»")
        score += 2.0
    shorter = [(x, y) for x, y in [*((x, y) for x in la for y in lb), *((y, x) for x in la for y in lb)]
               if short_form_of(x, y) or own_name_of(x, y)]
    if shorter and not abbreviated:
        reasons.append(f"short name: «{shorter[0][0]}» of «{shorter[0][1]}»")
        score += 1.5
    ha = {h for h in map(honorific, la) if h}
    hb = {h for h in map(honorific, lb) if h}
    if ha and hb and not ha & hb:
        against.append("different «имени …»")
        score -= 3.0
    elif (ha or hb) and {fold_name(strip_honorific(x)) for x in la} & {fold_name(strip_honorific(y)) for y in lb}:
        reasons.append("same name without «имени …»")
        score += 1.5
    if subdivision(la, lb):
        against.append("one is a subdivision of the other")
        score -= 2.0
    for da, db in zip(_distinctive(la), _distinctive(lb), strict=True):
        if da and db and not da & db:
            against.append(f"different own words: {', '.join(sorted(da))} / {', '.join(sorted(db))}")
            score -= 2.5
            break
    ra, rb = _regions(a, la, knowledge), _regions(b, lb, knowledge)
    if ra and rb and not ra & rb:
        against.append(f"different regions: {', '.join(sorted(ra))} / {', '.join(sorted(rb))}")
        score -= 3.0
    return score


def _distinctive(labels: list[str]) -> tuple[set[str], set[str]]:
    """What tells one body from another of the same kind: its own names (in quotes: «Станкин»; an «имени …»
    surname) and its place adjectives in front («Бийский колледж», «Торезский завод»)."""
    own: set[str] = set()
    places: set[str] = set()
    for label in labels:
        own.update(fold_name(q) for q in _QUOTED.findall(label))
        if honorific(label):
            own.add(honorific(label))
        first = label.split()[0].lower() if label.split() else ""
        if (label[:1].isupper() and _PLACE_ADJECTIVE.match(first) and not first.startswith(_NOT_PLACE)
                and not first.endswith(_NOT_PLACE_ENDINGS)):
            places.add(first[:-2])
    return own, places


_QUOTED = re.compile(r"[«\"]([^«»\"]+)[»\"]")
_PLACE_ADJECTIVE = re.compile(r"^[а-яё-]+(?:ск|цк)(?:ий|ая|ое|ие)$")
_NOT_PLACE = word_list("not_place_stems")
_NOT_PLACE_ENDINGS = word_list("not_place_endings")


def _regions(entity, labels: list[str], knowledge: NameKnowledge) -> set[str]:
    """The regions an entity's names or its region attribute name, as the knowledge's tokens."""
    found = {w[1:].replace("_", " ") for label in labels for w in knowledge.regions_as_one(lemma_words(label))
             if w.startswith("§")}
    if entity.attributes.get("region"):
        found.add(fold_name(entity.attributes["region"]))
    return found


def _similar(a: str, b: str, la: list[str], lb: list[str], content, reasons: list[str]) -> float:
    shared, union = content[a] & content[b], content[a] | content[b]
    if not shared:
        return 0.0
    jaccard = len(shared) / len(union)
    spelling = max(SequenceMatcher(None, fold_name(x), fold_name(y)).ratio() for x in la for y in lb)
    if jaccard < 0.5 and spelling < 0.85:
        return 0.0
    reasons.append(f"similar names ({len(shared)}/{len(union)} words, spelling {spelling:.2f})")
    return jaccard + max(0.0, spelling - 0.5)


def _people(la: list[str], lb: list[str], reasons: list[str], against: list[str]) -> float:
    """Same surname; first names equal or one an initial of the other (or missing)."""
    def parts(label: str) -> tuple[str, str]:
        words = fold_name(label).replace(".", ". ").split()
        return (words[0] if len(words) > 1 else ""), (words[-1] if words else "")

    best = 0.0
    for x in la:
        for y in lb:
            (fa, sa), (fb, sb) = parts(x), parts(y)
            if not sa or sa[:-1] != sb[:-1] and sa != sb:
                continue
            if fa and fb and fa.rstrip(".")[0] != fb.rstrip(".")[0]:
                against.append(f"different first names: {x} / {y}")
                return -5.0
            fits = not fa or not fb or fa.endswith(".") or fb.endswith(".") or fa == fb
            if fits:
                best = max(best, 2.0)
    if best:
        reasons.append("same surname, first names fit")
    return best
