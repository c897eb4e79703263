"""Cross-article resolution on the real dev articles: one node per real entity, never two in one.

Found by hand: Магнитогорский государственный технический университет was merged into МГУ
because an abbreviation was allowed to skip any middle word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.names import fold_name
from graph.stores import open_store


def _gold_groups(dev_articles: list[dict]) -> dict[str, int]:
    """Folded gold label → group number; labels that share a folded form across articles are one group."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for article in dev_articles:
        for entity in article["entities"]:
            keys = [fold_name(label) for label in [entity["name"], *entity.get("aliases", [])]]
            for key in keys[1:]:
                parent[find(key)] = find(keys[0])
    roots = sorted({find(key) for key in parent})
    number = {root: i for i, root in enumerate(roots)}
    return {key: number[find(key)] for key in parent}


@pytest.fixture(scope="module")
def dev_store(dev_jsonl: Path, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("dev-store")
    result = CliRunner().invoke(app, ["ingest", str(dev_jsonl), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.slow
def test_no_stored_entity_joins_two_gold_entities(dev_store: Path, dev_articles: list[dict]) -> None:
    groups = _gold_groups(dev_articles)
    with open_store(dev_store, read_only=True) as store:
        names = store.entity_names()
    over_merged = {}
    for entry in names:
        hit = {groups[key] for key in (fold_name(label) for label in [entry.name, *entry.aliases]) if key in groups}
        if len(hit) > 1:
            over_merged[entry.name] = sorted(entry.aliases)
    assert not over_merged


@pytest.mark.slow
def test_abbreviation_with_a_different_letter_stays_apart(dev_store: Path) -> None:
    with open_store(dev_store, read_only=True) as store:
        by_name = {fold_name(e.name): e for e in store.entity_names()}
    assert "мгу" in by_name
    assert not any("магнитогорский" in fold_name(alias) for alias in by_name["мгу"].aliases)


def test_the_demo_cluster_is_named_by_rule(tmp_path: Path) -> None:
    """The examples' cluster is seen as «томский кластер …», «кластер …», «промышленный кластер …»: the node
    gets one of those names in the nominative with a capital region adjective, not the first form stored."""
    examples = Path(__file__).parents[1] / "examples"
    result = CliRunner().invoke(app, ["ingest", str(examples), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "store", read_only=True) as store:
        clusters = [e for e in store.entity_names() if e.type == "Cluster"]
    assert len(clusters) == 1
    assert clusters[0].name in {"Томский кластер электроники и беспилотных технологий",
                                "промышленный кластер электроники и беспилотных технологий"}


@pytest.mark.parametrize(
    ("text", "present", "former"),
    [
        ("Соглашение подписали АО «Томский электротехнический завод» (бывший «Томский завод электроприводов») и ТУСУР.",
         "Томский электротехнический завод", "Томский завод электроприводов"),
        ("В кластер вошло ООО «Сибирский кабель» (ранее — «Томсккабель»), сообщили в администрации.",
         "Сибирский кабель", "Томсккабель"),
    ],
)
def test_a_former_name_said_in_the_text_is_an_alias(text: str, present: str, former: str) -> None:
    from graph.model import Article
    from loaders.extraction import Extractor

    extraction = Extractor.load().extract(Article(id="former", text=text))
    (entity,) = [e for e in extraction.entities if fold_name(present) in {fold_name(n) for n in [e.name, *e.aliases]}]
    assert fold_name(former) in {fold_name(alias) for alias in entity.aliases}
    assert not any(fold_name(e.name) == fold_name(former) for e in extraction.entities)
