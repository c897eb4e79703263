"""The ontology parses, the JSON-LD context is valid, and a stored graph passes the SHACL shapes."""

from __future__ import annotations

import json

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF

import ontology
from tests.store_contract import corpus

CKG = Namespace(ontology.ONTOLOGY_NS)
NINE = ["Cluster", "Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Official",
        "Project", "Organization"]


def stored_dataset(store, tmp_path) -> Dataset:
    store.write(corpus())
    path = tmp_path / "dump.nq"
    store.dump(path)
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    return dataset


@pytest.fixture
def embedded(tmp_path):
    from graph.stores.embedded import EmbeddedRdfStore

    store = EmbeddedRdfStore(tmp_path / "store")
    yield store
    store.close()


def test_ontology_declares_types_and_relations() -> None:
    graph = ontology.load_ontology()
    for name in NINE:
        assert (CKG[name], RDF.type, OWL.Class) in graph
    for prop in ("participatesIn", "partOf", "instructedBy", "cooperatesWith", "officialOf"):
        assert (CKG[prop], RDF.type, OWL.ObjectProperty) in graph
    assert (CKG.cooperatesWith, RDF.type, OWL.SymmetricProperty) in graph
    assert (CKG.Official, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
            URIRef("http://xmlns.com/foaf/0.1/Person")) in graph


def test_jsonld_context_expands_a_document() -> None:
    context = ontology.jsonld_context()
    doc = {
        **context,
        "@id": "entity:e1",
        "@type": "Company",
        "name": "Микран",
        "aliases": ["НПФ «Микран»"],
        "participatesIn": "entity:e2",
    }
    graph = Graph().parse(data=json.dumps(doc), format="json-ld")
    subject = URIRef("https://w3id.org/clusterkg/id/entity/e1")
    assert (subject, RDF.type, CKG.Company) in graph
    assert (subject, URIRef("https://schema.org/name"), Literal("Микран")) in graph
    assert (subject, CKG.participatesIn, URIRef("https://w3id.org/clusterkg/id/entity/e2")) in graph


def test_stored_graph_passes_shacl(embedded, tmp_path) -> None:
    conforms, report = ontology.validate(stored_dataset(embedded, tmp_path))
    assert conforms, report


def test_shacl_catches_a_broken_graph(embedded, tmp_path) -> None:
    dataset = stored_dataset(embedded, tmp_path)
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    tusur = next(union.subjects(URIRef("https://schema.org/name"), Literal("ТУСУР")))
    union.add((tusur, RDF.type, CKG.Company))  # two types
    fact = next(union.subjects(RDF.type, CKG.Fact))
    union.remove((fact, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))  # no evidence
    conforms, report = ontology.validate(union)
    assert not conforms
    assert "exactly one of the nine entity types" in report
    assert "every relation has evidence" in report
