"""``clusterkg fix`` end to end on the real pipeline: two real articles ingested, corrected by name,
the log, a syndicated copy ingested afterwards, corrections shared with a second store and with a
SPARQL endpoint through ``fix export`` / ``fix apply``, and undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app

CLUSTER = "кластер электроники и беспилотных технологий"
NEW_CLUSTER_NAME = "Кластер электроники и беспилотных технологий Томской области"
SEED, KALUGA = 0, 11  # dev.jsonl rows: the Tomsk seed page; Kaluga (Василий Шпак next to Василий Потёмкин)
AVIA, AVIA_AGREEMENT = 15, 16  # Ulyanovsk: «Ульяновск-Авиа»; the agreement of «ульяновский авиационный кластер»


def invoke(*args: str, user: str = "carol"):
    return CliRunner().invoke(app, list(args), env={"USER": user})


def ok(*args: str, **kw) -> str:
    result = invoke(*args, **kw)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def articles(dev_jsonl: Path, tmp_path: Path) -> dict[str, Path]:
    rows = dev_jsonl.read_text(encoding="utf-8").splitlines()
    files = {"two": tmp_path / "two.jsonl", "copy": tmp_path / "copy.jsonl"}
    files["two"].write_text(rows[SEED] + "\n" + rows[KALUGA] + "\n", encoding="utf-8")
    copy = json.loads(rows[SEED]) | {"url": "https://example.org/tomsk-cluster-copy"}  # the same story, another URL
    files["copy"].write_text(json.dumps(copy, ensure_ascii=False) + "\n", encoding="utf-8")
    return files


def entity(where: list[str], name: str) -> dict:
    return json.loads(ok("entity", name, *where, "--json"))


def member_names(where: list[str]) -> list[str]:
    return [m["name"] for m in json.loads(ok("members", CLUSTER, *where, "--json"))]


def snapshot(store_dir: Path):
    from graph.stores import open_store

    with open_store(store_dir, read_only=True) as opened:
        return opened.snapshot()


def test_fix_commands_on_the_real_pipeline(articles: dict[str, Path], tmp_path: Path, sparql_store) -> None:
    store = ["--store", str(tmp_path / "store")]
    ok("ingest", str(articles["two"]), *store)

    ambiguous = invoke("fix", "rename", "Василий", "Василий Иванов", *store)
    assert ambiguous.exit_code == 1
    assert "Василий Потёмкин" in ambiguous.output and "Василий Шпак" in ambiguous.output
    assert "no entity named" in invoke("fix", "retype", "Нет такого", "Company", *store).output

    ok("fix", "rename", CLUSTER, NEW_CLUSTER_NAME, "--note", "the name the region uses", "--by", "alice", *store)
    tusur_type = entity(store, "ТУСУР")["type"]
    wanted = "University" if tusur_type != "University" else "Company"  # the extractor has typed it Company
    ok("fix", "retype", "ТУСУРа", wanted, "--note", "see ANNOTATION.md", *store)
    assert "Микран" in " ".join(member_names(store))
    reject = ok("fix", "reject", f"Микран PARTICIPATES_IN {CLUSTER}", "--note", "presented a project only", *store)
    reject_id = reject.split(":", 1)[0]
    assert "Микран" not in " ".join(member_names(store))
    assert "already one entity" in invoke("fix", "merge", "ТУСУР", "ТУСУРа", *store).output

    log = json.loads(ok("fix", "log", "--json", *store))
    assert [(c["op"], c["by"], c["note"]) for c in log] == [
        ("rename", "alice", "the name the region uses"),
        ("retype", "carol", "see ANNOTATION.md"),
        ("reject", "carol", "presented a project only"),
    ]
    assert all(c["at"] and not c["undone"] for c in log)
    assert "the name the region uses" in ok("fix", "log", *store)

    shared = tmp_path / "corrections.json"
    ok("fix", "export", str(shared), *store)
    corrected = snapshot(tmp_path / "store")

    # A second store and a SPARQL endpoint: the same articles, the shared corrections, the same graph.
    other = ["--store", str(tmp_path / "other")]
    ok("ingest", str(articles["two"]), *other)
    assert "3 applied" in ok("fix", "apply", str(shared), *other)
    assert snapshot(tmp_path / "other") == corrected
    endpoint = ["--sparql", sparql_store.url]
    ok("ingest", str(articles["two"]), *endpoint)
    ok("fix", "apply", str(shared), *endpoint)
    assert sparql_store.snapshot() == corrected
    assert "3 present" in ok("fix", "apply", str(shared), *other)

    # The story again under another URL, read by the extractor again: the corrections hold.
    ok("ingest", str(articles["copy"]), *store)
    assert entity(store, "ТУСУР")["type"] == wanted
    cluster = entity(store, NEW_CLUSTER_NAME)
    assert cluster["name"] == NEW_CLUSTER_NAME and len(cluster["articles"]) == 2
    assert "Микран" not in " ".join(member_names(store))

    assert f"{reject_id}: undone" in ok("fix", "undo", reject_id, *store)
    assert "Микран" in " ".join(member_names(store))
    assert "[undone by carol" in ok("fix", "log", *store)
    assert invoke("fix", "undo", reject_id, *store).exit_code == 1


def test_fix_merge_on_the_real_pipeline_and_a_later_copy_lands_on_the_kept_node(dev_jsonl: Path, tmp_path: Path):
    rows = dev_jsonl.read_text(encoding="utf-8").splitlines()
    both, copy = tmp_path / "avia.jsonl", tmp_path / "copy.jsonl"
    both.write_text(rows[AVIA] + "\n" + rows[AVIA_AGREEMENT] + "\n", encoding="utf-8")
    moved = json.loads(rows[AVIA_AGREEMENT]) | {"url": "https://example.org/avia-agreement-copy"}
    copy.write_text(json.dumps(moved, ensure_ascii=False) + "\n", encoding="utf-8")
    store = ["--store", str(tmp_path / "store")]
    ok("ingest", str(both), *store)
    kept, gone = entity(store, "Ульяновск-Авиа"), entity(store, "Ульяновский авиационный кластер")
    assert kept["id"] != gone["id"]
    entities = json.loads(ok("stats", *store, "--json"))["entities"]

    note = "the agreement is the cluster's own"
    ok("fix", "merge", "Ульяновск-Авиа", "Ульяновский авиационный кластер", "--note", note, *store)
    assert json.loads(ok("stats", *store, "--json"))["entities"] == entities - 1
    merged = entity(store, "Ульяновский авиационный кластер")  # the merged name is an alias now
    assert merged["id"] == kept["id"] and merged["type"] == "Cluster"
    assert set(gone["articles"]) <= set(merged["articles"])

    ok("ingest", str(copy), *store)  # the agreement again, from another outlet, through the extractor
    after = entity(store, "Ульяновский авиационный кластер")
    assert after["id"] == kept["id"] and after["type"] == "Cluster"
    assert len(after["articles"]) == len(merged["articles"]) + 1
    assert json.loads(ok("stats", *store, "--json"))["entities"] == entities - 1
    assert json.loads(ok("fix", "log", "--json", *store))[0]["note"] == note


def test_fix_commands_against_a_bolt_server_give_the_embedded_store_s_graph(dev_articles, bolt_store, tmp_path: Path):
    """`fix … --neo4j URI` end to end through the CLI on the FalkorDB test server: the same corrections, shared
    through `fix export` / `fix apply`, give an embedded store holding the same articles the same graph."""
    from graph.stores import open_store
    from tests.sample_graph import gold_extractions

    gold = gold_extractions(dev_articles)
    articles = [gold[0], gold[AVIA], gold[AVIA_AGREEMENT]]
    bolt = ["--neo4j", bolt_store.uri]
    bolt_store.write(articles)
    ok("fix", "merge", "ульяновский авиационный кластер", "Ульяновск-Авиа", "--note", "one cluster", *bolt)
    ok("fix", "rename", "ТУСУР", "Томский государственный университет систем управления и радиоэлектроники", *bolt)
    ok("fix", "retype", "Микран", "Organization", "--by", "alice", *bolt)
    rejected = ok("fix", "reject", f"Микран PARTICIPATES_IN {CLUSTER}", *bolt).split(":", 1)[0]
    log = json.loads(ok("fix", "log", "--json", *bolt))
    assert [(c["op"], c["by"]) for c in log] == [("merge", "carol"), ("rename", "carol"), ("retype", "alice"),
                                                 ("reject", "carol")]
    assert "Микран" not in " ".join(member_names(bolt))
    assert f"{rejected}: undone" in ok("fix", "undo", rejected, *bolt)
    assert "Микран" in " ".join(member_names(bolt))

    shared = tmp_path / "corrections.json"
    ok("fix", "export", str(shared), *bolt)
    with open_store(tmp_path / "embedded") as embedded:
        embedded.write(articles)
    assert "3 applied" in ok("fix", "apply", str(shared), "--store", str(tmp_path / "embedded"))
    assert snapshot(tmp_path / "embedded") == bolt_store.snapshot()
