"""Analytics on small famous graphs (against networkx's own numbers) and on our hand-built snapshot."""

from __future__ import annotations

import doctest
from datetime import date

import networkx as nx
import pytest

import graph.analytics
from graph import to_networkx
from graph.analytics import betweenness, brokers, communities
from graph.model import entity_id
from tests.sample_graph import CLUSTER, sample_snapshot


def _as_multidigraph(H: nx.Graph) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for v in H:
        G.add_node(str(v), name=f"n{v}", type="Company", articles=1)
    G.add_edges_from((str(u), str(v)) for u, v in H.edges())
    return G


def test_exact_betweenness_equals_networkx_on_the_kite():
    kite = nx.krackhardt_kite_graph()
    expected = nx.betweenness_centrality(kite)
    got = betweenness(kite)
    assert got == pytest.approx(expected)


def test_brokers_on_the_kite_rank_heather_first():
    kite = nx.krackhardt_kite_graph()
    expected = nx.betweenness_centrality(kite)
    rows = brokers(_as_multidigraph(kite), top=3)
    assert [r.id for r in rows] == ["7", "5", "6"]  # Heather, then Fernando and Garth
    assert rows[0].betweenness == pytest.approx(expected[7])
    assert rows[0].degree == kite.degree(7)


def test_sampled_betweenness_with_all_sources_is_exact():
    G = nx.les_miserables_graph()
    H = nx.Graph(G.edges())
    exact = nx.betweenness_centrality(H)
    sampled = betweenness(H, k=H.number_of_nodes() - 1)
    top = max(exact, key=exact.get)
    assert max(sampled, key=sampled.get) == top
    assert sampled[top] == pytest.approx(exact[top], rel=0.25)


def test_sampled_betweenness_is_reproducible():
    H = nx.barabasi_albert_graph(400, 2, seed=3)
    assert betweenness(H, k=20, seed=7) == betweenness(H, k=20, seed=7)


def test_louvain_finds_the_two_karate_factions_roughly():
    karate = nx.karate_club_graph()
    groups = communities(_as_multidigraph(karate))
    assert sum(c.size for c in groups) == 34
    assert 2 <= len(groups) <= 5
    # Mr. Hi (0) and the officer (33) never share a community.
    where = {m.id: c.index for c in groups for m in c.members}
    assert where["0"] != where["33"]


def test_communities_are_deterministic():
    G = _as_multidigraph(nx.karate_club_graph())
    assert communities(G) == communities(G)


def test_to_networkx_attributes_from_snapshot():
    snapshot = sample_snapshot()
    G = to_networkx(snapshot)
    assert G.number_of_nodes() == len(snapshot.entities) == 8
    assert G.number_of_edges() == len(snapshot.relations) == 9
    cluster = G.nodes[entity_id(CLUSTER)]
    assert cluster["type"] == "Cluster"
    assert cluster["aliases"] == ["кластер электроники"]
    assert cluster["first_seen"] == date(2023, 3, 1)
    assert cluster["last_seen"] == date(2023, 9, 15)
    assert cluster["articles"] == 2
    tusur, mikran = entity_id("ТУСУР"), entity_id("Микран")
    (edge,) = [d for u, v, d in G.edges(data=True) if {u, v} == {tusur, mikran} and d["type"] == "COOPERATES_WITH"]
    assert len(edge["evidence"]) == 2
    assert (edge["first_seen"], edge["last_seen"]) == (date(2023, 9, 15), date(2024, 2, 10))
    (post,) = [d["post"] for _, _, d in G.edges(data=True) if d["type"] == "OFFICIAL_OF"]
    assert post == "губернатор"


def test_brokers_on_snapshot_put_the_cluster_first():
    G = to_networkx(sample_snapshot())
    top = brokers(G, top=2)
    assert top[0].name == CLUSTER
    assert top[0].degree == 5  # ТУСУР, Микран, Элекард, the tractor project and the governor
    assert top[0].articles == 2
    H = to_networkx(sample_snapshot(), undirected=True)
    assert top[0].betweenness == pytest.approx(nx.betweenness_centrality(H)[entity_id(CLUSTER)])


def test_communities_on_snapshot_keep_organisations_only():
    G = to_networkx(sample_snapshot())
    groups = communities(G)
    types = {m.type for c in groups for m in c.members}
    assert "Official" not in types and "Project" not in types
    everyone = communities(G, organisations_only=False, min_size=1)
    assert sum(c.size for c in everyone) == G.number_of_nodes()


def test_one_view_function_with_parameters():
    snapshot = sample_snapshot()
    tusur, mikran, cluster = entity_id("ТУСУР"), entity_id("Микран"), entity_id(CLUSTER)
    H = to_networkx(snapshot, undirected=True)
    assert type(H) is nx.Graph and list(H) == sorted(H)
    assert H[tusur][mikran]["weight"] == sum(1 for r in snapshot.relations if {r.source, r.target} == {tusur, mikran})
    part = to_networkx(snapshot, entities=[tusur, mikran, cluster])
    assert set(part) == {tusur, mikran, cluster}
    assert part.number_of_edges() == sum(
        1 for r in snapshot.relations if {r.source, r.target} <= {tusur, mikran, cluster})
    flat = to_networkx(snapshot, flat=True)
    assert flat.nodes[cluster]["first_seen"] == "2023-03-01" and flat.nodes[cluster]["label"] == CLUSTER
    values = [v for _, d in flat.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in flat.edges(data=True) for v in d.values()]
    assert all(isinstance(v, (str, int, float)) for v in values)


def test_the_docstring_examples_run():
    failed, tried = doctest.testmod(graph.analytics)
    assert tried >= 5 and failed == 0
