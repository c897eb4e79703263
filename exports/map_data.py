"""What each node and edge of a map carries: look (vis-network fields) and details for the side panel.

Texts stay plain here; the page puts them into the DOM with ``textContent`` only, and the JSON
is embedded so that no ``<`` or ``&`` survives inside the ``<script>`` block.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from exports.map_style import labels_ru, node_size
from graph.model import Entity, EntityType, GraphSnapshot, Relation, RelationType

LABEL_WIDTH = 24  # characters per label line at default zoom
LABEL_FONT, CLUSTER_LABEL_FONT = 16, 21
MAX_EVIDENCE_PER_EDGE = 20
RELATION_ORDER = {t: i for i, t in enumerate(RelationType)}  # members first, then projects, instructions...


@dataclass
class MapData:
    """Per-node and per-edge records (what varies; the look of each type is the page's style table),
    plus the details the side panel shows."""

    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)


def build_map_data(snapshot: GraphSnapshot, positions: dict[str, tuple[float, float]], size_by: str = "degree") -> MapData:
    """Turn a (selected) snapshot and its positions into node and edge records and panel details."""
    names = labels_ru()
    article_dates = {a.id: a.published for a in snapshot.articles}
    by_entity: dict[str, list[Relation]] = defaultdict(list)
    for relation in snapshot.relations:
        by_entity[relation.source].append(relation)
        if relation.target != relation.source:
            by_entity[relation.target].append(relation)

    entity_articles = {e.id: _articles_of(e, by_entity[e.id]) for e in snapshot.entities}
    if size_by == "articles":
        values = {e.id: len(entity_articles[e.id]) for e in snapshot.entities}
    elif size_by == "degree":
        values = {e.id: len(by_entity[e.id]) for e in snapshot.entities}
    else:
        raise ValueError(f"size_by must be 'degree' or 'articles', not {size_by!r}")
    max_value = max(values.values(), default=0)
    entity_names = {e.id: e.name for e in snapshot.entities}
    large = len(snapshot.entities) > 2000
    # Evidence dates once per relation: entities' first/last seen and the edges' both read them.
    relation_days = {
        r.id: [d for ev in r.evidence if (d := _evidence_date(ev, article_dates))] for r in snapshot.relations
    }

    data = MapData()
    node_details: dict[str, dict] = {}
    for entity in snapshot.entities:
        x, y = positions.get(entity.id, (0.0, 0.0))
        relations = by_entity[entity.id]
        days = [d for ev in entity.mentions if (d := _evidence_date(ev, article_dates))]
        for relation in relations:
            days += relation_days[relation.id]
        data.nodes.append({
            "id": entity.id,
            "name": entity.name,
            "label": wrap_label(entity.name),
            "etype": entity.type.value,
            "x": x,
            "y": y,
            "size": node_size(values[entity.id], max_value, entity.type),
        })
        node_details[entity.id] = {
            "aliases": entity.aliases,
            "attributes": entity.attributes,
            "posts": _posts(entity, relations, entity_names),
            "first_seen": _iso(min(days)) if days else None,
            "last_seen": _iso(max(days)) if days else None,
            "articles": len(entity_articles[entity.id]),
            "relations": [r.id for r in sorted(relations, key=lambda r: (RELATION_ORDER[r.type], _other_name(r, entity.id, entity_names)))],
        }

    edge_details: dict[str, dict] = {}
    for relation in snapshot.relations:
        edge = {"id": relation.id, "from": relation.source, "to": relation.target, "rtype": relation.type.value}
        if not large:  # 15,000 edge tooltips cost more load time than they are worth
            edge["tip"] = _edge_tip(relation, names, entity_names)
        data.edges.append(edge)
        days = relation_days[relation.id]
        evidence = sorted(relation.evidence, key=lambda ev: (_evidence_date(ev, article_dates) or date.min), reverse=True)
        edge_details[relation.id] = {
            "attributes": relation.attributes,
            "confidence": round(relation.confidence, 3),
            "first_seen": _iso(min(days)) if days else None,
            "last_seen": _iso(max(days)) if days else None,
            "evidence_total": len(evidence),
            "evidence": [
                {
                    "sentence": ev.sentence,
                    "article": ev.article_id,
                    "published": _iso(_evidence_date(ev, article_dates)),
                    "confidence": round(ev.confidence, 3),
                }
                for ev in evidence[:MAX_EVIDENCE_PER_EDGE]
            ],
        }

    data.details = {
        "nodes": node_details,
        "edges": edge_details,
        "articles": {
            a.id: {"title": a.title, "outlet": a.outlet, "published": _iso(a.published), "url": a.url}
            for a in snapshot.articles
        },
    }
    return data


def label_boxes(snapshot: GraphSnapshot, size_by: str = "degree") -> dict[str, tuple[float, float, float]]:
    """Width, height and downward offset of each node with its label, for the layout's overlap pass."""
    data = build_map_data(GraphSnapshot(entities=snapshot.entities, relations=snapshot.relations), {}, size_by)
    boxes = {}
    for node in data.nodes:
        lines = node["label"].split("\n")
        font = CLUSTER_LABEL_FONT if node["etype"] == EntityType.CLUSTER.value else LABEL_FONT
        size = node["size"]
        width = max(2 * size, max(len(line) for line in lines) * font * 0.56) + 10
        height = 2 * size + len(lines) * font * 1.15 + 6
        boxes[node["id"]] = (width, height, height / 2 - size)
    return boxes


def _other_name(relation: Relation, entity_id: str, entity_names: dict[str, str]) -> str:
    other = relation.target if relation.source == entity_id else relation.source
    return entity_names.get(other, other).lower()


def wrap_label(name: str) -> str:
    """Break a long name into lines of about LABEL_WIDTH characters for the map label."""
    if len(name) <= LABEL_WIDTH:
        return name
    return "\n".join(textwrap.wrap(name, LABEL_WIDTH, break_long_words=False)) or name


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _evidence_date(evidence, article_dates: dict) -> date | None:
    return evidence.published or article_dates.get(evidence.article_id)


def _articles_of(entity: Entity, relations: list[Relation]) -> set[str]:
    ids = {ev.article_id for ev in entity.mentions}
    ids |= {ev.article_id for r in relations for ev in r.evidence}
    return ids


def _posts(entity: Entity, relations: list[Relation], entity_names: dict[str, str]) -> list[dict]:
    """For a person, the posts they hold; for an organisation, who holds which post there."""
    posts = []
    for relation in relations:
        if relation.type != RelationType.OFFICIAL_OF:
            continue
        post = relation.attributes.get("post", "")
        if relation.source == entity.id:
            posts.append({"post": post, "where": entity_names.get(relation.target, ""), "who": entity.name})
        else:
            posts.append({"post": post, "where": entity.name, "who": entity_names.get(relation.source, "")})
    return posts


def _edge_tip(relation: Relation, names: dict, entity_names: dict[str, str]) -> str:
    source = entity_names.get(relation.source, relation.source)
    target = entity_names.get(relation.target, relation.target)
    line = f"{source} — {names['relation_types'][relation.type.value]} — {target}"
    post = relation.attributes.get("post")
    if post:
        line += f"\n{names['ui']['post']}: {post}"
    if relation.evidence:
        line += "\n«" + textwrap.shorten(relation.evidence[0].sentence, 160, placeholder="…") + "»"
    return line
