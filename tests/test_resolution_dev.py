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


def test_abbreviation_with_a_different_letter_stays_apart(dev_store: Path) -> None:
    with open_store(dev_store, read_only=True) as store:
        by_name = {fold_name(e.name): e for e in store.entity_names()}
    assert "мгу" in by_name
    assert not any("магнитогорский" in fold_name(alias) for alias in by_name["мгу"].aliases)
