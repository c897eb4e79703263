"""Node positions computed in Python (igraph's C layouts), so the browser draws at once with physics off.

Small graphs get a careful force layout plus a pass that pushes apart nodes whose labels
would overlap; large graphs get Fruchterman-Reingold on a grid, which stays under a second
for 10,000 nodes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import igraph

# Below this many nodes we can afford more iterations and the O(n²) label-overlap pass.
SMALL_GRAPH = 400
# Mean edge length on screen (vis-network canvas units): long Russian labels need room.
EDGE_LENGTH_SMALL = 170.0
EDGE_LENGTH_LARGE = 90.0
DEFAULT_BOX = (170.0, 60.0, 15.0)


def compute_positions(
    node_ids: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    seed: int = 7,
    boxes: dict[str, tuple[float, float, float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Return ``{node_id: (x, y)}`` in canvas units, centred on the origin.

    ``boxes`` gives, per node, the width and height that the node with its label occupies and
    how far below the node's centre that box is centred; in small graphs no two boxes are left
    overlapping. Missing nodes get ``DEFAULT_BOX``.
    """
    n = len(node_ids)
    if n == 0:
        return {}
    if n == 1:
        return {node_ids[0]: (0.0, 0.0)}
    index = {node_id: i for i, node_id in enumerate(node_ids)}
    pairs = sorted({(min(index[a], index[b]), max(index[a], index[b])) for a, b in edges if a != b})
    graph = igraph.Graph(n=n, edges=pairs)

    import random

    random.seed(seed)  # igraph draws its start positions from Python's random module
    if n <= SMALL_GRAPH:
        coords = _small_layout(graph)
    else:
        coords = graph.layout_fruchterman_reingold(niter=300, grid=True).coords

    points = _scale(coords, pairs, EDGE_LENGTH_SMALL if n <= SMALL_GRAPH else EDGE_LENGTH_LARGE)
    if n <= SMALL_GRAPH:
        sized = [(boxes or {}).get(node_id, DEFAULT_BOX) for node_id in node_ids]
        points = _separate(points, sized)
    return {node_id: (round(points[i][0], 1), round(points[i][1], 1)) for i, node_id in enumerate(node_ids)}


def _small_layout(graph: igraph.Graph) -> list[list[float]]:
    """Kamada-Kawai per component (even spacing reads well), components packed in a row-wrapped grid."""
    components = sorted(graph.connected_components(), key=len, reverse=True)
    placed: list[list[float]] = [[0.0, 0.0] for _ in range(graph.vcount())]
    boxes = []
    for members in components:
        sub = graph.subgraph(members)
        if len(members) == 1:
            local = [[0.0, 0.0]]
        elif len(members) == 2:
            local = [[0.0, 0.0], [1.0, 0.0]]
        else:
            start = sub.layout_circle().coords
            local = sub.layout_kamada_kawai(seed=start, maxiter=50 * len(members)).coords
            local = sub.layout_fruchterman_reingold(seed=local, niter=500).coords
        boxes.append((members, local))
    # Pack components left to right, wrapping rows, in layout units (edge length ~1).
    row_width = max(6.0, math.sqrt(graph.vcount()) * 2.2)
    x_cursor = y_cursor = row_height = 0.0
    for members, local in boxes:
        xs = [p[0] for p in local]
        ys = [p[1] for p in local]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        if x_cursor > 0 and x_cursor + width > row_width:
            x_cursor, y_cursor, row_height = 0.0, y_cursor + row_height + 1.4, 0.0
        for vertex, (x, y) in zip(members, local):
            placed[vertex] = [x - min(xs) + x_cursor, y - min(ys) + y_cursor]
        x_cursor += width + 1.6
        row_height = max(row_height, height)
    return placed


def _scale(coords: Sequence[Sequence[float]], pairs: Sequence[tuple[int, int]], edge_length: float) -> list[list[float]]:
    """Scale so the median edge is ``edge_length`` long, and centre on the origin."""
    lengths = sorted(math.dist(coords[a], coords[b]) for a, b in pairs)
    median = lengths[len(lengths) // 2] if lengths else 1.0
    factor = edge_length / median if median > 1e-9 else edge_length
    cx = sum(p[0] for p in coords) / len(coords)
    cy = sum(p[1] for p in coords) / len(coords)
    return [[(p[0] - cx) * factor, (p[1] - cy) * factor] for p in coords]


def _separate(points: list[list[float]], boxes: list[tuple[float, float, float]], rounds: int = 80) -> list[list[float]]:
    """Push apart pairs of nodes whose label boxes overlap (a few relaxation rounds)."""
    n = len(points)
    margin = 6.0
    for _ in range(rounds):
        moved = False
        for i in range(n):
            wi, hi, oi = boxes[i]
            for j in range(i + 1, n):
                wj, hj, oj = boxes[j]
                dx = points[j][0] - points[i][0]
                dy = (points[j][1] + oj) - (points[i][1] + oi)
                overlap_x = (wi + wj) / 2 + margin - abs(dx)
                overlap_y = (hi + hj) / 2 + margin - abs(dy)
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                moved = True
                # Move along the axis needing the smaller push; split the move between both nodes.
                if overlap_x / (wi + wj) < overlap_y / (hi + hj):
                    shift = overlap_x / 2 + 0.5
                    sign = 1.0 if dx >= 0 else -1.0
                    points[i][0] -= sign * shift
                    points[j][0] += sign * shift
                else:
                    shift = overlap_y / 2 + 0.5
                    sign = 1.0 if dy >= 0 else -1.0
                    points[i][1] -= sign * shift
                    points[j][1] += sign * shift
        if not moved:
            break
    return points
