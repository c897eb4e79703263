"""``clusterkg ingest`` end to end on the real pipeline: the seed page, idempotence, syndication,
workers, bounded memory, a real SIGKILL inside a batch, two processes on one store, hostile names."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.model import Article, StoreStats
from graph.names import fold_name
from tests.texts import KALUGA, hostile_article

REPO = Path(__file__).resolve().parent.parent
CLUSTERKG = str(Path(sys.executable).parent / "clusterkg")
SEED_MEMBERS = ("когнитив", "микран", "лэмзт", "радар ммс", "тусур")
CLUSTER_NAME = "кластер электроники и беспилотных технологий"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def stats(store_dir: Path) -> StoreStats:
    from graph.stores import open_store

    with open_store(store_dir, read_only=True) as store:
        return store.stats()


def run(*args: str, timeout: float = 900, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLUSTERKG, *args], check=False, cwd=REPO, capture_output=True, text=True,
                          timeout=timeout,
                          env={**os.environ, **env})


def member_names(store_dir: Path) -> list[str]:
    result = invoke("members", CLUSTER_NAME, "--store", str(store_dir), "--json")
    assert result.exit_code == 0, result.output
    return [m["name"] for m in json.loads(result.stdout)]


# --- the seed page ------------------------------------------------------------------------------
def test_seed_page_members_and_reingest_changes_nothing(seed_page: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = invoke("ingest", str(seed_page), "--store", str(store))
    assert first.exit_code == 0, first.output
    assert "1 new" in first.stdout
    folded = [fold_name(n) for n in member_names(store)]
    for member in SEED_MEMBERS:
        assert any(member in name.replace("-", "") for name in folded), (member, folded)
    for furniture in ("газпром", "тгасу", "шмырева", "федеральная служба исполнения наказаний", "ниатомск"):
        assert not any(furniture in name for name in folded), (furniture, folded)
    counts = stats(store)

    again = invoke("ingest", str(seed_page), "--store", str(store))
    assert again.exit_code == 0, again.output
    assert "0 new, 1 already stored" in again.stdout
    assert stats(store) == counts


@pytest.mark.slow
def test_dev_jsonl_twice_and_with_two_workers(dev_jsonl: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    result = invoke("ingest", str(dev_jsonl), "--store", str(one))
    assert result.exit_code == 0, result.output
    counts = stats(one)
    assert counts.articles == 21 and counts.entities > 50 and counts.relations > 10
    assert invoke("ingest", str(dev_jsonl), "--store", str(one)).exit_code == 0
    assert stats(one) == counts
    parallel = run("ingest", str(dev_jsonl), "--store", str(two), "--workers", "2")
    assert parallel.returncode == 0, parallel.stderr
    assert stats(two) == counts


def test_syndicated_copy_is_one_set_of_facts_with_two_sources(http_site, tmp_path: Path) -> None:
    from graph.stores import open_store

    def page(aside: str) -> str:
        body = "".join(f"<p>{p}</p>" for p in KALUGA.split("\n\n")[1:])
        return (f"<html><head><title>Технопарк</title></head><body><article><h1>Технопарк</h1>{body}</article>"
                f"<aside>{aside}</aside></body></html>")

    first = http_site.add("/outlet-a/story", page("Реклама"))
    copy = http_site.add("/outlet-b/copy", page("Погода"))
    single, both = tmp_path / "single", tmp_path / "both"
    assert invoke("ingest", first, "--store", str(single)).exit_code == 0
    result = invoke("ingest", first, copy, "--store", str(both))
    assert result.exit_code == 0, result.output
    assert "1 syndicated copies" in result.stdout
    alone, twice = stats(single), stats(both)
    assert twice.articles == 2
    assert (twice.entities, twice.relations) == (alone.entities, alone.relations)
    with open_store(both, read_only=True) as store:
        snapshot = store.snapshot()
    assert {a.url for a in snapshot.articles} == {first, copy}
    ids = {a.id for a in snapshot.articles}
    for relation in snapshot.relations:
        assert {e.article_id for e in relation.evidence} == ids


# --- scale: a 100,000-line dump in bounded memory ------------------------------------------------
def _peak_rss_mb(args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    code = (
        "import resource, sys\n"
        "from clusterkg.cli import app\n"
        f"sys.argv = ['clusterkg', *{args!r}]\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=REPO, capture_output=True, text=True, timeout=900)
    peak = float(result.stderr.rsplit("peak", 1)[1])
    return result, peak


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_hundred_thousand_lines_in_bounded_memory(tmp_path: Path, workers: str) -> None:
    line = json.dumps({"url": "https://dump.example/1", "text": KALUGA}, ensure_ascii=False) + "\n"
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    small.write_text(line, encoding="utf-8")
    with big.open("w", encoding="utf-8") as out:
        for number in range(100_000):
            out.write(line if number % 1000 else json.dumps({"url": f"https://dump.example/{number}",
                                                             "text": KALUGA}, ensure_ascii=False) + "\n")
    _, baseline = _peak_rss_mb(["ingest", str(small), "--store", str(tmp_path / "s1"), "--workers", workers])
    result, peak = _peak_rss_mb(["ingest", str(big), "--store", str(tmp_path / "s2"), "--workers", workers])
    assert "100000 read, 101 new" in result.stdout, result.stdout + result.stderr
    assert "100 syndicated copies" in result.stdout
    assert peak - baseline < 0.5 * big.stat().st_size / 1e6 + 40, (baseline, peak, big.stat().st_size)


# --- crash safety and locking --------------------------------------------------------------------
def nerel_jsonl(nerel_dev: Path, path: Path, count: int) -> Path:
    texts = sorted(nerel_dev.glob("*.txt")) + sorted((nerel_dev.parent / "train").glob("*.txt"))
    assert len(texts) >= count
    with path.open("w", encoding="utf-8") as out:
        for text_path in texts[:count]:
            record = {"url": f"https://nerel.example/{text_path.parent.name}/{text_path.stem}",
                      "text": text_path.read_text(encoding="utf-8")}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# A real ``clusterkg ingest`` whose store announces, and then waits, when it is inside a batch: ``k``
# articles written in all, at least one of the current batch written and the rest of it not. The store
# and the command are the real ones; the wrapper only watches the stream of articles ``write`` pulls
# (an article is pulled after the one before it is written).
PAUSING_INGEST = """
import sys, time
from graph.stores.embedded import EmbeddedRdfStore

