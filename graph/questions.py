"""The analysts' ready questions, asked of any ``GraphStore`` with the same answer from each.

Every answer that shows relations takes them from ``store.entity()`` (the store contract), so
stores agree by construction; only the search for *which* entities to look at uses the store's
native paths when it offers them (``supports_fast_questions``), or the store's snapshot otherwise.
Answers are sorted so they are deterministic; evidence is in ``Evidence.sort_key`` order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import networkx as nx
from pydantic import BaseModel, Field

from graph import analytics
from graph.analytics import Broker, Community, to_networkx
from graph.model import EntityView, Evidence, Member, RelationType, RelationView
from graph.stores.base import FastQuestions, GraphStore, StoreError

DEFAULT_MAX_HOPS = 4
MAX_PATHS = 100

_ID = re.compile(r"^[er][0-9a-f]{16}$")


class EntityRef(BaseModel):
    id: str
    name: str
    type: str


class LinkStep(BaseModel):
    """One hop of a path: from ``source`` to ``target`` along every relation between the two."""

    source: EntityRef
    target: EntityRef
    relations: list[RelationView] = Field(default_factory=list)


class LinkPath(BaseModel):
    """A shortest path between two entities, hop by hop, each hop with its evidence."""

    hops: int
    nodes: list[EntityRef]
    steps: list[LinkStep]


class Partner(BaseModel):
    """Who cooperates with an entity: how often (evidence, articles) and since when."""

    id: str
    name: str
    type: str
    evidence: int
    articles: int
    since: date | None = None
    last_seen: date | None = None
    relation_id: str


class Instruction(BaseModel):
    """A cluster, project or organisation formed on the instruction of an official or authority."""

    subject: EntityRef
    instructor: EntityRef
    relation_id: str
    first_seen: date | None = None
    last_seen: date | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class TimelineFact(BaseModel):
    """A dated fact about an entity: one relation as one article reported it."""

    date: date | None
    type: RelationType
    relation_id: str
    direction: str  # "out" when the entity is the relation's source, "in" otherwise
    other: EntityRef
    post: str | None = None
    article_id: str
    sentence: str


# --- helpers -----------------------------------------------------------------------------


def _check_id(entity_id: str) -> str:
    if not _ID.match(entity_id):
        raise StoreError(f"not an entity id: {entity_id!r}")
    return entity_id


def _fast(store: GraphStore) -> FastQuestions | None:
    """The store's native search paths when it offers them."""
    return store.fast_questions() if store.supports_fast_questions else None


def _span(evidence: Iterable[Evidence]) -> tuple[date | None, date | None]:
    dates = [e.published for e in evidence if e.published is not None]
    return (min(dates), max(dates)) if dates else (None, None)


class _Entities:
    """``store.entity`` with a cache: the questions ask about the same few entities repeatedly."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._cache: dict[str, EntityView | None] = {}

    def get(self, entity_id: str) -> EntityView | None:
        if entity_id not in self._cache:
            self._cache[entity_id] = self.store.entity(entity_id)
        return self._cache[entity_id]

    def need(self, entity_id: str) -> EntityView:
        view = self.get(entity_id)
        if view is None:
            raise StoreError(f"no entity with id {entity_id} in the store")
        return view

    def ref(self, entity_id: str) -> EntityRef:
        view = self.need(entity_id)
        return EntityRef(id=view.id, name=view.name, type=view.type.value)


# --- members -----------------------------------------------------------------------------


def members_as_of(store: GraphStore, group_id: str, as_of: date | None = None) -> list[Member]:
    """Who is in a cluster (or project), and was at ``as_of``: the store's own ``members``."""
    rows = store.members(_check_id(group_id), as_of)
    return sorted(rows, key=lambda m: (m.name, m.id))


# --- links -------------------------------------------------------------------------------


