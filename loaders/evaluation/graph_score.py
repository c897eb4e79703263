"""Graph-level score: the resolved graph of many articles against the gold graph of the same articles.

Gold entities of all articles are joined into one when they share a folded name or alias and a type
(ANNOTATION.md's canonical names make this well defined).  A stored node matches a gold entity as a
prediction matches in ANNOTATION.md (folded name or alias; a person on surname + first name or
initial; a project on half its lemmas, against the gold of the articles the node was found in); a label
naming gold entities of several types matches the ones of the node's own type.  Reported:

- split: extra nodes per gold entity (found as 3 nodes counts 2) / gold entities;
- merged: nodes matching two or more gold entities / nodes;
- junk: nodes matching no gold entity / nodes;
- name: matched nodes whose stored name folds to a canonical name of their gold entity (a project's: shares
  half its lemmas with one) / matched nodes;
- unique-edge precision, recall and F1: (source, type, target) once in the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import GraphSnapshot
from graph.names import fold_name
from loaders.evaluation.gold import PERSON_TYPES, Doc, GoldEntity
from loaders.evaluation.matching import Matcher, persons_match, projects_match

_SYMMETRIC = {"COOPERATES_WITH"}


@dataclass
class GoldNode:
    """One real entity of the gold graph: every article's labels and canonical names joined."""

    index: int
    type: str
    names: set[str] = field(default_factory=set)  # the gold `name` of each article
    labels: set[str] = field(default_factory=set)  # names and aliases
    articles: set[str] = field(default_factory=set)

    def as_gold(self) -> GoldEntity:
        ordered = sorted(self.names) + sorted(self.labels - self.names)
        return GoldEntity(ordered[0], self.type, ordered[1:])


@dataclass
class EdgeScore:
    """Unique edges: a predicted edge is right when some gold edge joins its ends' gold entities with its
    type; a gold edge is found when some predicted edge is right for it."""

    right: int = 0
    predicted: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"right": self.right, "predicted": self.predicted, "found": self.found, "gold": self.gold,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class GraphScore:
    gold_entities: int = 0
    nodes: int = 0
    split: float = 0.0
    merged: float = 0.0
    junk: float = 0.0
    name: float = 0.0
    edges: EdgeScore = field(default_factory=EdgeScore)
    split_entities: list[dict] = field(default_factory=list)
    merged_nodes: list[dict] = field(default_factory=list)
    junk_nodes: list[str] = field(default_factory=list)
    wrong_names: list[dict] = field(default_factory=list)

    def as_dict(self, details: bool = False) -> dict:
        out = {
            "gold_entities": self.gold_entities,
            "nodes": self.nodes,
            "split": round(self.split, 4),
            "merged": round(self.merged, 4),
            "junk": round(self.junk, 4),
            "name": round(self.name, 4),
            "edges": self.edges.as_dict(),
        }
        if details:
            out |= {"split_entities": self.split_entities, "merged_nodes": self.merged_nodes,
                    "junk_nodes": self.junk_nodes, "wrong_names": self.wrong_names}
        return out


def gold_graph(docs: Iterable[Doc]) -> tuple[list[GoldNode], set[tuple[int, str, int]]]:
    """Gold entities joined across articles and the unique gold edges.

    Two gold entities are one when they share a type and a folded label that is some article's
    canonical name, or an alias that no other entity of that type carries (a generic alias such as
    «правительство области», given to two regions' governments, joins nothing); a person written
    with initials is the one full-named person of that surname and initial, when there is one.
    """
    docs = list(docs)
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(key: tuple[str, str]) -> tuple[str, str]:
        root = key
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[key] != root:
            parent[key], key = root, parent[key]
        return root

    entities = [entity for doc in docs for entity in doc.entities]
    names = {(e.type, fold_name(e.name)) for e in entities}
    for entity in entities:
        name = (entity.type, fold_name(entity.name))
        for label in entity.aliases:
            key = (entity.type, fold_name(label))
            if key in names:
                parent[find(key)] = find(name)
        find(name)
    owners: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for entity in entities:
        for label in entity.aliases:
            key = (entity.type, fold_name(label))
            if key not in names:
                owners[key].add(find((entity.type, fold_name(entity.name))))
    ambiguous = {key[1] for key, roots in owners.items() if len(roots) > 1}
    for key, roots in owners.items():
        if len(roots) == 1:
            parent[find(key)] = find(next(iter(roots)))
    _join_initials(entities, find, parent)
    nodes: dict[tuple[str, str], GoldNode] = {}
    for doc in docs:
        for entity in doc.entities:
            root = find((entity.type, fold_name(entity.name)))
            node = nodes.setdefault(root, GoldNode(index=len(nodes), type=entity.type))
            node.names.add(entity.name)
            node.labels.update(label for label in entity.names if fold_name(label) not in ambiguous)
            node.articles.add(doc.id)
    edges: set[tuple[int, str, int]] = set()
    for doc in docs:
        for relation in doc.relations:
            ends = []
            for name in (relation.source, relation.target):
                entity = doc.entity(name)
                root = find((entity.type, fold_name(entity.name))) if entity.type else None
                ends.append(nodes[root].index if root in nodes else None)
            if None not in ends:
                edges.add(_edge(ends[0], relation.type, ends[1]))
    return list(nodes.values()), edges


