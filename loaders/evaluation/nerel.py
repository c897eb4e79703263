"""NEREL's brat folders as gold documents, and our extraction seen the NEREL way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.evaluation.gold import ORGANISATION_TYPES, Doc, GoldEntity, GoldRelation, doc_from_extraction
from loaders.evaluation.matching import Matcher, inflected_equal, lemma_fold


@dataclass
class BratMention:
    id: str
    type: str
    start: int
    end: int
    text: str


def read_brat(ann_path: Path) -> tuple[dict[str, BratMention], list[tuple[str, str, str]], dict[str, str]]:
    """Mentions, relations (type, arg1, arg2) and Wikidata links of one .ann file."""
    mentions: dict[str, BratMention] = {}
    relations: list[tuple[str, str, str]] = []
    links: dict[str, str] = {}
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            kind, *spans = parts[1].split(" ")
            offsets = " ".join(spans).split(";")
            start = int(offsets[0].split()[0])
            end = int(offsets[-1].split()[-1])
            mentions[parts[0]] = BratMention(parts[0], kind, start, end, parts[2])
        elif line.startswith("R") and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) >= 3:
                relations.append((fields[0], fields[1].split(":", 1)[1], fields[2].split(":", 1)[1]))
        elif line.startswith("N") and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) >= 3 and fields[2].startswith("Wikidata:") and fields[2] != "Wikidata:NULL":
                links[fields[1]] = fields[2]
    return mentions, relations, links


def nerel_gold(ann_path: Path, text: str) -> Doc:
    """NEREL gold as ANNOTATION.md-style entities: PERSON → Official, ORGANIZATION → Organization (scored untyped).

    Mentions of one thing (same Wikidata link, same lemmas, ALTERNATIVE_NAME/ABBREVIATION pairs, a surname
    alone next to the full name) form one entity; OFFICIAL_OF = a working person's WORKPLACE, or the WORKPLACE of
    the profession a person WORKS_AS (_official_pairs), to an organisation.
    """
    mentions, relations, links = read_brat(ann_path)
    kept = {k: m for k, m in mentions.items() if m.type in ("PERSON", "ORGANIZATION")}
    parent = {k: k for k in kept}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        if a in parent and b in parent and kept[a].type == kept[b].type:
            parent[find(a)] = find(b)

    by_key: dict[tuple[str, str], str] = {}
    for k, m in kept.items():
        for key in filter(None, [links.get(k), lemma_fold(m.text)]):
            if (m.type, key) in by_key:
                union(k, by_key[(m.type, key)])
            else:
                by_key[(m.type, key)] = k
    for rtype, a, b in relations:
        if rtype in ("ALTERNATIVE_NAME", "ABBREVIATION"):
            union(a, b)
    # a surname alone joins the one full name that ends with it
    persons = [k for k, m in kept.items() if m.type == "PERSON"]
    full = [k for k in persons if len(kept[k].text.split()) >= 2]
    for k in persons:
        words = kept[k].text.split()
        if len(words) == 1:
            owners = {find(f) for f in full if lemma_fold(kept[f].text.split()[-1]) == lemma_fold(words[0])}
            if len(owners) == 1:
                union(k, owners.pop())
    groups: dict[str, list[BratMention]] = {}
    for k, m in kept.items():
        groups.setdefault(find(k), []).append(m)
    entities: dict[str, GoldEntity] = {}
    for root, members in groups.items():
        members.sort(key=lambda m: (-len(m.text.split()), m.start))
        type_ = "Official" if members[0].type == "PERSON" else "Organization"
        names = list(dict.fromkeys(m.text for m in members))
        entities[root] = GoldEntity(names[0], type_, names[1:])
    rels, seen = [], set()
    for a, b in _official_pairs(mentions, relations, kept, find):
        pair = (find(a), find(b))
        if pair not in seen:
            seen.add(pair)
            rels.append(GoldRelation(entities[pair[0]].name, "OFFICIAL_OF", entities[pair[1]].name))
    return Doc(id=ann_path.stem, entities=list(entities.values()), relations=rels, text=text)


def _official_pairs(mentions: dict[str, BratMention], relations: list[tuple[str, str, str]], kept: dict[str, BratMention],
                    find) -> list[tuple[str, str]]:
    """(person, organisation) mention pairs of OFFICIAL_OF. NEREL writes a post two ways: the person's own
    WORKPLACE (the person, under any of its mentions, WORKS_AS some profession), or the profession's WORKPLACE
    («Президент ФФККР Александр Горшков»: PERSON WORKS_AS PROFESSION, PROFESSION WORKPLACE ORGANIZATION)."""
    professions: dict[str, list[str]] = {}
    for rtype, a, b in relations:
        if rtype == "WORKS_AS" and a in kept and kept[a].type == "PERSON" and b in mentions:
            professions.setdefault(b, []).append(a)
    working = {find(a) for people in professions.values() for a in people}
    pairs = []
    for rtype, a, b in relations:
        if rtype != "WORKPLACE" or b not in kept or kept[b].type != "ORGANIZATION":
            continue
        if a in kept and kept[a].type == "PERSON" and find(a) in working:
            pairs.append((a, b))
        elif a in mentions and mentions[a].type == "PROFESSION":
            pairs.extend((person, b) for person in professions.get(a, []))
    return pairs


def read_nerel(folder: str | Path, sample: int = 0, seed: int = 3) -> list[Doc]:
    """Gold documents of a NEREL brat folder; ``sample`` > 0 keeps that many, drawn with a fixed seed
    (a reproducible slice of train for measuring without scoring all of it)."""
    import random

    folder = Path(folder)
    anns = sorted(folder.glob("*.ann"))
    if sample and sample < len(anns):
        random.Random(seed).shuffle(anns)
        anns = sorted(anns[:sample])
    docs = []
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if txt.exists():
            docs.append(nerel_gold(ann, txt.read_text(encoding="utf-8")))
    return docs


def nerel_prediction(extraction) -> Doc:
    """Our extraction seen the NEREL way: people and organisations untyped, OFFICIAL_OF only."""
    doc = doc_from_extraction(extraction)
    doc.entities = [GoldEntity(e.name, "Official" if e.type == "Official" else "Organization", e.aliases)
                    for e in doc.entities if e.type == "Official" or e.type in ORGANISATION_TYPES]
    doc.relations = [r for r in doc.relations if r.type == "OFFICIAL_OF"]
    return doc


NEREL_MATCHER = Matcher(key=lemma_fold, equal=inflected_equal)
