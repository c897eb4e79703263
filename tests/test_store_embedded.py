"""The embedded store: the store contract, and what only it promises — one writer at a time (a second
process waits the default 10 s and is told who holds the store), whole articles after a SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.stores.base import StoreUnavailable
from graph.stores.embedded import DEFAULT_LOCK_TIMEOUT, EmbeddedRdfStore
from tests.store_contract import SparqlStoreContract, corpus

REPO = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("clusterkg")


class TestEmbeddedStore(SparqlStoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        with EmbeddedRdfStore(tmp_path / "store") as store:
            yield store


SECOND_WRITER = """
import sys, time
from graph.stores.embedded import EmbeddedRdfStore
from graph.stores.base import StoreUnavailable
started = time.monotonic()
try:
    EmbeddedRdfStore(sys.argv[1])
except StoreUnavailable as exc:
    print(f"{time.monotonic() - started:.2f}")
    print(exc)
"""


@pytest.mark.slow
def test_a_second_process_waits_the_default_time_and_is_told_the_holders_pid(tmp_path) -> None:
    """No CLUSTERKG_LOCK_TIMEOUT: a second writer and a CLI reader (``stats``) both wait the default 10 s,
    at once, then say which process holds the store."""
    assert DEFAULT_LOCK_TIMEOUT == 10
    path = tmp_path / "store"
    env = {k: v for k, v in os.environ.items() if k != "CLUSTERKG_LOCK_TIMEOUT"}
    message = f"store {path} is locked by another process (pid {os.getpid()})"
    with EmbeddedRdfStore(path) as store:
        store.write(corpus()[:1])
        started = time.monotonic()
        writer = subprocess.Popen([sys.executable, "-c", SECOND_WRITER, str(path)], cwd=REPO, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        reader = subprocess.Popen([str(CLI), "stats", "--store", str(path)], cwd=REPO, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = writer.communicate(timeout=120)
        _, cli_err = reader.communicate(timeout=120)
        elapsed = time.monotonic() - started
    waited, said = out.strip().splitlines()
    assert said == message, err
    assert float(waited) >= DEFAULT_LOCK_TIMEOUT  # a lower bound only: a loaded machine just waits longer
    assert reader.returncode == 1
    assert cli_err.strip() == f"error: {message}"
    assert elapsed >= DEFAULT_LOCK_TIMEOUT
    with EmbeddedRdfStore(path, read_only=True) as reader_store:  # the lock goes with the writer
        assert reader_store.stats().articles == 1


def test_a_waiting_writer_gets_in_when_the_first_one_closes(tmp_path) -> None:
    path = tmp_path / "store"
    store = EmbeddedRdfStore(path)
    waiter = subprocess.Popen(
        [sys.executable, "-c", (f"from graph.stores.embedded import EmbeddedRdfStore\n"
                                f"s = EmbeddedRdfStore({str(path)!r}); print(s.stats().articles); s.close()")],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "CLUSTERKG_LOCK_TIMEOUT": "30"},
    )
    time.sleep(1.0)
    store.write(corpus())
    store.close()
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    assert out.strip() == "3"


def test_readers_share_the_store(tmp_path) -> None:
    path = tmp_path / "store"
    with EmbeddedRdfStore(path) as store:
        store.write(corpus())
    first = EmbeddedRdfStore(path, read_only=True)
    second = EmbeddedRdfStore(path, read_only=True)
    assert first.stats() == second.stats()
    first.close()
    second.close()


def test_missing_store_for_reading_is_one_line(tmp_path) -> None:
    with pytest.raises(StoreUnavailable, match="no store at"):
        EmbeddedRdfStore(tmp_path / "nothing", read_only=True)


WRITER = """
import sys
from datetime import date
from graph.model import Article, Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.stores.embedded import EmbeddedRdfStore

def article(i):
    hub = Entity(type=EntityType.CLUSTER, name="Кластер")
    members = [Entity(type=EntityType.COMPANY, name=f"Компания {i} номер {k}") for k in range(40)]
    relations = [Relation(type=RelationType.PARTICIPATES_IN, source=m.id, target=hub.id,
                          evidence=[Evidence(article_id=f"a{i}", sentence=f"Предложение {i} {k} " * 20,
                                             published=date(2024, 1, 1 + i % 28))])
                 for k, m in enumerate(members)]
    return Extraction(article=Article(id=f"a{i}", text="...", published=date(2024, 1, 1 + i % 28)),
                      entities=[hub, *members], relations=relations)

store = EmbeddedRdfStore(sys.argv[1])
for i in range(int(sys.argv[2])):
    store.write([article(i)])
    print(i, flush=True)
store.close()
"""


@pytest.mark.slow
def test_sigkill_mid_batch_leaves_whole_articles_and_a_rerun_completes(tmp_path) -> None:
    path, script = tmp_path / "store", tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    total = 300
    writer = subprocess.Popen([sys.executable, str(script), str(path), str(total)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    for line in writer.stdout:
        if int(line) >= 20:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)

    with EmbeddedRdfStore(path) as store:
        stats = store.stats()
        assert 20 < stats.articles < total
        assert stats.relations == 40 * stats.articles  # no half-written article
        per_graph = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "sparql")
        article_sizes = {row["n"] for row in per_graph if "/graph/a" in row["g"]}
        assert len(article_sizes) == 1  # every article graph is complete and the same size

    rerun = subprocess.run([sys.executable, str(script), str(path), str(total)], check=False, cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    clean = tmp_path / "clean"
    subprocess.run([sys.executable, str(script), str(clean), str(total)], cwd=REPO, check=True,
                   capture_output=True, timeout=300)
    with EmbeddedRdfStore(path, read_only=True) as resumed, EmbeddedRdfStore(clean, read_only=True) as fresh:
        assert resumed.stats() == fresh.stats()
        assert resumed.stats().articles == total
        assert resumed.snapshot() == fresh.snapshot()  # the re-run completed the graph, not only its counts