def _join_initials(entities: list[GoldEntity], find, parent) -> None:
    """«М. Решетников» joins «Максим Решетников» when he is the only full-named person that fits."""
    persons = [e for e in entities if e.type in PERSON_TYPES]
    full = [e for e in persons if not any(w.endswith(".") for w in e.name.split()) and len(e.name.split()) >= 2]
    for entity in persons:
        words = entity.name.split()
        initials = [w for w in words if w.endswith(".")]
        if not initials:
            continue
        fits = {find((e.type, fold_name(e.name))) for e in full
                if fold_name(e.name.split()[-1]) == fold_name(words[-1])
                and fold_name(e.name)[0] == fold_name(initials[0])[0]}
        if len(fits) == 1:
            parent[find((entity.type, fold_name(entity.name)))] = next(iter(fits))


def _edge(source: int | str, type_: str, target: int | str) -> tuple:
    if type_ in _SYMMETRIC and str(target) < str(source):
        source, target = target, source
    return source, type_, target


class _GoldIndex:
    """Which gold entities a stored node is, looked up by folded label, surname or project lemmas."""

    def __init__(self, gold: list[GoldNode]) -> None:
        self.gold = gold
        self.as_gold = [g.as_gold() for g in gold]
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.persons: list[int] = [g.index for g in gold if g.type in PERSON_TYPES]
        for g in gold:
            for label in g.labels:
                self.by_key[fold_name(label)].add(g.index)
        self.matcher = Matcher()

    def match(self, name: str, type_: str, aliases: list[str], articles: set[str] = frozenset()) -> set[int]:
        """As ANNOTATION.md matches: a folded label, a person's surname and first name or initial, and a
        project's lemmas (half of them shared) — a project only against the gold of the articles it came from,
        as the per-article scorer compares it."""
        labels = [name, *aliases]
        found: set[int] = set()
        for label in labels:  # one label naming gold entities of several types: the node's own type
            hits = self.by_key.get(fold_name(label), set())
            found |= {i for i in hits if self.gold[i].type == type_} or hits
        if not found and type_ in PERSON_TYPES:
            found = {i for i in self.persons if persons_match(labels, self.as_gold[i].names, self.matcher.same)}
        if not found and type_ == "Project":
            found = {g.index for g in self.gold if g.type == "Project" and g.articles & articles
                     and projects_match(labels, sorted(g.labels))}
        return found


def score_graph(gold_docs: Iterable[Doc], snapshot: GraphSnapshot) -> GraphScore:
    """Split, merged, junk, name and unique-edge scores of a stored graph against the joined gold graph."""
    gold_docs = list(gold_docs)
    gold, gold_edges = gold_graph(gold_docs)
    index = _GoldIndex(gold)
    doc_of = _gold_article_ids(gold_docs, snapshot)
    score = GraphScore(gold_entities=len(gold), nodes=len(snapshot.entities))
    matched: dict[str, set[int]] = {}
    nodes_of: dict[int, list[str]] = defaultdict(list)
    right_names = 0
    for entity in snapshot.entities:
        hits = index.match(entity.name, entity.type.value, entity.aliases, {doc_of.get(m.article_id, "") for m in entity.mentions})
        matched[entity.id] = hits
        for i in hits:
            nodes_of[i].append(entity.name)
        if not hits:
            score.junk_nodes.append(f"{entity.type.value}:{entity.name}")
            continue
        if len(hits) > 1:
            score.merged_nodes.append({"node": entity.name, "gold": sorted(gold[i].as_gold().name for i in hits)})
        canonical = {fold_name(n) for i in hits for n in gold[i].names}
        names = sorted({n for i in hits for n in gold[i].names})
        if fold_name(entity.name) in canonical or (entity.type.value == "Project" and projects_match([entity.name], names)):
            right_names += 1
        else:
            score.wrong_names.append({"node": entity.name, "gold": sorted({n for i in hits for n in gold[i].names})})
    extra = 0
    for i, names in sorted(nodes_of.items()):
        if len(names) > 1:
            extra += len(names) - 1
            score.split_entities.append({"gold": gold[i].as_gold().name, "nodes": sorted(names)})
    found = len(snapshot.entities) - len(score.junk_nodes)
    score.split = extra / len(gold) if gold else 0.0
    score.merged = len(score.merged_nodes) / score.nodes if score.nodes else 0.0
    score.junk = len(score.junk_nodes) / score.nodes if score.nodes else 0.0
    score.name = right_names / found if found else 0.0
    predicted = {_edge(r.source, r.type.value, r.target) for r in snapshot.relations}
    covered: set[tuple] = set()
    true_positive = 0
    for source, type_, target in predicted:
        hits = {_edge(s, type_, t) for s in matched.get(source, ()) for t in matched.get(target, ())} & gold_edges
        if hits:
            true_positive += 1
            covered |= hits
    score.edges = EdgeScore(right=true_positive, predicted=len(predicted), found=len(covered), gold=len(gold_edges))
    return score


def _gold_article_ids(gold_docs: list[Doc], snapshot: GraphSnapshot) -> dict[str, str]:
    """Stored article id → gold article id, by URL, else by the text with spaces normalised (the store names
    an article by a hash of both, the gold file by its own id)."""
    by_url = {doc.url: doc.id for doc in gold_docs if doc.url}
    by_text = {" ".join(doc.text.split()): doc.id for doc in gold_docs}
    return {a.id: by_url.get(a.url or "") or by_text.get(" ".join(a.text.split()), "") for a in snapshot.articles}
