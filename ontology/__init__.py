"""The published ontology (OWL), its SHACL shapes and JSON-LD context, and the code that loads them.

The files ship inside the package (``importlib.resources``), so a plain ``pip install .`` has them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rdflib is imported lazily: the stores do not need it
    from rdflib import Graph

ONTOLOGY_NS = "https://w3id.org/clusterkg/ontology#"
DATA_NS = "https://w3id.org/clusterkg/id/"

ONTOLOGY_FILE = "clusterkg.ttl"
SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"

__all__ = [
    "ONTOLOGY_NS",
    "DATA_NS",
    "resource_text",
    "load_ontology",
    "load_shapes",
    "jsonld_context",
    "validate",
]


def resource_text(name: str) -> str:
    """The text of one shipped file (``clusterkg.ttl``, ``shapes.ttl``, ``context.jsonld``)."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _parse_turtle(name: str) -> "Graph":
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=resource_text(name), format="turtle")
    return graph


def load_ontology() -> "Graph":
    """The OWL ontology as an rdflib graph."""
    return _parse_turtle(ONTOLOGY_FILE)


def load_shapes() -> "Graph":
    """The SHACL shapes every stored graph must pass."""
    return _parse_turtle(SHAPES_FILE)


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context document (``{"@context": {...}}``)."""
    return json.loads(resource_text(CONTEXT_FILE))


def validate(data: "Graph", *, with_ontology: bool = True) -> tuple[bool, str]:
    """Check a data graph (or dataset, read as the union of its graphs) against the SHACL shapes.

    Returns ``(conforms, report_text)``; warnings (annotation-level domain advice) do not fail it.
    """
    import pyshacl
    from rdflib import Dataset, Graph

    if isinstance(data, Dataset):
        union = Graph()
        for subject, predicate, obj, _graph in data.quads((None, None, None, None)):
            union.add((subject, predicate, obj))
        data = union
    conforms, _report_graph, report_text = pyshacl.validate(
        data,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology() if with_ontology else None,
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    return bool(conforms), str(report_text)
