"""Render a self-contained interactive HTML map of the graph (pyvis data model, vis-network inlined).

The page opens from a file with no network at all: vis-network's script and styles are read from
pyvis's bundled copy and inlined; no CDN, no Bootstrap, no fonts from elsewhere.
"""

from __future__ import annotations

import json
import re
import time
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, select_autoescape
from pydantic import BaseModel
from pyvis.network import Network

from exports.layout import SMALL_GRAPH, compute_positions
from exports.map_data import CLUSTER_LABEL_FONT, LABEL_FONT, build_map_data, label_boxes
from exports.map_payload import ENTITY_TYPES, RELATION_TYPES, page_tables
from exports.map_style import EDGE_STYLES, NODE_STYLES, labels_ru
from exports.subgraph import SelectionError, select_subgraph
from graph.bulk import no_cycle_collection
from graph.model import GraphSnapshot
from graph.names import fold_name

__all__ = ["MapReport", "SelectionError", "render_map", "resolve_focus"]

LARGE_GRAPH = 2000  # above this many nodes: straight edges, edges hidden while dragging or zooming


class MapReport(BaseModel):
    """What a map render produced and how long each step took."""

    out: Path
    title: str
    nodes: int
    edges: int
    bytes: int
    layout_seconds: float
    render_seconds: float
    png: Path | None = None
    svg: Path | None = None


def resolve_focus(snapshot: GraphSnapshot, name_or_id: str) -> str:
    """Entity id for an id or a name/alias (folded comparison); the CLI resolves names more cleverly."""
    ids = {e.id for e in snapshot.entities}
    if name_or_id in ids:
        return name_or_id
    key = fold_name(name_or_id)
    matches = [e.id for e in snapshot.entities if key in {fold_name(n) for n in [e.name, *e.aliases]}]
    if len(matches) != 1:
        raise SelectionError(
            f"no entity named {name_or_id!r} in the graph" if not matches else f"{name_or_id!r} names {len(matches)} entities"
        )
    return matches[0]


@no_cycle_collection()
def render_map(
    snapshot: GraphSnapshot,
    out: Path,
    *,
    cluster: str | None = None,
    around: str | None = None,
    depth: int = 1,
    since: date | None = None,
    until: date | None = None,
    min_confidence: float = 0.0,
    size_by: str = "degree",
    png: Path | None = None,
    svg: Path | None = None,
) -> MapReport:
    """Select the part of the graph asked for, lay it out in Python and write the HTML page.

    ``cluster`` and ``around`` take an entity id or an exact name/alias. Raises
    ``SelectionError`` when the focus is unknown.
    """
    started = time.perf_counter()
    cluster_id = resolve_focus(snapshot, cluster) if cluster else None
    around_id = resolve_focus(snapshot, around) if around else None
    selected = select_subgraph(
        snapshot, cluster=cluster_id, around=around_id, depth=depth, since=since, until=until, min_confidence=min_confidence
    )
    node_ids = [e.id for e in selected.entities]
    boxes = label_boxes(selected, size_by) if len(node_ids) <= SMALL_GRAPH else None
    positions = compute_positions(node_ids, [(r.source, r.target) for r in selected.relations], boxes=boxes)
    layout_seconds = time.perf_counter() - started

    names = {e.id: e.name for e in snapshot.entities}
    title, subtitle = _headings(names, cluster_id, around_id, depth, since, until, min_confidence)
    data = build_map_data(selected, positions, size_by=size_by)
    network = _pyvis_network(data, large=len(node_ids) > LARGE_GRAPH)
    html = _page(network, data, title, subtitle, selected)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    if png or svg:
        from exports.picture import write_picture

        for target in (png, svg):
            if target:
                write_picture(selected, positions, Path(target), title=title)
    return MapReport(
        out=out,
        title=title,
        nodes=len(data.nodes),
        edges=len(data.edges),
        bytes=out.stat().st_size,
        layout_seconds=round(layout_seconds, 3),
        render_seconds=round(time.perf_counter() - started - layout_seconds, 3),
        png=png,
        svg=svg,
    )


