"""Store back-ends behind one interface; ``open_store`` is the one place a new back-end plugs in."""

from __future__ import annotations

import os
from pathlib import Path

from graph.stores.base import GraphStore, StoreError, StoreUnavailable, WriteReport

DEFAULT_STORE_DIR = "./clusterkg-data"

__all__ = ["GraphStore", "StoreError", "StoreUnavailable", "WriteReport", "open_store", "DEFAULT_STORE_DIR"]


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
        from graph.stores.rdf import SparqlEndpointStore

        return SparqlEndpointStore(sparql)
    from graph.stores.rdf import EmbeddedRdfStore

    path = Path(store_dir or os.environ.get("CLUSTERKG_STORE") or DEFAULT_STORE_DIR)
    return EmbeddedRdfStore(path, read_only=read_only)
