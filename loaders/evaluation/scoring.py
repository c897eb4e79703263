"""Scoring as ANNOTATION.md "How a prediction is matched" says, for dev.jsonl-style gold and NEREL brat folders.

Entities match on folded names or aliases (a person also on surname + first name or its initial, a
Project on at least half of the lemmas of both names); relations match when both ends match and the
type is the same (COOPERATES_WITH in either direction). Counts are micro-averaged over all articles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.names import fold_name

PERSON_TYPES = {"Official", "PERSON"}
_INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.$")
_STOP_LEMMAS = {"и", "в", "во", "на", "по", "для", "с", "со", "о", "об", "от", "до", "из", "к", "а"}
ORGANISATION_TYPES = {"Cluster", "Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization"}


# --- records ----------------------------------------------------------------------


@dataclass
class GoldEntity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class GoldRelation:
    source: str
    type: str
    target: str
    post: str | None = None


@dataclass
class Doc:
    """One article's entities and relations (gold or predicted); relation ends name entities."""

    id: str
    entities: list[GoldEntity] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)
    text: str = ""

    def entity(self, name: str) -> GoldEntity:
        key = fold_name(name)
        for e in self.entities:
            if any(fold_name(n) == key for n in e.names):
                return e
        return GoldEntity(name=name, type="")


def doc_from_json(data: dict) -> Doc:
    return Doc(
        id=str(data.get("id", "")),
        entities=[GoldEntity(e["name"], e.get("type", ""), list(e.get("aliases") or [])) for e in data.get("entities", [])],
        relations=[GoldRelation(r["source"], r["type"], r["target"], r.get("post")) for r in data.get("relations", [])],
        text=data.get("text", ""),
    )


def read_jsonl(path: str | Path) -> list[Doc]:
    with open(path, encoding="utf-8") as fh:
        return [doc_from_json(json.loads(line)) for line in fh if line.strip()]


# --- matching ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def _lemma(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return word.lower()
    return _analyzer().parse(word)[0].normal_form.replace("ё", "е")


def lemmas(name: str) -> set[str]:
    words = re.findall(r"\w+", name.replace("ё", "е").replace("Ё", "Е"))
    return {_lemma(w) for w in words if w.lower() not in _STOP_LEMMAS}


def lemma_fold(name: str) -> str:
    """Fold plus lemmatised words: the key for gold names written in any case (NEREL)."""
    return " ".join(_lemma(w) for w in re.findall(r"\w+", fold_name(name)))


