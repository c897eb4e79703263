"""Graph analytics on a networkx view of the stored graph: brokers (betweenness) and communities.

``to_networkx`` is the one builder of networkx views (and the notebook API): one node per entity
keyed by its id, one edge per relation keyed by the relation id; its parameters choose a subset,
the simple undirected weighted view, or flat attributes for GraphML/GEXF.
"""

from __future__ import annotations

import heapq
import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import networkx as nx
from pydantic import BaseModel, Field

from graph.model import ORGANISATION_TYPES, Evidence, GraphSnapshot

# Above this many nodes betweenness is estimated from a fixed-seed sample of source nodes.
EXACT_BETWEENNESS_LIMIT = 5000
SAMPLE_SOURCES = 32
SEED = 42

_ORGANISATION_TYPE_NAMES = frozenset(t.value for t in ORGANISATION_TYPES)


class Broker(BaseModel):
    """An entity that bridges otherwise separate parts of the graph."""

    id: str
    name: str
    type: str
    betweenness: float
    degree: int
    articles: int


class CommunityMember(BaseModel):
    id: str
    name: str
    type: str


class Community(BaseModel):
    """A group of closely linked entities, largest first."""

    index: int
    size: int
    members: list[CommunityMember] = Field(default_factory=list)


def _span(dates: Iterable[date | None]) -> tuple[date | None, date | None]:
    known = [d for d in dates if d is not None]
    return (min(known), max(known)) if known else (None, None)


def _dated(evidence: Evidence, published: dict[str, date | None]) -> date | None:
    return evidence.published or published.get(evidence.article_id)


def to_networkx(
    snapshot: GraphSnapshot,
    *,
    entities: Iterable[str] | None = None,
    undirected: bool = False,
    flat: bool = False,
) -> nx.MultiDiGraph | nx.Graph:
    """The networkx view of a snapshot, the one builder every analysis and export uses.

    By default a ``MultiDiGraph``: entities as nodes keyed by id, relations as edges keyed by
    relation id. Node attributes: ``name``, ``type`` (the EntityType value), ``aliases`` (list),
    ``first_seen``/``last_seen`` (dates of the mentions and relation evidence), ``articles`` (how
    many distinct articles mention the entity or its relations). Edge attributes: ``type``,
    ``post`` (or None), ``confidence``, ``evidence`` (list of :class:`~graph.model.Evidence`),
    ``articles``, ``first_seen``, ``last_seen``.

    Parameters
    ----------
    snapshot : GraphSnapshot
        The whole graph in model form, e.g. ``store.snapshot()``.
    entities : iterable of str, optional
        Keep only these entity ids (and the relations between them).
    undirected : bool
        A simple undirected ``Graph`` instead, one edge per linked pair with ``weight`` = the
        number of relations between them, nodes in id order (what betweenness and Louvain need).
    flat : bool
        Every attribute a string or a number (dates ISO, aliases joined by `` | ``, evidence
        counted, the first sentence kept, ``label`` added), as GraphML and GEXF need.

    Examples
    --------
    >>> from graph.model import Entity, Relation, GraphSnapshot
    >>> tusur = Entity(type="University", name="ТУСУР")
    >>> cluster = Entity(type="Cluster", name="Кластер электроники")
    >>> joins = Relation(type="PARTICIPATES_IN", source=tusur.id, target=cluster.id)
    >>> G = to_networkx(GraphSnapshot(entities=[tusur, cluster], relations=[joins]))
    >>> G.nodes[tusur.id]["name"], G.number_of_edges()
    ('ТУСУР', 1)
    >>> H = to_networkx(GraphSnapshot(entities=[tusur, cluster], relations=[joins]), undirected=True)
    >>> type(H).__name__, H[tusur.id][cluster.id]["weight"]
    ('Graph', 1)
    """
    if entities is not None:
        keep = set(entities)
        snapshot = GraphSnapshot(
            articles=snapshot.articles,
            entities=[e for e in snapshot.entities if e.id in keep],
            relations=[r for r in snapshot.relations if r.source in keep and r.target in keep],
        )
    G = _multidigraph(snapshot)
    if undirected:
        return _simple_undirected(G)
    return _flat(G) if flat else G


