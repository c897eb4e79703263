"""Issue 11, «its usual capitalisation, most articles first»: among spellings of one name (case, quotes), the
one most articles write wins, whatever order the articles arrive in (counted from the mention sentences every
store keeps)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from clusterkg.ingest import Ingestor
from graph.model import EntityType, Evidence
from graph.name_choice import best_name
from graph.name_votes import article_votes, sentences_by_article, spelling_variants, stored_sentences
from graph.resolve import NameIndex
from graph.stores import open_store


def said(article: str, sentence: str) -> Evidence:
    return Evidence(article_id=article, sentence=sentence)


def test_votes_count_articles_not_sentences_and_respect_case() -> None:
    mentions = [said("a", "Компания «ЭнергоМаш» открыла цех."), said("a", "«ЭнергоМаш» нанял рабочих."),
                said("b", "Заказ получила компания «Энергомаш».")]
    votes = article_votes(["ЭнергоМаш", "Энергомаш"], sentences_by_article(mentions))
    assert votes == {"ЭнергоМаш": 1, "Энергомаш": 1}
    more = {"c": {"Цех «ЭнергоМаш» пущен."}, "d": {"Цех «ЭнергоМаша» пущен."}}  # an inflected form: no vote
    assert article_votes(["ЭнергоМаш"], sentences_by_article(mentions), more) == {"ЭнергоМаш": 2}


def test_best_name_takes_the_spelling_most_articles_write() -> None:
    forms = ["Энергомаш", "ЭнергоМаш"]
    assert best_name(forms, "Company", current="ЭнергоМаш") == "ЭнергоМаш"  # a tie: the current name stays
    assert best_name(forms, "Company", current="Энергомаш", votes={"ЭнергоМаш": 2, "Энергомаш": 1}) == "ЭнергоМаш"
    assert best_name(forms, "Company", current="ЭнергоМаш", votes={"ЭнергоМаш": 1, "Энергомаш": 1}) == "ЭнергоМаш"


def test_votes_never_outrank_a_rule_or_choose_between_different_words() -> None:
    forms = ["Томский государственный университет", "ТГУ"]  # the abbreviation wins by rule, not by votes
    assert best_name(forms, "University", votes={"Томский государственный университет": 5, "ТГУ": 1}) == "ТГУ"
    genitive = ["Томского кластера электроники", "Томский кластер электроники"]
    assert best_name(genitive, "Cluster", votes={genitive[0]: 3}) == genitive[1]
    # «Антона Алиханова» is never written as the nominative «Антон Алиханов»: counting written forms would
    # favour whatever the text happens to write in the nominative, so different words go by the rules
    people = ["Антон Алиханов", "Антон Андреевич Алиханов"]
    assert best_name(people, "Official", current=people[0], votes={people[1]: 2}) == people[0]


# Three short articles (written for this test): two say «ЭнергоМаш», one «Энергомаш».
ARTICLES = {
    "one": "Компания «ЭнергоМаш» открыла в Туле новый цех. В нём будут выпускать насосы.",
    "two": "В Туле компания «ЭнергоМаш» наняла двести рабочих для нового цеха.",
    "three": "Компания «Энергомаш» получила заказ на насосы от завода в Туле.",
}


@pytest.fixture(scope="module")
def article_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("votes")
    files = {}
    for key, text in ARTICLES.items():
        files[key] = folder / f"{key}.txt"
        files[key].write_text(text, encoding="utf-8")
    return files


def _company_names(store) -> list[str]:
    return sorted(e.name for e in store.entity_names() if e.type == EntityType.COMPANY.value)


@pytest.mark.parametrize("order", list(itertools.permutations(ARTICLES)))
def test_the_name_most_articles_use_wins_in_every_order(order, article_files, tmp_path) -> None:
    with open_store(tmp_path / "store") as store:
        for key in order:  # one ingest run per article: the counts come back from the store each time
            summary = Ingestor(store).run([str(article_files[key])])
            assert summary.new == 1
        assert _company_names(store) == ["ЭнергоМаш"]
        node = next(e for e in store.entity_names() if e.type == EntityType.COMPANY.value)
        by_article = stored_sentences(store, node.id)
        assert len(by_article) == 3


def test_one_run_with_all_articles_gives_the_same_name(article_files, tmp_path) -> None:
    with open_store(tmp_path / "store") as store:
        ingestor = Ingestor(store, batch_size=1)
        ingestor.run([str(article_files[k]) for k in ("three", "one", "two")])
        assert _company_names(store) == ["ЭнергоМаш"]
        # the votes read written batches back from the store: a long run keeps no mention sentences in memory
        assert ingestor._index.sentences == {}


@pytest.mark.parametrize("fixture", ["sparql_store", "bolt_store"])
def test_every_store_hands_back_the_same_sentences_and_name(fixture, article_files, tmp_path, request) -> None:
    """The counts come from what every store keeps: the SPARQL endpoint and Bolt give what the embedded does."""
    files = [str(article_files[k]) for k in ("three", "one", "two")]
    with open_store(tmp_path / "store") as embedded:
        for path in files:
            Ingestor(embedded).run([path])
        expected = _sentences_of_the_company(embedded), _company_names(embedded)
    store = request.getfixturevalue(fixture)
    for path in files:
        Ingestor(store).run([path])
    assert (_sentences_of_the_company(store), _company_names(store)) == expected


def _sentences_of_the_company(store) -> dict[str, set[str]]:
    node = next(e for e in store.entity_names() if e.type == EntityType.COMPANY.value)
    return stored_sentences(store, node.id)


def test_only_competing_spellings_are_voted_on() -> None:
    """Labels that fold apart need no vote, so resolution asks the store nothing for them."""
    assert spelling_variants(["Томский государственный университет", "ТГУ"]) == []
    assert spelling_variants(["ЭнергоМаш", "Энергомаш", "ЭМ"]) == ["ЭнергоМаш", "Энергомаш"]
    index = NameIndex(store=_RefusingStore())
    assert index.votes("e1", ["Томский государственный университет", "ТГУ"], []) == {}


class _RefusingStore:
    """A stand-in that fails the test if resolution reads from it: the point is that nothing is read."""

    supports_sparql = supports_cypher = True

    def query(self, *args, **kwargs):
        raise AssertionError("a node with no competing spellings was read from the store")
