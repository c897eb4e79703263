"""Every export format round-trips: the RDF ones equal the store's own dump quad by quad (per-article
named graphs included), the others read back with networkx or csv with the counts and attributes."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from exports.files import FORMATS, GEXF_NS, export_graph
from graph.model import entity_id
from tests.sample_graph import CLUSTER, sample_snapshot


@pytest.fixture(scope="module")
def snapshot():
    return sample_snapshot()


def _evidence_total(snapshot) -> int:
    return sum(len(r.evidence) for r in snapshot.relations)


def test_nquads_round_trip_with_one_graph_per_article(snapshot, tmp_path: Path):
    from rdflib import Dataset, URIRef

    (path,) = export_graph(snapshot, "nq", tmp_path / "graph.nq")
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    graphs = {str(g) for _, _, _, g in dataset.quads((None, None, None, None)) if g is not None}
    article_graphs = {g for g in graphs if "/graph/a" in g}
    assert len(article_graphs) == len(snapshot.articles)
    fact = URIRef("https://w3id.org/clusterkg/ontology#Fact")
    evidence = URIRef("https://w3id.org/clusterkg/ontology#Evidence")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    facts = {s for s, _, _, _ in dataset.quads((None, rdf_type, fact, None))}
    assert len(facts) == len(snapshot.relations)
    evidence_nodes = {s for s, _, _, _ in dataset.quads((None, rdf_type, evidence, None))}
    assert len(evidence_nodes) == _evidence_total(snapshot)


@pytest.fixture(scope="module")
def stored(tmp_path_factory, dev_jsonl: Path, seed_page: Path) -> tuple[Path, set]:
    """A store filled by ``clusterkg ingest`` from real articles, and its own N-Quads dump."""
    import pyoxigraph as ox

    from graph.stores.embedded import EmbeddedRdfStore

    store = tmp_path_factory.mktemp("export") / "store"
    result = CliRunner().invoke(app, ["ingest", str(dev_jsonl), str(seed_page), "--store", str(store)])
    assert result.exit_code == 0, result.output
    dump = store.parent / "dump.nq"
    with EmbeddedRdfStore(store, read_only=True) as opened:
        opened.dump(dump)
        articles = opened.stats().articles
    quads = set(ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    assert len(graphs) == articles + 1 and any(g.endswith("/entities") for g in graphs)  # one per article
    return store, quads


def _exported(store: Path, fmt: str, out: Path, rdf_format) -> set:
    import pyoxigraph as ox

    result = CliRunner().invoke(app, ["export", "--format", fmt, "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return set(ox.parse(path=str(out), format=rdf_format))


def _differences(got: set, expected: set) -> str:
    extra, missing = sorted(map(str, got - expected)), sorted(map(str, expected - got))
    return f"{len(extra)} extra, e.g. {extra[:3]}; {len(missing)} missing, e.g. {missing[:3]}"


@pytest.mark.parametrize(("fmt", "rdf_format"), [("nq", "N_QUADS"), ("jsonld", "JSON_LD")])
def test_rdf_exports_equal_the_store_dump_quad_by_quad(stored, tmp_path: Path, fmt: str, rdf_format: str):
    import pyoxigraph as ox

    store, dump = stored
    got = _exported(store, fmt, tmp_path / f"graph.{fmt}", getattr(ox.RdfFormat, rdf_format))
    assert got == dump, _differences(got, dump)


def test_turtle_export_equals_the_store_dump_triple_by_triple(stored, tmp_path: Path):
    """Turtle has no named graphs: every quad of the dump is there as a triple, and nothing else."""
    import pyoxigraph as ox

    store, dump = stored
    got = _exported(store, "ttl", tmp_path / "graph.ttl", ox.RdfFormat.TURTLE)
    expected = {ox.Quad(q.subject, q.predicate, q.object) for q in dump}
    assert got == expected, _differences(got, expected)
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")


def test_jsonld_uses_the_project_context(snapshot, tmp_path: Path):
    from ontology import jsonld_context

    (path,) = export_graph(snapshot, "jsonld", tmp_path / "graph.jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["@context"] == jsonld_context().get("@context", jsonld_context())  # "graph" is its @graph
    assert any(CLUSTER in json.dumps(node, ensure_ascii=False) for node in document["graph"])


def test_graphml_round_trip(snapshot, tmp_path: Path):
    (path,) = export_graph(snapshot, "graphml", tmp_path / "graph.graphml")
    G = nx.read_graphml(path, force_multigraph=True)
    assert G.number_of_nodes() == len(snapshot.entities)
    assert G.number_of_edges() == len(snapshot.relations)
    cluster = G.nodes[entity_id(CLUSTER)]
    assert cluster["type"] == "Cluster" and cluster["name"] == CLUSTER
    assert cluster["first_seen"] == "2023-03-01" and cluster["articles"] == 2
    assert {d["type"] for _, _, d in G.edges(data=True)} == {r.type.value for r in snapshot.relations}


def test_gexf_parses_with_spells_and_typed_attributes(snapshot, tmp_path: Path):
    (path,) = export_graph(snapshot, "gexf", tmp_path / "graph.gexf")
    G = nx.read_gexf(path)
    assert G.number_of_nodes() == len(snapshot.entities)
    assert G.number_of_edges() == len(snapshot.relations)
    cluster = G.nodes[entity_id(CLUSTER)]
    assert cluster["label"] == CLUSTER and cluster["type"] == "Cluster"
    assert cluster["articles"] == 2  # declared integer, read back as int
    root = ET.parse(path).getroot()
    graph = root.find(f"{{{GEXF_NS}}}graph")
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    node = next(n for n in graph.iter(f"{{{GEXF_NS}}}node") if n.get("id") == entity_id(CLUSTER))
    assert (node.get("start"), node.get("end")) == ("2023-03-01", "2023-09-15")


def test_csv_in_the_neo4j_admin_import_layout(snapshot, tmp_path: Path):
    nodes_path, relationships_path = export_graph(snapshot, "csv", tmp_path / "neo4j")
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with relationships_path.open(encoding="utf-8", newline="") as fh:
        relationships = list(csv.DictReader(fh))
    assert list(nodes[0])[:3] == ["id:ID", "name", "aliases:string[]"]
    assert list(nodes[0])[-1] == ":LABEL"
    assert list(relationships[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(nodes) == len(snapshot.entities)
    assert len(relationships) == len(snapshot.relations)
    ids = {row["id:ID"] for row in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in relationships)
    tusur = next(row for row in nodes if row["name"] == "ТУСУР")
    assert tusur[":LABEL"] == "Entity;University"
    assert tusur["aliases:string[]"].split(";") == ["Томский государственный университет систем управления и радиоэлектроники"]


def test_unknown_format_is_refused(snapshot, tmp_path: Path):
    with pytest.raises(ValueError, match="unknown export format"):
        export_graph(snapshot, "xlsx", tmp_path / "x")
    assert set(FORMATS) == {"ttl", "nq", "jsonld", "graphml", "gexf", "csv"}