def _multidigraph(snapshot: GraphSnapshot) -> nx.MultiDiGraph:
    published = {a.id: a.published for a in snapshot.articles}
    G = nx.MultiDiGraph()
    node_articles: dict[str, set[str]] = defaultdict(set)
    node_dates: dict[str, list[date | None]] = defaultdict(list)
    for entity in snapshot.entities:
        G.add_node(entity.id, name=entity.name, type=entity.type.value, aliases=list(entity.aliases))
        for mention in entity.mentions:
            node_articles[entity.id].add(mention.article_id)
            node_dates[entity.id].append(_dated(mention, published))
    for relation in snapshot.relations:
        dates = [_dated(e, published) for e in relation.evidence]
        first, last = _span(dates)
        articles = {e.article_id for e in relation.evidence}
        for end in (relation.source, relation.target):
            if end not in G:  # a dangling end still gets a node so the edge is not lost
                G.add_node(end, name=end, type="", aliases=[])
            node_articles[end] |= articles
            node_dates[end].extend(dates)
        G.add_edge(
            relation.source,
            relation.target,
            key=relation.id,
            type=relation.type.value,
            post=relation.attributes.get("post"),
            confidence=relation.confidence,
            evidence=list(relation.evidence),
            articles=len(articles),
            first_seen=first,
            last_seen=last,
        )
    for node, data in G.nodes(data=True):
        data["first_seen"], data["last_seen"] = _span(node_dates.get(node, ()))
        data["articles"] = len(node_articles.get(node, ()))
    return G


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _flat(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    F = nx.MultiDiGraph()
    for node, d in G.nodes(data=True):
        F.add_node(
            node,
            label=d["name"],
            name=d["name"],
            type=d["type"],
            aliases=" | ".join(d["aliases"]),
            first_seen=_iso(d["first_seen"]),
            last_seen=_iso(d["last_seen"]),
            articles=d["articles"],
        )
    for u, v, key, d in G.edges(keys=True, data=True):
        F.add_edge(
            u,
            v,
            key=key,
            label=d["type"],
            type=d["type"],
            post=d["post"] or "",
            confidence=float(d["confidence"]),
            evidence=len(d["evidence"]),
            articles=d["articles"],
            first_seen=_iso(d["first_seen"]),
            last_seen=_iso(d["last_seen"]),
            sentence=d["evidence"][0].sentence if d["evidence"] else "",
        )
    return F


def _pair_weights(G: nx.MultiDiGraph, keep: set | None = None) -> dict[tuple, int]:
    """How many relations join each unordered pair of distinct nodes (optionally within ``keep``)."""
    weights: dict[tuple, int] = defaultdict(int)
    for u, successors in G.adj.items():
        if keep is not None and u not in keep:
            continue
        for v, parallel in successors.items():
            if u != v and (keep is None or v in keep):
                weights[(u, v) if u <= v else (v, u)] += len(parallel) if G.is_multigraph() else 1
    return weights


def _simple_undirected(G: nx.MultiDiGraph, nodes: Iterable[str] | None = None) -> nx.Graph:
    """Simple undirected graph of ``G`` (optionally restricted to ``nodes``); ``weight`` counts relations."""
    keep = set(G) if nodes is None else set(nodes)
    weights = _pair_weights(G, keep)
    # Sorted insertion keeps neighbour order, and so Louvain's result, independent of the store.
    H = nx.Graph()
    H.add_nodes_from(sorted(keep))
    H.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    return H


def _betweenness(order: list, pairs: Iterable[tuple], k: int | None, seed: int) -> dict:
    n = len(order)
    if n <= 2:
        return dict.fromkeys(order, 0.0)
    sources = random.Random(seed).sample(order, k) if k is not None and k < n else None
    try:
        import igraph
    except ImportError:  # pragma: no cover - igraph is a dependency; networkx is the fallback
        H = nx.Graph(list(pairs))
        H.add_nodes_from(order)
        if sources is None:
            return nx.betweenness_centrality(H)
        raw = nx.betweenness_centrality_subset(H, sources, order, normalized=False)
        scale = 2 * n / (len(sources) * (n - 1) * (n - 2))
        return {v: raw[v] * scale for v in order}
    index = {v: i for i, v in enumerate(order)}
    g = igraph.Graph(n=n, edges=[(index[u], index[v]) for u, v in pairs], directed=False)
    if sources is None:
        raw = g.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))
    else:
        raw = g.betweenness(directed=False, sources=[index[s] for s in sources])
        scale = 2 * n / (len(sources) * (n - 1) * (n - 2))
    return {v: raw[i] * scale for i, v in enumerate(order)}


