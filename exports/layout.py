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
    small = n <= SMALL_GRAPH
    coords = _packed_components(graph, careful=small)
    points = _scale(coords, pairs, EDGE_LENGTH_SMALL if small else EDGE_LENGTH_LARGE)
    if small:
        sized = [(boxes or {}).get(node_id, DEFAULT_BOX) for node_id in node_ids]
        points = _separate(points, sized)
    return {node_id: (round(points[i][0], 1), round(points[i][1], 1)) for i, node_id in enumerate(node_ids)}


def _component_layout(sub: igraph.Graph, careful: bool) -> list[list[float]]:
    """One connected component, normalised so its median edge is 1 long."""
    size = sub.vcount()
    if size == 1:
        return [[0.0, 0.0]]
    if size == 2:
        return [[0.0, 0.0], [1.0, 0.0]]
    if careful:
        # Kamada-Kawai spaces nodes evenly (reads well); a short FR pass untangles what it leaves.
        local = sub.layout_kamada_kawai(seed=sub.layout_circle().coords, maxiter=50 * size).coords
        local = sub.layout_fruchterman_reingold(seed=local, niter=500).coords
    elif size <= 30:
        local = sub.layout_fruchterman_reingold(niter=200).coords
    else:
        local = sub.layout_fruchterman_reingold(niter=300, grid=size > 1000).coords
    lengths = sorted(math.dist(local[a], local[b]) for a, b in sub.get_edgelist())
    median = lengths[len(lengths) // 2] if lengths else 1.0
    return [[x / median, y / median] for x, y in local] if median > 1e-9 else local


def _packed_components(graph: igraph.Graph, careful: bool) -> list[list[float]]:
    """Lay out each connected component on its own and pack them in rows, largest first.

    One force layout of a disconnected graph flings small components and lone nodes far out,
    which squeezes the main component into the middle of the screen.
    """
    components = sorted(graph.connected_components(), key=len, reverse=True)
    laid_out = [(members, _component_layout(graph.subgraph(members), careful)) for members in components]
    placed: list[list[float]] = [[0.0, 0.0] for _ in range(graph.vcount())]
    gap = 1.5
    extents = [_extent(local) for _, local in laid_out]
    area = sum((w + gap) * (h + gap) for w, h in extents)
    # Rows as wide as the widest component, or wider when needed to keep the whole roughly square.
    row_width = max(6.0, max(w for w, _ in extents), math.sqrt(area) * 1.3)
    x_cursor = y_cursor = row_height = 0.0
    for members, local in laid_out:
        left = min(p[0] for p in local)
        top = min(p[1] for p in local)
        width, height = _extent(local)
        if x_cursor > 0 and x_cursor + width > row_width:
            x_cursor, y_cursor, row_height = 0.0, y_cursor + row_height + gap, 0.0
        for vertex, (x, y) in zip(members, local):
            placed[vertex] = [x - left + x_cursor, y - top + y_cursor]
        x_cursor += width + gap
        row_height = max(row_height, height)
    return placed


def _extent(local: Sequence[Sequence[float]]) -> tuple[float, float]:
    xs = [p[0] for p in local]
    ys = [p[1] for p in local]
    return max(xs) - min(xs), max(ys) - min(ys)


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
