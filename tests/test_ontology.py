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


# --- a store that also holds corrections and a writer-lock claim -------------------------------------
_DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


@pytest.fixture(scope="module")
def corrected_dump(tmp_path_factory, dev_jsonl) -> Dataset:
    """``clusterkg ingest`` of dev.jsonl, then every kind of correction through graph.correcting (one undone)
    and a writer-lock claim held while the store is dumped: everything the RDF stores write."""
    from typer.testing import CliRunner

    from clusterkg.cli import app
    from graph import correcting
    from graph.dupes import find_dupes
    from graph.lookup import pick_entity
    from graph.stores.embedded import EmbeddedRdfStore
    from graph.stores.writer_lock import _SparqlLock

    path = tmp_path_factory.mktemp("ontology") / "store"
    result = CliRunner().invoke(app, ["ingest", str(dev_jsonl), "--store", str(path)])
    assert result.exit_code == 0, result.output
    with EmbeddedRdfStore(path) as store:
        pair = find_dupes(store.snapshot(), top=1)[0]  # the likeliest duplicate pair
        made = [correcting.new_merge(store, pair.a_id, pair.b_id, "h7", "the dupes finder's first pair")]
        tusur = pick_entity("ТУСУР", store)
        made.append(correcting.new_rename(
            store, tusur.id, "Томский государственный университет систем управления и радиоэлектроники", "h7"))
        for correction in made:
            assert correcting.perform(store, correction) == "applied"
        retype = correcting.new_retype(store, tusur.id, "Project", "h7")
        correcting.perform(store, retype)
        correcting.undo(store, retype.id, "h7")
        view = next(v for v in (store.entity(e.id) for e in store.entity_names()) if v and v.relations)
        relation = view.relations[0]
        correcting.perform(store, correcting.new_reject(store, relation.source, relation.type.value, relation.target,
                                                        "h7"))
        lock = _SparqlLock(store, lease=60)  # the SPARQL endpoint's claim, written here the same way
        lock.acquire(timeout=1)
        try:
            dump = path.parent / "dump.nq"
            store.dump(dump)
        finally:
            lock.release()
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    return dataset


def _used_terms(dataset: Dataset) -> set[URIRef]:
    """Every predicate and every class (object of rdf:type) the dataset uses."""
    used = set()
    for _s, p, o, _g in dataset.quads((None, None, None, None)):
        used.add(p)
        if p == RDF.type:
            used.add(o)
    return used


@pytest.mark.slow  # a real `clusterkg ingest` of dev.jsonl (15 s)
def test_a_store_holding_corrections_passes_shacl(corrected_dump) -> None:
    ops = {str(o) for _s, _p, o, _g in corrected_dump.quads((None, CKG.correctionOp, None, None))}
    assert ops == {"merge", "rename", "retype", "reject"}
    assert any(True for _ in corrected_dump.quads((None, OWL.sameAs, None, None)))
    assert any(True for _ in corrected_dump.quads((None, CKG["attribute/name_pinned"], Literal("true"), None)))
    conforms, report = ontology.validate(corrected_dump)
    assert conforms, report


@pytest.mark.slow  # a real `clusterkg ingest` of dev.jsonl (15 s)
def test_every_class_and_property_a_store_writes_is_declared(corrected_dump) -> None:
    owl = ontology.load_ontology()
    declared = {s for s, _p, o in owl.triples((None, RDF.type, None)) if o in _DECLARATIONS}
    ours = {t for t in _used_terms(corrected_dump) if str(t).startswith((ontology.ONTOLOGY_NS, "urn:clusterkg:"))}
    free_form = {t for t in ours if str(t).startswith(ontology.ONTOLOGY_NS + "attribute/")} - declared
    assert ours - declared - free_form == set()
    assert {CKG.Correction, CKG.correctionRecord, URIRef("urn:clusterkg:lock:owner")} <= ours  # the case is exercised
    # and the JSON-LD context has a term for every IRI used, ours and borrowed ones alike
    context = ontology.jsonld_context()["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}

    def expand(value: str) -> str:
        if value == "@type":
            return str(RDF.type)
        prefix, _, rest = value.partition(":")
        return prefixes[prefix] + rest if prefix in prefixes else value

    terms = {expand(v if isinstance(v, str) else v.get("@id", "")) for k, v in context.items() if not k.startswith("@")}
    assert {str(t) for t in _used_terms(corrected_dump) - free_form} - terms == set()


@pytest.mark.slow  # a real `clusterkg ingest` of dev.jsonl (15 s)
def test_shacl_catches_a_broken_correction(corrected_dump) -> None:
    union = Graph()
    for s, p, o, _g in corrected_dump.quads((None, None, None, None)):
        union.add((s, p, o))
    correction = next(union.subjects(RDF.type, CKG.Correction))
    union.remove((correction, CKG.correctedAt, None))
    union.set((correction, CKG.correctionOp, Literal("delete")))
    merged = next(union.subjects(OWL.sameAs, None))
    union.add((merged, OWL.sameAs, URIRef("https://w3id.org/clusterkg/id/entity/another")))
    conforms, report = ontology.validate(union)
    assert not conforms
    for message in ("one time (xsd:dateTime)", "one of merge, rename, retype, reject", "exactly one entity id"):
        assert message in report