class _Search:
    """Where the questions look for entities to report: the store's native paths when it has them, else the snapshot."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.fast = _fast(store)
        self._adjacency: dict[str, set[str]] | None = None

    def neighbours(self, ids: set[str]) -> dict[str, set[str]]:
        if self.fast is not None:
            return self.fast.neighbours(ids)
        if self._adjacency is None:
            adjacency: dict[str, set[str]] = defaultdict(set)
            for r in self.store.snapshot().relations:
                if r.source != r.target:
                    adjacency[r.source].add(r.target)
                    adjacency[r.target].add(r.source)
            self._adjacency = adjacency
        return {i: set(self._adjacency.get(i, ())) for i in ids}

    def relations_between(self, entities: _Entities, pairs: set[tuple[str, str]]) -> dict[frozenset, list[RelationView]]:
        if self.fast is not None:
            return self.fast.relations_between(pairs)
        found: dict[frozenset, list[RelationView]] = defaultdict(list)
        wanted = {frozenset(p) for p in pairs}
        for u in sorted({p[0] for p in pairs}):
            for r in entities.need(u).relations:
                key = frozenset((r.source, r.target))
                if key in wanted and r.source != r.target and r not in found[key]:
                    found[key].append(r)
        return found


class _Bfs:
    """One side of a bidirectional breadth-first search: depth and parents of every node reached."""

    def __init__(self, root: str) -> None:
        self.depth = {root: 0}
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.frontier = {root}
        self.level = 0

    def expand(self, search: _Search) -> None:
        self.level += 1
        found = search.neighbours(self.frontier)
        reached: set[str] = set()
        for u, vs in found.items():
            for v in vs:
                if v not in self.depth or self.depth[v] == self.level:
                    if v not in self.depth:
                        self.depth[v] = self.level
                        reached.add(v)
                    self.parents[v].add(u)
        self.frontier = reached

    def paths_to(self, node: str, limit: int) -> list[list[str]]:
        """Shortest paths from the root to ``node`` (root first), at most ``limit``."""
        if self.depth.get(node) == 0:
            return [[node]]
        paths: list[list[str]] = []
        for parent in sorted(self.parents.get(node, ())):
            for path in self.paths_to(parent, limit - len(paths)):
                paths.append(path + [node])
                if len(paths) >= limit:
                    return paths
        return paths


def _shortest_paths(search: _Search, a: str, b: str, max_hops: int, limit: int) -> list[list[str]]:
    """Every shortest path from ``a`` to ``b`` (ignoring direction), meeting in the middle."""
    forward, backward = _Bfs(a), _Bfs(b)
    while forward.frontier and backward.frontier and forward.level + backward.level < max_hops:
        side = forward if len(forward.frontier) <= len(backward.frontier) else backward
        side.expand(search)
        meeting = sorted(v for v in side.frontier if v in (backward if side is forward else forward).frontier)
        if meeting:
            paths: list[list[str]] = []
            for m in meeting:
                for head in forward.paths_to(m, limit):
                    for tail in backward.paths_to(m, limit):
                        paths.append(head + tail[::-1][1:])
                        if len(paths) >= limit * 4:
                            return paths
            return paths
    return []


def links(
    store: GraphStore, a_id: str, b_id: str, max_hops: int = DEFAULT_MAX_HOPS, limit: int = MAX_PATHS
) -> list[LinkPath]:
    """Every shortest path (up to ``max_hops`` hops, at most ``limit`` paths) between two entities.

    Paths ignore relation direction; each hop lists every relation between its two ends with
    the evidence. Paths are ordered by the names along them.
    """
    _check_id(a_id)
    _check_id(b_id)
    entities = _Entities(store)
    entities.need(a_id)
    entities.need(b_id)
    if a_id == b_id:
        return []
    search = _Search(store)
    node_paths = _shortest_paths(search, a_id, b_id, max_hops, limit)
    pairs = {(p[i], p[i + 1]) for p in node_paths for i in range(len(p) - 1)}
    between = search.relations_between(entities, pairs)
    refs: dict[str, EntityRef] = {}
    if search.fast is not None:
        ids = sorted({n for p in node_paths for n in p})
        described = search.fast.refs(ids) if ids else {}
        refs.update((i, EntityRef(id=i, name=name, type=type_)) for i, (name, type_) in described.items())
    result = []
    for node_path in node_paths:
        nodes = [refs.get(n) or entities.ref(n) for n in node_path]
        steps = []
        for i in range(len(node_path) - 1):
            relations = list(between.get(frozenset(node_path[i : i + 2]), []))
            relations.sort(key=lambda r: (r.type.value, r.source, r.target, r.id))
            steps.append(LinkStep(source=nodes[i], target=nodes[i + 1], relations=relations))
        result.append(LinkPath(hops=len(steps), nodes=nodes, steps=steps))
    result.sort(key=lambda p: [(n.name, n.id) for n in p.nodes])
    return result[:limit]


# --- partners, instructions, timeline ------------------------------------------------------


def _other(view: RelationView, entity_id: str) -> tuple[str, str, str]:
    if view.source == entity_id:
        return view.target, view.target_name, "out"
    return view.source, view.source_name, "in"


def partners(store: GraphStore, entity_id: str) -> list[Partner]:
    """Who cooperates with the entity (``COOPERATES_WITH``), most often reported first."""
    entities = _Entities(store)
    view = entities.need(_check_id(entity_id))
    rows = []
    for r in view.relations:
        if r.type is not RelationType.COOPERATES_WITH:
            continue
        other_id, _, _ = _other(r, entity_id)
        if other_id == entity_id:
            continue
        ref = entities.ref(other_id)
        first, last = _span(r.evidence)
        rows.append(
            Partner(
                id=ref.id,
                name=ref.name,
                type=ref.type,
                evidence=len(r.evidence),
                articles=len({e.article_id for e in r.evidence}),
                since=first,
                last_seen=last,
                relation_id=r.id,
            )
        )
    rows.sort(key=lambda p: (-p.articles, -p.evidence, p.since is None, p.since or date.min, p.name, p.id))
    return rows


def _instruction_subjects(store: GraphStore, by: str | None) -> set[str]:
    fast = _fast(store)
    if fast is not None:
        return fast.instruction_subjects(by)
    snapshot = store.snapshot()
    return {
        r.source
        for r in snapshot.relations
        if r.type is RelationType.INSTRUCTED_BY and (by is None or r.target == by)
    }


def instructions(store: GraphStore, by: str | None = None) -> list[Instruction]:
    """Which clusters, projects and organisations were formed on whose instruction (``INSTRUCTED_BY``).

    ``by`` restricts the answer to one instructor's id. Oldest first.
    """
    entities = _Entities(store)
    if by is not None:
        entities.need(_check_id(by))
        subjects = {
            r.source
            for r in entities.need(by).relations
            if r.type is RelationType.INSTRUCTED_BY and r.target == by
        }
    else:
        subjects = _instruction_subjects(store, None)
    rows = []
    for subject in sorted(subjects):
        for r in entities.need(subject).relations:
            if r.type is not RelationType.INSTRUCTED_BY or r.source != subject:
                continue
            if by is not None and r.target != by:
                continue
            first, last = _span(r.evidence)
            rows.append(
                Instruction(
                    subject=entities.ref(r.source),
                    instructor=entities.ref(r.target),
                    relation_id=r.id,
                    first_seen=first,
                    last_seen=last,
                    evidence=r.evidence,
                )
            )
    rows.sort(
        key=lambda i: (i.first_seen is None, i.first_seen or date.min, i.subject.name, i.instructor.name, i.relation_id)
    )
    return rows


def timeline(store: GraphStore, entity_id: str) -> list[TimelineFact]:
    """Dated facts about an entity, oldest first: one per relation and article; undated ones last."""
    entities = _Entities(store)
    view = entities.need(_check_id(entity_id))
    facts = []
    for r in view.relations:
        other_id, _, direction = _other(r, entity_id)
        other = entities.ref(other_id)
        seen: set[str] = set()
        for e in sorted(r.evidence, key=Evidence.sort_key):
            if e.article_id in seen:
                continue
            seen.add(e.article_id)
            facts.append(
                TimelineFact(
                    date=e.published,
                    type=r.type,
                    relation_id=r.id,
                    direction=direction,
                    other=other,
                    post=r.attributes.get("post"),
                    article_id=e.article_id,
                    sentence=e.sentence,
                )
            )
    facts.sort(key=lambda f: (f.date is None, f.date or date.min, f.type.value, f.other.name, f.relation_id, f.article_id))
    return facts


# --- brokers and communities --------------------------------------------------------------


def graph_view(store: GraphStore) -> nx.MultiDiGraph:
    """The networkx view analytics run on: light (names, types, relation types) natively, else the full snapshot."""
    fast = _fast(store)
    if fast is not None:
        return fast.light_graph()
    return to_networkx(store.snapshot())


def brokers(store: GraphStore, top: int = 10) -> list[Broker]:
    """Entities that bridge otherwise separate groups: betweenness, degree and article count."""
    fast = _fast(store)
    G = graph_view(store)
    rows = analytics.brokers(G, top=top)
    if fast is not None:
        counts = fast.article_counts([r.id for r in rows])
        rows = [r.model_copy(update={"articles": counts.get(r.id, 0)}) for r in rows]
    return rows


def communities(store: GraphStore, organisations_only: bool = True) -> list[Community]:
    """Groups of closely linked organisations (Louvain, fixed seed), each with its members."""
    return analytics.communities(graph_view(store), organisations_only=organisations_only)