def _headings(names, cluster_id, around_id, depth, since, until, min_confidence) -> tuple[str, str]:
    ui = labels_ru()["ui"]
    if cluster_id:
        title = f"{ui['map']}: {names[cluster_id]}"
    elif around_id:
        title = f"{ui['map']}: {ui['around']} «{names[around_id]}», {ui['depth']} {depth}"
    else:
        title = f"{ui['map']}: {ui['whole_graph']}"
    notes = []
    if since or until:
        notes.append(f"{ui['period']}: {since.isoformat() if since else '…'} — {until.isoformat() if until else '…'}")
    if min_confidence > 0:
        notes.append(f"{ui['min_confidence']} {min_confidence:g}")
    return title, " · ".join(notes)


def _pyvis_network(data, *, large: bool) -> Network:
    """A pyvis Network holding our records and options (records set directly: add_node/add_edge are O(n²));
    the page draws each record with its type's style."""
    network = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    network.nodes = data.nodes
    network.edges = data.edges
    network.node_ids = [n["id"] for n in data.nodes]
    network.node_map = {n["id"]: n for n in data.nodes}
    network.options = _vis_options(large)
    return network


def _vis_options(large: bool) -> dict:
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 160, "avoidOverlap": 0.4},
            "stabilization": False,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
        },
        "nodes": {
            "font": {
                "size": LABEL_FONT,
                "face": "Segoe UI, DejaVu Sans, Arial, sans-serif",
                "color": "#1d1d1d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "background": "rgba(255,255,255,0.75)",
            },
            "scaling": {"label": {"drawThreshold": 8}},
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.2},
            "selectionWidth": 2,
            "hoverWidth": 0.8,
        },
    }


def _page(network: Network, data, title: str, subtitle: str, selected: GraphSnapshot) -> str:
    *_, options = network.get_network_data()
    labels = labels_ru()
    counts = {
        "entities": _count(e.type.value for e in selected.entities),
        "relations": _count(r.type.value for r in selected.relations),
    }
    tables, evidence = page_tables(data)
    payload = {
        **tables,
        "options": json.loads(options),
        "labels": labels,
        "counts": counts,
        "type_order": ENTITY_TYPES,
        "relation_order": RELATION_TYPES,
        "styles": {
            "entities": {
                t.value: {"color": s.color, "border": s.border, "shape": s.shape, "dashed": s.dashed_border}
                for t, s in NODE_STYLES.items()
            },
            "relations": {
                t.value: {"color": s.color, "dashes": list(s.dashes) if s.dashes else None, "arrow": s.arrow, "width": s.width}
                for t, s in EDGE_STYLES.items()
            },
            "cluster_font": {"size": CLUSTER_LABEL_FONT, "color": "#7a1f0b"},
        },
    }
    assets = _assets()
    return _template().render(
        title=title,
        subtitle=subtitle,
        ui=labels["ui"],
        payload=script_json(payload),
        evidence=script_json(evidence),
        vis_js=assets["vis_js"],
        vis_css=assets["vis_css"],
        map_js=assets["map_js"],
        map_css=assets["map_css"],
    )


def _count(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def script_json(value) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' survive, nor JS line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _assets() -> dict[str, str]:
    """vis-network from pyvis's bundled copy (source-map reference dropped) and our own script and style."""
    import pyvis

    vis_dir = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    ours = resources.files("exports.mapassets")
    strip_map = re.compile(r"/[/*][#@]\s*sourceMappingURL=\S*")
    return {
        "vis_js": strip_map.sub("", (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        "vis_css": strip_map.sub("", (vis_dir / "vis-network.css").read_text(encoding="utf-8")),
        "map_js": ours.joinpath("map.js").read_text(encoding="utf-8"),
        "map_css": ours.joinpath("map.css").read_text(encoding="utf-8"),
    }


@cache
def _template():
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(resources.files("exports.mapassets").joinpath("map.html").read_text(encoding="utf-8"))
