"""Export the stored graph as files other tools open: RDF (ttl, nq, jsonld), Gephi (graphml,
gexf) and the CSV layout ``neo4j-admin database import`` reads."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path

import networkx as nx

from graph.analytics import to_networkx
from graph.model import GraphSnapshot

FORMATS = ("ttl", "nq", "jsonld", "graphml", "gexf", "csv")
GEXF_NS = "http://www.gexf.net/1.2draft"
ARRAY_DELIMITER = ";"  # neo4j-admin's default for string[] columns


def export_graph(snapshot: GraphSnapshot, fmt: str, out: str | Path) -> list[Path]:
    """Write ``snapshot`` in format ``fmt`` to ``out`` and return the files written.

    ``csv`` writes ``nodes.csv`` and ``relationships.csv`` into the directory ``out``;
    every other format writes the single file ``out``.
    """
    writers: dict[str, Callable[[GraphSnapshot, Path], list[Path]]] = {
        "ttl": _write_rdf("turtle"),
        "nq": _write_rdf("nquads"),
        "jsonld": _write_jsonld,
        "graphml": _write_graphml,
        "gexf": _write_gexf,
        "csv": _write_csv,
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
    return writers[fmt](snapshot, out)


# --- RDF ---------------------------------------------------------------------------------


def _quads(snapshot: GraphSnapshot) -> list:
    """The snapshot in the store's RDF layout: one named graph per article holds its facts and evidence."""
    from graph import rdf_encode

    return list(rdf_encode.snapshot_quads(snapshot))


def _prefixes() -> dict[str, str]:
    from graph import rdf_vocabulary

    return dict(rdf_vocabulary.PREFIXES)


def _write_rdf(rdf_format: str) -> Callable[[GraphSnapshot, Path], list[Path]]:
    def write(snapshot: GraphSnapshot, out: Path) -> list[Path]:
        from pyoxigraph import RdfFormat, Triple, serialize

        quads = _quads(snapshot)
        if rdf_format == "turtle":
            # Turtle has no named graphs; provenance stays in the evidence nodes' links to articles.
            triples = dict.fromkeys(Triple(q.subject, q.predicate, q.object) for q in quads)
            serialize(triples, str(out), format=RdfFormat.TURTLE, prefixes=_prefixes())
        else:
            serialize(quads, str(out), format=RdfFormat.N_QUADS)
        return [out]

    return write


def _write_jsonld(snapshot: GraphSnapshot, out: Path) -> list[Path]:
    """JSON-LD compacted with the project's context (``ontology/context.jsonld``), graphs kept."""
    from pyoxigraph import RdfFormat, serialize
    from rdflib import Dataset

    from ontology import jsonld_context

    dataset = Dataset()
    dataset.parse(data=serialize(_quads(snapshot), format=RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    context = jsonld_context()
    text = dataset.serialize(format="json-ld", context=context.get("@context", context), auto_compact=True)
    out.write_text(text, encoding="utf-8")
    return [out]


# --- Gephi: GraphML and GEXF --------------------------------------------------------------


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _write_graphml(snapshot: GraphSnapshot, out: Path) -> list[Path]:
    nx.write_graphml(to_networkx(snapshot, flat=True), out, encoding="utf-8", named_key_ids=True)
    return [out]


def _gexf_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    return "string"


def _gexf_attributes(graph_el: ET.Element, cls: str, rows: list[dict]) -> dict[str, str]:
    keys: dict[str, str] = {}
    declared = ET.SubElement(graph_el, "attributes", {"class": cls, "mode": "static"})
    for row in rows:
        for name, value in row.items():
            if name in ("label",) or name in keys:
                continue
            keys[name] = str(len(keys))
            ET.SubElement(declared, "attribute", {"id": keys[name], "title": name, "type": _gexf_type(value)})
    return keys


def _gexf_values(element: ET.Element, keys: dict[str, str], data: dict) -> None:
    values = ET.SubElement(element, "attvalues")
    for name, key in keys.items():
        if name in data and data[name] != "":
            value = data[name]
            text = str(value).lower() if isinstance(value, bool) else str(value)
            ET.SubElement(values, "attvalue", {"for": key, "value": text})


def _spell(element: ET.Element, data: dict) -> None:
    """Gephi's timeline: a node or edge lives from its first to its last sighting."""
    if data.get("first_seen"):
        element.set("start", data["first_seen"])
    if data.get("last_seen"):
        element.set("end", data["last_seen"])


def _write_gexf(snapshot: GraphSnapshot, out: Path) -> list[Path]:
    """GEXF 1.2 with typed static attributes and each node's and edge's first/last seen as its spell."""
    F = to_networkx(snapshot, flat=True)
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.2"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, "creator").text = "clusterkg"
    ET.SubElement(meta, "description").text = "Knowledge graph of an industrial cluster from regional news"
    graph_el = ET.SubElement(
        root, "graph", {"mode": "dynamic", "defaultedgetype": "directed", "timeformat": "date"}
    )
    node_rows = [d for _, d in F.nodes(data=True)]
    edge_rows = [d for _, _, d in F.edges(data=True)]
    node_keys = _gexf_attributes(graph_el, "node", node_rows)
    edge_keys = _gexf_attributes(graph_el, "edge", edge_rows)
    nodes_el = ET.SubElement(graph_el, "nodes")
    for node, d in F.nodes(data=True):
        el = ET.SubElement(nodes_el, "node", {"id": node, "label": d["label"]})
        _spell(el, d)
        _gexf_values(el, node_keys, d)
    edges_el = ET.SubElement(graph_el, "edges")
    for u, v, key, d in F.edges(keys=True, data=True):
        el = ET.SubElement(edges_el, "edge", {"id": key, "source": u, "target": v, "label": d["label"]})
        _spell(el, d)
        _gexf_values(el, edge_keys, d)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    out.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", encoding="utf-8")
    return [out]


# --- neo4j-admin CSV ---------------------------------------------------------------------

NODE_HEADER = [
    "id:ID", "name", "aliases:string[]", "type", "first_seen:date", "last_seen:date", "articles:int", ":LABEL",
]
RELATIONSHIP_HEADER = [
    ":START_ID", ":END_ID", ":TYPE", "id", "post", "confidence:float", "evidence:int", "articles:int",
    "first_seen:date", "last_seen:date",
]


def _write_csv(snapshot: GraphSnapshot, out: Path) -> list[Path]:
    """``nodes.csv`` and ``relationships.csv`` for
    ``neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv``."""
    G = to_networkx(snapshot)
    nodes_path, relationships_path = out / "nodes.csv", out / "relationships.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(NODE_HEADER)
        for node, d in sorted(G.nodes(data=True)):
            aliases = ARRAY_DELIMITER.join(a.replace(ARRAY_DELIMITER, ",") for a in d["aliases"])
            labels = ARRAY_DELIMITER.join(label for label in ("Entity", d["type"]) if label)
            writer.writerow(
                [node, d["name"], aliases, d["type"], _iso(d["first_seen"]), _iso(d["last_seen"]), d["articles"], labels]
            )
    with relationships_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(RELATIONSHIP_HEADER)
        for u, v, key, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
            writer.writerow(
                [u, v, d["type"], key, d["post"] or "", d["confidence"], len(d["evidence"]), d["articles"],
                 _iso(d["first_seen"]), _iso(d["last_seen"])]
            )
    return [nodes_path, relationships_path]
