"""`clusterkg eval GOLD… --graph`: the resolved graph of many articles scored against the joined gold graph.

The definitions are checked on a small hand-made graph; the floors on the 93 shared annotated articles
(train + dev ingested into one store) guard what resolution reached (issue 11's targets: split ≤ 0.02,
merged ≤ 0.01, name ≥ 0.95; junk follows the extraction's precision).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.model import Entity, EntityType, GraphSnapshot, Relation, RelationType
from loaders.evaluation.gold import Doc, GoldEntity, GoldRelation
from loaders.evaluation.graph_score import gold_graph, score_graph

# The floors are issue 11's targets. Figures as they moved (train + dev, 589 gold entities): the first run split
# 0.037, merged 0.022, name 0.88; name classes and derived canonical forms: split 0.026, merged 0.020, name 0.948;
# other bodies' labels, managing companies, articles' regions, gazetteer national bodies: split 0.019, merged
# 0.005, name 0.953; a Project matched as ANNOTATION.md matches it: split 0.0204 (12 extra nodes), junk 0.038,
# name 0.959, F1 0.80; «НИИ X» ↔ «Институт …» and the extraction of issue 10's later work: split 0.019 (11),
# merged 0.005, junk 0.040, name 0.960, unique-edge F1 0.81.
FLOORS = {"split": 0.02, "merged": 0.01, "junk": 0.05, "name": 0.95, "edge_f1": 0.76}


def _docs() -> list[Doc]:
    return [
        Doc("a", [GoldEntity("ТУСУР", "University", ["Томский государственный университет систем управления и радиоэлектроники"]),
                  GoldEntity("Микран", "Company"), GoldEntity("Правительство Томской области", "RegionalBody",
                                                              ["правительство региона"])],
            [GoldRelation("ТУСУР", "COOPERATES_WITH", "Микран")]),
        Doc("b", [GoldEntity("Томский государственный университет систем управления и радиоэлектроники", "University"),
                  GoldEntity("Правительство Новосибирской области", "RegionalBody", ["правительство региона"]),
                  GoldEntity("М. Решетников", "Official"), GoldEntity("Максим Решетников", "Official")],
            []),
    ]


def test_gold_entities_join_on_names_not_on_generic_aliases() -> None:
    gold, edges = gold_graph(_docs())
    names = sorted(sorted(g.names) for g in gold)
    assert ["ТУСУР", "Томский государственный университет систем управления и радиоэлектроники"] in names
    assert ["Правительство Томской области"] in names and ["Правительство Новосибирской области"] in names
    assert ["Максим Решетников", "М. Решетников"] in names or ["М. Решетников", "Максим Решетников"] in names
    assert len(gold) == 5 and len(edges) == 1


def test_split_merged_junk_name_and_edges_as_defined() -> None:
    tusur = Entity(type=EntityType.UNIVERSITY, name="ТУСУР")
    tusur_again = Entity(type=EntityType.UNIVERSITY, name="Томского университета", aliases=[
        "Томский государственный университет систем управления и радиоэлектроники"])
    tusur_third = Entity(type=EntityType.UNIVERSITY, name="университет ТУСУР", aliases=["ТУСУР систем"])
    micran_and_government = Entity(type=EntityType.COMPANY, name="Микран", aliases=["Правительство Томской области"])
    junk = Entity(type=EntityType.COMPANY, name="Сибмедиа")
    person = Entity(type=EntityType.OFFICIAL, name="Максим Решетников")
    snapshot = GraphSnapshot(
        entities=[tusur, tusur_again, tusur_third, micran_and_government, junk, person],
        relations=[Relation(type=RelationType.COOPERATES_WITH, source=micran_and_government.id, target=tusur.id),
                   Relation(type=RelationType.COOPERATES_WITH, source=junk.id, target=tusur.id)],
    )
    score = score_graph(_docs(), snapshot)
    assert score.gold_entities == 5 and score.nodes == 6
    assert score.split == pytest.approx(1 / 5)  # ТУСУР found as 2 nodes (the third matches no gold label)
    assert score.merged == pytest.approx(1 / 6)  # Микран + the government
    assert score.junk == pytest.approx(2 / 6)  # Сибмедиа and «университет ТУСУР»
    assert score.name == pytest.approx(3 / 4)  # «Томского университета» is not a canonical name
    assert (score.edges.right, score.edges.predicted, score.edges.found, score.edges.gold) == (1, 2, 1, 1)


def test_a_project_matches_by_shared_lemmas_in_its_own_articles_only() -> None:
    """ANNOTATION.md matches a Project when half the lemmas are shared; the graph score does the same, but only
    against the gold of the articles the node was found in."""
    from graph.model import Article, Evidence

    docs = [Doc("a", [GoldEntity("строительство завода по выпуску красок в Омске", "Project")], [], text="Текст А.",
                url="https://example.org/a"),
            Doc("b", [GoldEntity("цех упаковки", "Project")], [], text="Текст Б.")]
    articles = [Article(id="x1", url="https://example.org/a", text="Текст А."), Article(id="x2", text="Текст  Б.")]
    paints = Entity(type=EntityType.PROJECT, name="строительство завода по выпуску красок",
                    mentions=[Evidence(article_id="x1", sentence="Текст А.")])
    elsewhere = Entity(type=EntityType.PROJECT, name="строительство завода красок",
                       mentions=[Evidence(article_id="x2", sentence="Текст Б.")])
    score = score_graph(docs, GraphSnapshot(articles=articles, entities=[paints, elsewhere]))
    assert score.junk_nodes == ["Project:строительство завода красок"]  # its article's gold project is another
    assert score.name == 1.0  # the matched project's name shares its lemmas with the canonical one


@pytest.fixture(scope="module")
def graph_score(dev_jsonl: Path) -> dict:
    train = dev_jsonl.with_name("train.jsonl")
    result = CliRunner().invoke(app, ["eval", str(train), str(dev_jsonl), "--graph", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_the_93_articles_resolve_into_one_node_per_entity(graph_score: dict) -> None:
    assert graph_score["gold_entities"] > 500 and graph_score["nodes"] > 500
    assert graph_score["split"] <= FLOORS["split"], graph_score
    assert graph_score["merged"] <= FLOORS["merged"], graph_score
    assert graph_score["junk"] <= FLOORS["junk"], graph_score
    assert graph_score["name"] >= FLOORS["name"], graph_score
    assert graph_score["edges"]["f1"] >= FLOORS["edge_f1"], graph_score


def test_graph_eval_names_a_missing_gold_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "absent.jsonl"), "--graph"])
    assert result.exit_code == 1 and "absent.jsonl: no such file" in result.output