pause_after = int(sys.argv.pop(1))
written = 0
real_write = EmbeddedRdfStore.write


def write(self, extractions):
    def stream():
        global written
        for index, extraction in enumerate(extractions):
            if written == pause_after and index > 0:
                print(f"inside a batch: {index} of its articles written, {written} in all", flush=True)
                time.sleep(3600)
            yield extraction
            written += 1
    return real_write(self, stream())


EmbeddedRdfStore.write = write
from clusterkg.cli import main
sys.argv = ["clusterkg", *sys.argv[1:]]
main()
"""


def pausing_ingest(pause_after: int, *args: str) -> tuple[subprocess.Popen, str]:
    """Start the real ingest, wait until it stands inside a batch (or fail if it ends first)."""
    process = subprocess.Popen([sys.executable, "-c", PAUSING_INGEST, str(pause_after), "ingest", *args], cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_default_env())
    line = process.stdout.readline()
    if not line.startswith("inside a batch"):
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the ingest ended before it was inside a batch: {line!r} {err[-2000:]}")
    return process, line.strip()


def _default_env() -> dict[str, str]:
    """The environment without a lock-wait override, so the default 10 s wait applies."""
    return {k: v for k, v in os.environ.items() if k != "CLUSTERKG_LOCK_TIMEOUT"}


def _facts_by_article(snapshot) -> dict[str, set[str]]:
    facts: dict[str, set[str]] = {a.id: set() for a in snapshot.articles}
    for relation in snapshot.relations:
        for evidence in relation.evidence:
            facts.setdefault(evidence.article_id, set()).add(relation.id)
    for entity in snapshot.entities:
        for mention in entity.mentions:
            facts.setdefault(mention.article_id, set()).add(entity.id)
    return facts


def read_snapshot(store_dir: Path):
    from graph.stores import open_store

    with open_store(store_dir, read_only=True) as store:
        return store.snapshot()


@pytest.mark.slow
def test_sigkill_inside_a_batch_then_rerun_equals_clean_run(nerel_dev: Path, tmp_path: Path) -> None:
    dump = nerel_jsonl(nerel_dev, tmp_path / "nerel.jsonl", 40)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    done = run("ingest", str(dump), "--store", str(clean), "--batch", "4")
    assert done.returncode == 0, done.stderr
    clean_snapshot = read_snapshot(clean)
    assert len(clean_snapshot.articles) == 40

    # Batches of 4: articles 9-12 form the third; the kill lands after 9 and 10 are written, before 11.
    process, where = pausing_ingest(10, str(dump), "--store", str(killed), "--batch", "4")
    assert where == "inside a batch: 2 of its articles written, 10 in all"
    process.send_signal(signal.SIGKILL)
    process.wait()

    partial = read_snapshot(killed)
    assert len(partial.articles) == 10
    clean_facts, partial_facts = _facts_by_article(clean_snapshot), _facts_by_article(partial)
    for article_id, facts in partial_facts.items():
        assert facts == clean_facts[article_id], f"article {article_id} is not whole after the kill"

    rerun = run("ingest", str(dump), "--store", str(killed), "--batch", "4")
    assert rerun.returncode == 0, rerun.stderr
    assert "30 new, 10 already stored" in rerun.stdout, rerun.stdout
    assert read_snapshot(killed).model_dump() == clean_snapshot.model_dump()


@pytest.mark.slow
def test_second_ingest_waits_the_default_ten_seconds_and_names_the_lock_holder(nerel_dev: Path,
                                                                               tmp_path: Path) -> None:
    dump = nerel_jsonl(nerel_dev, tmp_path / "nerel.jsonl", 8)
    store = tmp_path / "store"
    first, _ = pausing_ingest(2, str(dump), "--store", str(store), "--batch", "4")
    try:
        (tmp_path / "other.txt").write_text(KALUGA, encoding="utf-8")
        started = time.monotonic()
        second = subprocess.run([CLUSTERKG, "ingest", str(tmp_path / "other.txt"), "--store", str(store)], check=False,
                                cwd=REPO, capture_output=True, text=True, timeout=120, env=_default_env())
        waited = time.monotonic() - started
        assert first.poll() is None, "the first ingest must still hold the store"
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 1, second.stderr
    assert second.stderr.strip().splitlines() == [f"error: store {store} is locked by another process (pid {first.pid})"]
    assert waited >= 10, f"gave up after {waited:.1f} s, before the default 10 s wait"
    third = run("ingest", str(tmp_path / "other.txt"), "--store", str(store))
    assert third.returncode == 0, third.stderr
    assert stats(store).articles == 2 + 1  # the killed run's first batch is cut after 2 articles


# --- hostile names --------------------------------------------------------------------------------
def test_hostile_names_go_through_as_data(tmp_path: Path) -> None:
    from graph.stores import open_store

    path = tmp_path / "hostile.txt"
    path.write_text(hostile_article(), encoding="utf-8")
    store = tmp_path / "store"
    result = invoke("ingest", str(path), "--store", str(store))
    assert result.exit_code == 0, result.output
    with open_store(store, read_only=True) as opened:
        snapshot = opened.snapshot()
        assert opened.has_article(Article.make_id(None, hostile_article()))
    [article] = snapshot.articles
    assert article.title == hostile_article().split("\n")[0]
    evidence = [e.sentence for r in snapshot.relations for e in r.evidence]
    assert all(sentence in hostile_article() for sentence in evidence), evidence
    names = [e.name for e in snapshot.entities]
    hostile = [n for n in names if any(ch in n for ch in "\"'{}\\<>;")]
    for name in hostile:
        shown = invoke("entity", name, "--store", str(store), "--json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["name"] == name
    assert len(hostile) >= 3, names
    listed = invoke("members", "Томская электроника", "--store", str(store), "--json")
    assert listed.exit_code == 0, listed.output
    members = {m["name"] for m in json.loads(listed.stdout)}
    assert len(members & set(hostile)) >= 2, (members, hostile)
    assert stats(store).articles == 1


# --- the same through the SPARQL endpoint and Bolt stores ---------------------------------------
@pytest.fixture(params=["sparql", "bolt"])
def remote(request) -> tuple[list[str], object]:
    """CLI options naming an emptied remote store, and that store for reading counts back."""
    if request.param == "sparql":
        store = request.getfixturevalue("sparql_store")
        return ["--sparql", request.getfixturevalue("sparql_endpoint")], store
    store = request.getfixturevalue("bolt_store")
    return ["--neo4j", request.getfixturevalue("bolt_server")], store


def test_reingest_and_hostile_names_on_remote_stores(remote, seed_page: Path, tmp_path: Path) -> None:
    options, store = remote
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(hostile_article(), encoding="utf-8")
    first = invoke("ingest", str(seed_page), str(hostile), *options)
    assert first.exit_code == 0, first.output
    counts = store.stats()
    assert counts.articles == 2
    again = invoke("ingest", str(seed_page), str(hostile), *options)
    assert again.exit_code == 0 and "0 new, 2 already stored" in again.stdout, again.output
    assert store.stats() == counts
    names = [e.name for e in store.snapshot().entities if any(ch in e.name for ch in "\"'{}\\<>;")]
    assert len(names) >= 3, names
    for name in names:
        shown = invoke("entity", name, *options, "--json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["name"] == name
