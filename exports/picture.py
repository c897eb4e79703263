"""A static picture of a map (PNG or SVG, by the file's suffix) for reports, drawn with matplotlib.

Uses the same positions and visual grammar as the interactive page.
"""

from __future__ import annotations

from pathlib import Path

from exports.map_data import wrap_label
from exports.map_style import EDGE_STYLES, NODE_STYLES, labels_ru
from graph.model import EntityType, GraphSnapshot, RelationType

# vis-network shape → matplotlib marker
MARKERS = {"star": "*", "dot": "o", "triangle": "^", "triangleDown": "v", "diamond": "D", "hexagon": "h", "square": "s"}
LABELLED_NODES = 300  # above this, only the largest nodes get a label


def write_picture(snapshot: GraphSnapshot, positions: dict[str, tuple[float, float]], out: Path, *, title: str = "") -> Path:
    """Draw nodes, edges, labels and a legend; the format follows ``out``'s suffix (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # real <text> elements (escaped, searchable), not glyph paths
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    suffix = out.suffix.lower()
    if suffix not in {".png", ".svg"}:
        raise ValueError(f"picture must be .png or .svg, not {out.name}")
    labels = labels_ru()
    n = len(snapshot.entities)
    side = min(30.0, 9.0 + n**0.5 * 0.6)
    fig, ax = plt.subplots(figsize=(side * 1.35, side))
    ax.set_axis_off()
    ax.set_aspect("equal")

    xy = {k: (x, -y) for k, (x, y) in positions.items()}  # canvas y grows downwards
    for relation in snapshot.relations:
        if relation.source not in xy or relation.target not in xy:
            continue
        style = EDGE_STYLES[relation.type]
        (x1, y1), (x2, y2) = xy[relation.source], xy[relation.target]
        line = {"color": style.color, "lw": style.width * 0.7, "alpha": 0.8, "zorder": 1}
        if style.dashes:
            line["linestyle"] = (0, tuple(d * 0.4 for d in style.dashes))
        if style.arrow:
            ax.annotate("", xy=(x2, y2), xytext=(x1, y1),
                        arrowprops={"arrowstyle": "-|>", "shrinkA": 8, "shrinkB": 12, "mutation_scale": 12,
                                        "color": style.color, "lw": line["lw"], "linestyle": line.get("linestyle", "-"), "alpha": 0.8},
                        zorder=1)
        else:
            ax.plot([x1, x2], [y1, y2], **line)

    degree: dict[str, int] = {}
    for relation in snapshot.relations:
        degree[relation.source] = degree.get(relation.source, 0) + 1
        degree[relation.target] = degree.get(relation.target, 0) + 1
    top = max(degree.values(), default=1)
    labelled = {e.id for e in sorted(snapshot.entities, key=lambda e: -degree.get(e.id, 0))[:LABELLED_NODES]}
    for entity in snapshot.entities:
        if entity.id not in xy:
            continue
        style = NODE_STYLES[entity.type]
        x, y = xy[entity.id]
        size = 60 + 340 * (degree.get(entity.id, 0) / top) ** 0.5
        if entity.type == EntityType.CLUSTER:
            size = max(size, 900)
        ax.scatter([x], [y], s=size, marker=MARKERS[style.shape], c=style.color, edgecolors=style.border,
                   linewidths=1.2, linestyle="--" if style.dashed_border else "-", zorder=3)
        if entity.id in labelled:
            bold = entity.type == EntityType.CLUSTER
            ax.annotate(wrap_label(entity.name), (x, y), xytext=(0, -14 if not bold else -20), textcoords="offset points",
                        ha="center", va="top", fontsize=11 if bold else 9, fontweight="bold" if bold else "normal",
                        color="#7a1f0b" if bold else "#1d1d1d", zorder=4,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})

    present_types = [t for t in EntityType if any(e.type == t for e in snapshot.entities)]
    present_relations = [t for t in RelationType if any(r.type == t for r in snapshot.relations)]
    handles = [
        Line2D([], [], marker=MARKERS[NODE_STYLES[t].shape], linestyle="", markersize=10,
               markerfacecolor=NODE_STYLES[t].color, markeredgecolor=NODE_STYLES[t].border,
               label=labels["entity_types"][t.value])
        for t in present_types
    ] + [
        Line2D([], [], color=EDGE_STYLES[t].color, lw=2.2,
               linestyle=(0, tuple(d * 0.4 for d in EDGE_STYLES[t].dashes)) if EDGE_STYLES[t].dashes else "-",
               label=labels["relation_types"][t.value])
        for t in present_relations
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=10)
    if title:
        ax.set_title(title, fontsize=14, loc="left")
    ax.margins(0.08)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110 if suffix == ".png" else None, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return out