def _same_stem(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common == len(a) == len(b) or (common >= 3 and common >= max(len(a), len(b)) - 3)


def inflected_equal(a: str, b: str) -> bool:
    """Two names equal up to case endings, word by word (or by lemmas).

    NEREL writes names as the sentence inflects them (Барака Обамы) and foreign names are unknown
    to any dictionary, so its gold is compared on stems: "Цвангираи" and "Цвангирая" are one name.
    """
    wa, wb = re.findall(r"\w+", fold_name(a)), re.findall(r"\w+", fold_name(b))
    if len(wa) != len(wb) or not wa:
        return False
    return all(_same_stem(x, y) for x, y in zip(wa, wb)) or lemma_fold(a) == lemma_fold(b)


def person_parts(name: str) -> list[tuple[str, str]]:
    """Readings of a name as (first name or initial, surname), folded: "Иван Петров" and "Петров Иван"."""
    tokens = re.findall(r"[A-ZА-ЯЁ]\.|[\w-]+", name.replace("ё", "е").replace("Ё", "Е"))
    initials = [t for t in tokens if _INITIAL.match(t)]
    words = [t for t in tokens if not _INITIAL.match(t)]
    if len(words) >= 2:
        return [(words[0].lower(), words[-1].lower()), (words[-1].lower(), words[0].lower())]
    if len(words) == 1 and initials:
        return [(initials[0].lower(), words[0].lower())]
    return []


def persons_match(pred: list[str], gold: list[str], same: Callable[[str, str], bool]) -> bool:
    pred_parts = [pp for p in pred for pp in person_parts(p)]
    gold_parts = [gp for g in gold for gp in person_parts(g)]
    for pp in pred_parts:
        for gp in gold_parts:
            if not same(pp[1], gp[1]):
                continue
            if pp[0].endswith(".") or gp[0].endswith("."):
                if pp[0][0] == gp[0][0]:
                    return True
            elif same(pp[0], gp[0]):
                return True
    return False


def projects_match(pred: list[str], gold: list[str]) -> bool:
    for p in pred:
        lp = lemmas(p)
        for g in gold:
            lg = lemmas(g)
            if not lp or not lg:
                continue
            shared = len(lp & lg)
            if shared * 2 >= len(lp) and shared * 2 >= len(lg):
                return True
    return False


@dataclass
class Matcher:
    """Decides whether a predicted entity is a gold one; ``key`` folds names (fold_name for dev.jsonl),
    ``equal`` optionally compares two names when folding alone cannot (inflected NEREL gold)."""

    key: Callable[[str], str] = fold_name
    equal: Callable[[str, str], bool] | None = None

    def same(self, a: str, b: str) -> bool:
        return self.key(a) == self.key(b) or (self.equal is not None and self.equal(a, b))

    def names_match(self, pred: GoldEntity, gold: GoldEntity) -> bool:
        gold_keys = {self.key(n) for n in gold.names}
        if any(self.key(n) in gold_keys for n in pred.names):
            return True
        return self.equal is not None and any(self.equal(p, g) for p in pred.names for g in gold.names)

    def match(self, pred: GoldEntity, gold: GoldEntity, typed: bool) -> bool:
        if typed and pred.type != gold.type:
            return False
        if self.names_match(pred, gold):
            return True
        if gold.type in PERSON_TYPES and pred.type in PERSON_TYPES | {""}:
            return persons_match(pred.names, gold.names, self.same)
        if gold.type == "Project" and pred.type in {"Project", ""} or (not typed and pred.type == "Project" and gold.type == "Project"):
            return projects_match(pred.names, gold.names)
        return False


def _one_to_one(preds: list, golds: list, ok: Callable[[object, object], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in order; returns (pred index, gold index) pairs."""
    pairs, used = [], set()
    for pi, p in enumerate(preds):
        for gi, g in enumerate(golds):
            if gi not in used and ok(p, g):
                used.add(gi)
                pairs.append((pi, gi))
                break
    return pairs


# --- scores -----------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "pred": self.pred, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Score:
    typed: Counts = field(default_factory=Counts)
    untyped: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    by_relation: dict[str, Counts] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "entities_typed": self.typed.as_dict(),
            "entities_untyped": self.untyped.as_dict(),
            "relations": self.relations.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "by_relation": {k: v.as_dict() for k, v in sorted(self.by_relation.items())},
        }


def _ordered(preds: list[GoldEntity], golds: list[GoldEntity], matcher: Matcher) -> list[int]:
    """Predictions with an exact name match first, so fuzzy rules do not take their gold."""
    exact = [i for i, p in enumerate(preds) if any(matcher.names_match(p, g) for g in golds)]
    rest = [i for i in range(len(preds)) if i not in set(exact)]
    return exact + rest


def score_documents(gold_docs: Iterable[Doc], pred_docs: Iterable[Doc], matcher: Matcher | None = None,
                    keep_errors: bool = False) -> Score:
    """Micro-averaged scores of predicted documents against gold ones, paired by id."""
    matcher = matcher or Matcher()
    preds_by_id = {d.id: d for d in pred_docs}
    score = Score()
    for gold in gold_docs:
        pred = preds_by_id.get(gold.id, Doc(id=gold.id))
        order = _ordered(pred.entities, gold.entities, matcher)
        preds = [pred.entities[i] for i in order]
        typed = _one_to_one(preds, gold.entities, lambda p, g: matcher.match(p, g, typed=True))
        untyped = _one_to_one(preds, gold.entities, lambda p, g: matcher.match(p, g, typed=False))
        score.typed.add(len(typed), len(preds), len(gold.entities))
        score.untyped.add(len(untyped), len(preds), len(gold.entities))
        matched_pred = {preds[pi].name for pi, _ in typed}
        matched_gold = {gold.entities[gi].name for _, gi in typed}
        for t in {e.type for e in preds} | {e.type for e in gold.entities}:
            c = score.by_type.setdefault(t, Counts())
            c.add(sum(1 for pi, gi in typed if gold.entities[gi].type == t), sum(1 for e in preds if e.type == t),
                  sum(1 for e in gold.entities if e.type == t))
        rel_pairs = _one_to_one(pred.relations, gold.relations, lambda p, g: _relation_match(p, g, pred, gold, matcher))
        score.relations.add(len(rel_pairs), len(pred.relations), len(gold.relations))
        for t in {r.type for r in pred.relations} | {r.type for r in gold.relations}:
            c = score.by_relation.setdefault(t, Counts())
            c.add(sum(1 for pi, gi in rel_pairs if gold.relations[gi].type == t), sum(1 for r in pred.relations if r.type == t),
                  sum(1 for r in gold.relations if r.type == t))
        if keep_errors:
            got_rel_p = {pi for pi, _ in rel_pairs}
            got_rel_g = {gi for _, gi in rel_pairs}
            score.errors.append({
                "id": gold.id,
                "false_entities": [f"{e.type}:{e.name}" for e in preds if e.name not in matched_pred],
                "missed_entities": [f"{e.type}:{e.name}" for e in gold.entities if e.name not in matched_gold],
                "false_relations": [f"{r.source} {r.type} {r.target}" for i, r in enumerate(pred.relations) if i not in got_rel_p],
                "missed_relations": [f"{r.source} {r.type} {r.target}" for i, r in enumerate(gold.relations) if i not in got_rel_g],
            })
    return score


def _relation_match(p: GoldRelation, g: GoldRelation, pred: Doc, gold: Doc, matcher: Matcher) -> bool:
    if p.type != g.type:
        return False

    def ends(a: str, b: str) -> bool:
        return matcher.match(pred.entity(a), gold.entity(b), typed=False) or matcher.same(a, b)

    if ends(p.source, g.source) and ends(p.target, g.target):
        return True
    return p.type == "COOPERATES_WITH" and ends(p.source, g.target) and ends(p.target, g.source)


# --- predictions from extractions --------------------------------------------------


def doc_from_extraction(extraction) -> Doc:
    """An Extraction (graph.model) as a scoring document; relation ends by entity name."""
    names = {e.id: e.name for e in extraction.entities}
    return Doc(
        id=extraction.article.id,
        entities=[GoldEntity(e.name, e.type.value, list(e.aliases)) for e in extraction.entities],
        relations=[
            GoldRelation(names.get(r.source, r.source), r.type.value, names.get(r.target, r.target), r.attributes.get("post"))
            for r in extraction.relations
        ],
    )


def extraction_to_json(extraction) -> dict:
    """One line of `clusterkg extract` output."""
    names = {e.id: e.name for e in extraction.entities}
    relations = []
    for r in extraction.relations:
        item = {"source": names.get(r.source, r.source), "type": r.type.value, "target": names.get(r.target, r.target)}
        if r.attributes.get("post"):
            item["post"] = r.attributes["post"]
        if r.evidence:
            ev = r.evidence[0]
            item["evidence"] = {"sentence": ev.sentence, "start": ev.start, "end": ev.end, "confidence": r.confidence}
        relations.append(item)
    return {
        "id": extraction.article.id,
        "entities": [{"id": e.id, "name": e.name, "type": e.type.value, "aliases": list(e.aliases)} for e in extraction.entities],
        "relations": relations,
    }


# --- NEREL ------------------------------------------------------------------------


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
    alone next to the full name) form one entity; OFFICIAL_OF = WORKPLACE of a PERSON who WORKS_AS a post,
    to an organisation.
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
    for k in kept:
        groups.setdefault(find(k), []).append(kept[k])
    entities: dict[str, GoldEntity] = {}
    for root, members in groups.items():
        members.sort(key=lambda m: (-len(m.text.split()), m.start))
        type_ = "Official" if members[0].type == "PERSON" else "Organization"
        names = list(dict.fromkeys(m.text for m in members))
        entities[root] = GoldEntity(names[0], type_, names[1:])
    works = {a for rtype, a, _ in relations if rtype == "WORKS_AS"}
    rels, seen = [], set()
    for rtype, a, b in relations:
        if rtype == "WORKPLACE" and a in kept and b in kept and kept[a].type == "PERSON" and kept[b].type == "ORGANIZATION" and a in works:
            pair = (find(a), find(b))
            if pair not in seen:
                seen.add(pair)
                rels.append(GoldRelation(entities[pair[0]].name, "OFFICIAL_OF", entities[pair[1]].name))
    return Doc(id=ann_path.stem, entities=list(entities.values()), relations=rels, text=text)


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
