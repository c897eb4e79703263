"""The map's visual grammar: colour and shape per entity type, colour and dash per relation type.

Shared by the interactive page and the static picture so both read the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph.model import EntityType, RelationType


@dataclass(frozen=True)
class NodeStyle:
    color: str
    border: str
    shape: str  # a vis-network shape whose label sits below it
    dashed_border: bool = False


@dataclass(frozen=True)
class EdgeStyle:
    color: str
    dashes: tuple[int, ...] | None  # None: solid line
    arrow: bool
    width: float


NODE_STYLES: dict[EntityType, NodeStyle] = {
    EntityType.CLUSTER: NodeStyle("#e4572e", "#9b2c12", "star"),
    EntityType.COMPANY: NodeStyle("#4c78a8", "#2b4a6f", "dot"),
    EntityType.UNIVERSITY: NodeStyle("#54a24b", "#2f6b29", "triangle"),
    EntityType.RESEARCH_INSTITUTE: NodeStyle("#2ca6a4", "#17706e", "triangleDown"),
    EntityType.FEDERAL_BODY: NodeStyle("#6f4e9c", "#452d69", "diamond"),
    EntityType.REGIONAL_BODY: NodeStyle("#c27ac0", "#834681", "diamond"),
    EntityType.OFFICIAL: NodeStyle("#f58518", "#a8560a", "hexagon"),
    EntityType.PROJECT: NodeStyle("#eeca3b", "#a88a12", "square"),
    EntityType.ORGANIZATION: NodeStyle("#a0a0a0", "#5e5e5e", "dot", dashed_border=True),
}

EDGE_STYLES: dict[RelationType, EdgeStyle] = {
    RelationType.PARTICIPATES_IN: EdgeStyle("#4c78a8", None, True, 2.2),
    RelationType.PART_OF: EdgeStyle("#c9a31a", (10, 5), True, 2.2),
    RelationType.INSTRUCTED_BY: EdgeStyle("#d1342f", (3, 5), True, 2.4),
    RelationType.COOPERATES_WITH: EdgeStyle("#3a9a4a", None, False, 3.0),
    RelationType.OFFICIAL_OF: EdgeStyle("#8a8a8a", (6, 3, 2, 3), True, 1.6),
}

# Node radius range in canvas units; clusters never smaller than CLUSTER_MIN_SIZE.
MIN_SIZE, MAX_SIZE, CLUSTER_MIN_SIZE = 11.0, 34.0, 38.0


@cache
def labels_ru() -> dict:
    """Russian names of types, relations and interface words (kept in a data file, not in code)."""
    text = resources.files("exports.mapassets").joinpath("labels_ru.json").read_text(encoding="utf-8")
    return json.loads(text)


def node_size(value: float, max_value: float, entity_type: EntityType) -> float:
    """Square-root scaling so area, not radius, follows degree or article count."""
    share = (value / max_value) ** 0.5 if max_value > 0 else 0.0
    size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share
    if entity_type == EntityType.CLUSTER:
        size = max(size, CLUSTER_MIN_SIZE)
    return round(size, 1)
