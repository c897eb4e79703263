"""The ready questions through the CLI on a real embedded store filled with hand-built extractions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from tests.sample_graph import CLUSTER, gold_extractions, sample_extractions

runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    from graph.stores.embedded import EmbeddedRdfStore

    path = tmp_path_factory.mktemp("questions-store")
    with EmbeddedRdfStore(path) as store:
        store.write(sample_extractions())
    return str(path)


def _run(store_dir: str, *args: str):
    return runner.invoke(app, [*args, "--store", store_dir])


def _json(store_dir: str, *args: str):
    result = _run(store_dir, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_links_through_the_cluster_with_evidence(store_dir):
    paths = _json(store_dir, "links", "тпу", "Владимира Мазура")
    assert len(paths) == 1
    assert [n["name"] for n in paths[0]["nodes"]] == ["ТПУ", "Элекард", CLUSTER, "Владимир Мазур"]
    assert all(step["relations"] and step["relations"][0]["evidence"] for step in paths[0]["steps"])
    text = _run(store_dir, "links", "ТПУ", "Мазур").stdout
    assert "path 1 (3 hops)" in text and "INSTRUCTED_BY" in text


def test_links_respect_max_hops(store_dir):
    assert _json(store_dir, "links", "ТПУ", "Мазур", "--max-hops", "2") == []
    assert "no path of at most 2 hops" in _run(store_dir, "links", "ТПУ", "Мазур", "--max-hops", "2").stdout


def test_partners_count_articles_and_since(store_dir):
    (partner,) = _json(store_dir, "partners", "ТУСУРа")
    assert partner["name"] == "Микран"
    assert (partner["articles"], partner["evidence"], partner["since"]) == (2, 2, "2023-09-15")


def test_instructions_all_and_by_name(store_dir):
    rows = _json(store_dir, "instructions")
    assert [(r["subject"]["name"], r["instructor"]["name"]) for r in rows] == [
        (CLUSTER, "Владимир Мазур"),
        ("Производство беспилотного минитрактора", "Владимир Мазур"),
    ]
    assert rows[0]["first_seen"] == "2023-03-01"
    assert len(_json(store_dir, "instructions", "--by", "Мазур")) == 2
    assert "on the instruction of Владимир Мазур" in _run(store_dir, "instructions").stdout


def test_timeline_is_oldest_first(store_dir):
    facts = _json(store_dir, "timeline", "ТУСУР")
    dates = [f["date"] for f in facts]
    assert dates == sorted(dates) == ["2023-03-01", "2023-09-15", "2024-02-10"]
    assert facts[0]["type"] == "PARTICIPATES_IN" and facts[0]["direction"] == "out"


def test_brokers_and_communities(store_dir):
    top = _json(store_dir, "brokers", "--top", "2")
    assert top[0]["name"] == CLUSTER and top[0]["degree"] == 5 and top[0]["articles"] == 2
    groups = _json(store_dir, "communities")
    members = {m["name"] for g in groups for m in g["members"]}
    assert "Владимир Мазур" not in members and "ТУСУР" in members
    assert "community 1" in _run(store_dir, "communities").stdout


def test_unknown_name_is_one_line_and_exit_1(store_dir):
    result = _run(store_dir, "partners", "Газпром")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error: no entity named 'Газпром' in the store"]


def test_ambiguous_name_lists_candidates(store_dir):
    result = _run(store_dir, "timeline", "Томский университет")
    assert result.exit_code == 1
    assert "ambiguous" in result.stderr
    assert "ТУСУР (University)" in result.stderr and "ТПУ (University)" in result.stderr


def test_export_command_writes_every_format(store_dir, tmp_path: Path):
    for fmt, name in [("nq", "g.nq"), ("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "csv")]:
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(tmp_path / name), "--store", store_dir])
        assert result.exit_code == 0, result.output
        assert "8 entities, 9 relations, 3 articles" in result.stdout
    bad = runner.invoke(app, ["export", "--format", "xlsx", "--out", str(tmp_path / "x"), "--store", store_dir])
    assert bad.exit_code == 1 and "unknown format" in bad.stderr


def test_questions_over_the_gold_dev_articles(dev_articles, tmp_path: Path):
    from graph.stores.embedded import EmbeddedRdfStore

    with EmbeddedRdfStore(tmp_path / "dev") as store:
        store.write(gold_extractions(dev_articles))
    store_dir = str(tmp_path / "dev")
    rows = _json(store_dir, "instructions")
    assert any(r["instructor"]["name"] == "Андрей Яцкин" for r in rows)
    top = _json(store_dir, "brokers", "--top", "5")
    assert len(top) == 5 and top[0]["betweenness"] > 0
    partners = _json(store_dir, "partners", "Уралкалий")
    assert "ПГНИУ" in {p["name"] for p in partners}
