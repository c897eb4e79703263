"""The page's JSON: column tables with each id and each evidence sentence written once.

Two blocks: what the first draw needs (nodes, edges, panel facts), parsed at load, and the evidence
table (sentences and their articles), parsed when the side panel first shows evidence.
References between them are list positions, not ids.
"""

from __future__ import annotations

from exports.map_data import MapData
from graph.model import EntityType, RelationType

ENTITY_TYPES = [t.value for t in EntityType]
RELATION_TYPES = [t.value for t in RelationType]


def page_tables(data: MapData) -> tuple[dict, dict]:
    """(nodes and edges as columns, evidence table) for ``data``."""
    ids = [n["id"] for n in data.nodes]
    node_at = {node_id: i for i, node_id in enumerate(ids)}
    edge_at = {e["id"]: i for i, e in enumerate(data.edges)}
    entity_type = {t: i for i, t in enumerate(ENTITY_TYPES)}
    relation_type = {t: i for i, t in enumerate(RELATION_TYPES)}
    node_details = [data.details["nodes"][node_id] for node_id in ids]
    edge_details = [data.details["edges"][e["id"]] for e in data.edges]

    nodes = {
        "id": ids,
        "name": [n["name"] for n in data.nodes],
        "label": [None if n["label"] == n["name"] else n["label"] for n in data.nodes],  # null: the name itself
        "type": [entity_type[n["etype"]] for n in data.nodes],
        "x": [n["x"] for n in data.nodes],
        "y": [n["y"] for n in data.nodes],
        "size": [n["size"] for n in data.nodes],
        "aliases": [d["aliases"] for d in node_details],
        "attributes": [d["attributes"] for d in node_details],
        "posts": [[[p["post"], p["where"], p["who"]] for p in d["posts"]] for d in node_details],
        "first": [d["first_seen"] for d in node_details],
        "last": [d["last_seen"] for d in node_details],
        "articles": [d["articles"] for d in node_details],
        "relations": [[edge_at[r] for r in d["relations"]] for d in node_details],
    }
    edges = {
        "id": [e["id"] for e in data.edges],
        # an end outside the map (not drawn by vis either) keeps its id
        "from": [node_at.get(e["from"], e["from"]) for e in data.edges],
        "to": [node_at.get(e["to"], e["to"]) for e in data.edges],
        "type": [relation_type[e["rtype"]] for e in data.edges],
        "attributes": [d["attributes"] for d in edge_details],
        "confidence": [d["confidence"] for d in edge_details],
        "first": [d["first_seen"] for d in edge_details],
        "last": [d["last_seen"] for d in edge_details],
        "evidence_total": [d["evidence_total"] for d in edge_details],
    }
    if any("tip" in e for e in data.edges):
        edges["tip"] = [e.get("tip") for e in data.edges]

    sentences: dict[str, int] = {}
    article_ids = list(data.details["articles"])
    article_at = {a: i for i, a in enumerate(article_ids)}
    evidence = []
    for details in edge_details:
        rows = []
        for ev in details["evidence"]:
            sentence = sentences.setdefault(ev["sentence"], len(sentences))
            article = article_at.get(ev["article"], ev["article"])
            rows.append([sentence, article, ev["published"], ev["confidence"]])
        evidence.append(rows)
    articles = [data.details["articles"][a] for a in article_ids]
    table = {
        "sentences": list(sentences),
        "articles": [[a["title"], a["outlet"], a["published"], a["url"]] for a in articles],
        "edges": evidence,  # per edge: [sentence, article, published, confidence], newest first
    }
    return {"nodes": nodes, "edges": edges}, table
