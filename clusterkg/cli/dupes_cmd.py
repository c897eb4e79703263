"""``clusterkg dupes``: candidate duplicate nodes with the reasons, for an analyst to confirm with ``fix merge``."""

from __future__ import annotations

from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, store_command
from graph.dupes import find_dupes
from graph.stores.base import GraphStore


@store_command(app, "dupes")
def dupes_cmd(
    opened: GraphStore,
    top: Annotated[int, typer.Option("--top", min=1, help="Show at most this many pairs, most likely first.")] = 30,
) -> Answer:
    """Pairs of nodes that may be one real entity (same ИНН, abbreviation, similar names, shared neighbours)."""
    from clusterkg.ingest import name_knowledge

    pairs = find_dupes(opened.snapshot(), top=top, knowledge=name_knowledge())
    lines = [] if pairs else ["no candidate duplicates"]
    for pair in pairs:
        lines.append(f"{pair.score:5.2f}  {pair.a_name}  ⇄  {pair.b_name}  ({pair.type})")
        lines.append(f"       for: {'; '.join(pair.reasons)}")
        if pair.against:
            lines.append(f"       against: {'; '.join(pair.against)}")
        lines.append(f"       clusterkg fix merge {pair.a_id} {pair.b_id}")
    return Answer([pair.as_dict() for pair in pairs], lines)
