"""Store back-ends behind one interface; ``open_store`` is the one place a new back-end plugs in.

One module per back-end: ``embedded`` (Oxigraph on disk), ``sparql_endpoint`` (any SPARQL 1.1 server),
both on ``sparql_base``; ``bolt`` (Neo4j / FalkorDB, with ``bolt_write``, ``bolt_read``, ``cypher_dialect``).
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.stores.base import GraphStore, StoreError, StoreUnavailable, WriteReport

DEFAULT_STORE_DIR = "./clusterkg-data"

__all__ = ["DEFAULT_STORE_DIR", "GraphStore", "StoreError", "StoreUnavailable", "WriteReport", "open_store"]


def open_store(
    store_dir: str | Path | None = None,
    *,
    neo4j: str | None = None,
    sparql: str | None = None,
    read_only: bool = False,
) -> GraphStore:
    """Open the store the options name: a Bolt URI, a SPARQL endpoint, or the embedded directory.

    Precedence: ``neo4j`` URI, then ``sparql`` URL, then ``store_dir`` / ``$CLUSTERKG_STORE`` /
    ``./clusterkg-data``.
    """
    if neo4j:
        from graph.stores.bolt import BoltStore

        return BoltStore.from_uri(neo4j)
    if sparql:
        from graph.stores.sparql_endpoint import SparqlEndpointStore

        return SparqlEndpointStore(sparql)
    from graph.stores.embedded import EmbeddedRdfStore

    path = Path(store_dir or os.environ.get("CLUSTERKG_STORE") or DEFAULT_STORE_DIR)
    return EmbeddedRdfStore(path, read_only=read_only)
