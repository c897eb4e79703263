"""Two real ingest processes writing into one SPARQL endpoint at once make the graph one process makes.

Each process resolves a batch against the stored names and writes it while holding the store's writer
lock (graph/stores/writer_lock.py), so the run equals some one-process run: the one that writes the
same batches in the order the lock granted them.  The processes log each batch's article ids while
they hold the lock; replaying that order in one process must give the same snapshot, ids included.
Without the lock two processes both create a node for one new thing under two of its names.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.model import Article
from graph.stores.base import StoreError
from graph.stores.sparql_endpoint import SparqlEndpointStore
from graph.stores.writer_lock import WriterLockLost, WriterLockTimeout, _SparqlLock, writer_lock
from loaders.sources import load_articles

_DRIVER = textwrap.dedent(
    """
    import sys
    from clusterkg.ingest import Ingestor
    from graph.stores import open_store

    url, source, log = sys.argv[1:4]

    def logged(batch):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("".join(extraction.article.id + "\\n" for extraction in batch))

    with open_store(sparql=url) as store:
        summary = Ingestor(store, batch_size=1, on_batch=logged).run([source])
    print(summary.line())
    """
)


def _ingest(url: str, source: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-c", _DRIVER, url, str(source), str(log)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=900)
    assert process.returncode == 0, err[-2000:]
    return out


def _comparable(snapshot) -> tuple:
    entities = sorted((e.id, e.type.value, e.name, tuple(sorted(e.aliases)), tuple(sorted(e.attributes.items())))
                      for e in snapshot.entities)
    relations = sorted((r.id, r.type.value, r.source, r.target, tuple(sorted(r.attributes.items())),
                        tuple(sorted((ev.article_id, ev.start, ev.end) for ev in r.evidence)))
                       for r in snapshot.relations)
    return entities, relations


@pytest.fixture(scope="module")
def halves(tmp_path_factory, dev_jsonl: Path) -> tuple[Path, Path, dict[str, str]]:
    lines = [line for path in (dev_jsonl.with_name("train.jsonl"), dev_jsonl) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    folder = tmp_path_factory.mktemp("halves")
    first, second = folder / "first.jsonl", folder / "second.jsonl"
    first.write_text("\n".join(lines[0::2]) + "\n", encoding="utf-8")  # interleaved: both halves name the same bodies
    second.write_text("\n".join(lines[1::2]) + "\n", encoding="utf-8")
    by_id = {}  # the article id the loader gives each line → the line
    for line in lines:
        single = folder / "one.jsonl"
        single.write_text(line + "\n", encoding="utf-8")
        (article,) = [a for a in load_articles(str(single)) if isinstance(a, Article)]
        by_id[article.id] = line
    return first, second, by_id


def test_two_processes_at_once_equal_one_process_in_the_lock_order(sparql_store: SparqlEndpointStore, sparql_endpoint,
                                                                    halves, tmp_path: Path) -> None:
    first, second, by_id = halves
    log = tmp_path / "order.log"
    running = [_ingest(sparql_endpoint, first, log), _ingest(sparql_endpoint, second, log)]
    for process in running:
        _finish(process)
    together = sparql_store.snapshot()
    order = log.read_text(encoding="utf-8").split()
    assert sorted(order) == sorted(by_id) and len(together.articles) == len(by_id)
    first_lines = set(first.read_text(encoding="utf-8").splitlines())
    switches = sum(1 for a, b in itertools.pairwise(order) if (by_id[a] in first_lines) != (by_id[b] in first_lines))
    assert switches >= 4, "the two processes did not write at the same time; the test proves nothing"

    sparql_store._update("DROP ALL")
    replay = tmp_path / "replay.jsonl"
    replay.write_text("\n".join(by_id[article_id] for article_id in order) + "\n", encoding="utf-8")
    _finish(_ingest(sparql_endpoint, replay, tmp_path / "replay.log"))
    alone = sparql_store.snapshot()
    assert len(together.entities) == len(alone.entities)
    (entities_a, relations_a), (entities_b, relations_b) = _comparable(together), _comparable(alone)
    assert sorted(set(entities_a) ^ set(entities_b)) == []
    assert sorted(set(relations_a) ^ set(relations_b)) == []
    assert sparql_store.query("SELECT ?s WHERE { GRAPH <urn:clusterkg:locks> { ?s ?p ?o } }", "sparql") == []


def test_writer_lock_waits_names_the_owner_and_takes_over_a_dead_claim(sparql_store: SparqlEndpointStore) -> None:
    with writer_lock(sparql_store):
        other = _SparqlLock(sparql_store, lease=600)
        with pytest.raises(WriterLockTimeout) as caught:
            other.acquire(timeout=0.3)
        assert f"pid {os.getpid()}" in str(caught.value)
    dead = _SparqlLock(sparql_store, lease=-1)  # a claim whose lease has run out: its writer died
    dead.acquire(timeout=1)
    alive = _SparqlLock(sparql_store, lease=600)
    alive.acquire(timeout=2)
    alive.release()
    rows = sparql_store.query("SELECT ?s WHERE { GRAPH <urn:clusterkg:locks> { ?s ?p ?o } }", "sparql")
    assert rows == []


def test_a_held_lock_is_not_part_of_the_exported_quads(sparql_store: SparqlEndpointStore) -> None:
    before = sparql_store.quads()
    with writer_lock(sparql_store):
        assert sparql_store.query("SELECT ?s WHERE { GRAPH <urn:clusterkg:locks> { ?s ?p ?o } }", "sparql")
        assert sparql_store.quads() == before


@pytest.mark.bolt
def test_bolt_writer_lock_waits_names_the_owner_and_takes_over_a_dead_claim(bolt_store) -> None:
    from graph.stores.writer_lock import _BoltLock

    with writer_lock(bolt_store):
        with pytest.raises(WriterLockTimeout) as caught:
            _BoltLock(bolt_store, lease=600).acquire(timeout=0.3)
        assert f"pid {os.getpid()}" in str(caught.value)
    dead = _BoltLock(bolt_store, lease=-1)
    dead.acquire(timeout=1)
    alive = _BoltLock(bolt_store, lease=600)
    alive.acquire(timeout=2)
    alive.release()
    assert bolt_store._run_read("MATCH (l:ClusterKGWriterLock) RETURN count(l) AS n")[0]["n"] == 0


def test_a_held_claim_is_renewed_past_its_lease_and_a_dead_one_is_taken_over_within_the_wait(
        sparql_store: SparqlEndpointStore) -> None:
    from graph.stores.writer_lock import DEFAULT_LEASE, DEFAULT_TIMEOUT

    assert DEFAULT_LEASE < DEFAULT_TIMEOUT  # a crashed writer's lock frees itself before the next one gives up
    with writer_lock(sparql_store, lease=2):  # SPARQL stamps have whole seconds
        time.sleep(3.5)  # longer than the lease: only the renewals keep it
        with pytest.raises(WriterLockTimeout):
            _SparqlLock(sparql_store, lease=2).acquire(timeout=0.5)
    assert sparql_store.query("SELECT ?s WHERE { GRAPH <urn:clusterkg:locks> { ?s ?p ?o } }", "sparql") == []


def test_a_holder_whose_claim_was_taken_over_is_told(sparql_store: SparqlEndpointStore) -> None:
    with pytest.raises(WriterLockLost), writer_lock(sparql_store, lease=0.3):
        sparql_store._update("DROP SILENT GRAPH <urn:clusterkg:locks>")  # as a takeover after a stalled renewal
        time.sleep(0.5)


def test_a_dead_server_under_the_lock_is_one_store_error_line(sparql_endpoint) -> None:
    import socket

    store = SparqlEndpointStore(sparql_endpoint)
    with socket.socket() as free:  # a port nobody listens on: the server is gone
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    store.query_url = store.update_url = store.url = f"http://127.0.0.1:{port}/query"
    with pytest.raises(StoreError) as caught, writer_lock(store, timeout=1):
        pass
    assert "\n" not in str(caught.value) and not isinstance(caught.value, WriterLockTimeout)


@pytest.mark.bolt
def test_bolt_claim_is_renewed_and_a_dead_server_is_one_store_error_line(bolt_store) -> None:
    from graph.stores.writer_lock import _BoltLock

    with writer_lock(bolt_store, lease=0.6):
        time.sleep(1.5)
        with pytest.raises(WriterLockTimeout):
            _BoltLock(bolt_store, lease=0.6).acquire(timeout=0.3)
    import socket

    from neo4j import GraphDatabase

    from graph.stores.bolt import BoltStore, open_driver

    own = BoltStore(open_driver(bolt_store.uri, None), uri=bolt_store.uri, database=bolt_store.database,
                    dialect=bolt_store.dialect, owns_driver=True)  # its own driver: the session's stays open
    own.close()
    with socket.socket() as free:  # a port nobody listens on: the server is gone
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    own.driver = GraphDatabase.driver(f"bolt://127.0.0.1:{port}", max_transaction_retry_time=0, connection_timeout=1)
    with pytest.raises(StoreError) as caught, writer_lock(own, timeout=1):
        pass
    assert "\n" not in str(caught.value) and not isinstance(caught.value, WriterLockTimeout)
    own.driver.close()