def betweenness(H: nx.Graph, *, k: int | None = None, seed: int = SEED) -> dict[str, float]:
    """Normalised betweenness of a simple undirected graph, exact or from ``k`` sampled sources.

    Exact values equal ``networkx.betweenness_centrality(H)``; the estimate takes a fixed-seed
    sample of sources (sorted node ids, so every store gives the same answer) and runs in C
    through igraph when it is installed.

    Examples
    --------
    >>> import networkx as nx
    >>> round(betweenness(nx.path_graph(3))[1], 3)
    1.0
    """
    return _betweenness(sorted(H), [(u, v) for u, v in H.edges() if u != v], k, seed)


def brokers(G: nx.MultiDiGraph, top: int = 10, *, k: int | None = None, seed: int = SEED) -> list[Broker]:
    """The ``top`` entities by betweenness on the undirected simple view, with degree and articles.

    Graphs above ``EXACT_BETWEENNESS_LIMIT`` nodes are estimated from ``k`` (default
    ``SAMPLE_SOURCES``) fixed-seed sources so the answer stays fast and reproducible.
    Ties are broken by degree, then name, then id.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A view made by :func:`to_networkx`.
    top : int
        How many brokers to return (all when ``top <= 0``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> [b.id for b in brokers(G, top=1)]
    ['b']
    """
    order = sorted(G)
    pairs = _pair_weights(G)
    if k is None and len(order) > EXACT_BETWEENNESS_LIMIT:
        k = SAMPLE_SOURCES
    scores = _betweenness(order, pairs.keys(), k, seed)
    degree: dict = defaultdict(int)
    for u, v in pairs:
        degree[u] += 1
        degree[v] += 1
    nodes = G.nodes

    def rank(v: str) -> tuple:
        return (-round(scores[v], 12), -degree[v], str(nodes[v].get("name", v)), str(v))

    ranked = heapq.nsmallest(top, order, key=rank) if top > 0 else sorted(order, key=rank)
    return [
        Broker(
            id=str(v),
            name=str(nodes[v].get("name", v)),
            type=nodes[v].get("type", ""),
            betweenness=scores[v],
            degree=degree[v],
            articles=nodes[v].get("articles", 0),
        )
        for v in ranked
    ]


def communities(
    G: nx.MultiDiGraph,
    *,
    organisations_only: bool = True,
    min_size: int = 2,
    resolution: float = 1.0,
    seed: int = SEED,
) -> list[Community]:
    """Groups of closely linked entities by Louvain modularity (networkx, fixed seed).

    Runs on the undirected simple view weighted by the number of relations between two
    entities; with ``organisations_only`` officials and projects are left out. Communities
    smaller than ``min_size`` are dropped; the rest come largest first, members by name.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(nx.barbell_graph(4, 0))
    >>> [c.size for c in communities(G, organisations_only=False)]
    [4, 4]
    """
    if organisations_only:
        nodes = [v for v, t in G.nodes(data="type") if t in _ORGANISATION_TYPE_NAMES]
    else:
        nodes = list(G)
    H = _simple_undirected(G, nodes)
    if H.number_of_edges() == 0:
        groups: list[set[str]] = [{v} for v in H]
    else:
        groups = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    named = []
    for group in groups:
        if len(group) < min_size:
            continue
        members = sorted(
            (CommunityMember(id=str(v), name=str(G.nodes[v].get("name", v)), type=G.nodes[v].get("type", "")) for v in group),
            key=lambda m: (m.name, m.id),
        )
        named.append(members)
    named.sort(key=lambda ms: (-len(ms), ms[0].name, ms[0].id))
    return [Community(index=i, size=len(ms), members=ms) for i, ms in enumerate(named, start=1)]
