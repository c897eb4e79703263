"""The store's fast snapshot (a few bulk reads) gives exactly the graph that was written, and the same
models as reading every stored quad."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Article, Entity, Evidence, Extraction, Relation
from graph.rdf_decode import snapshot_from_quads
from tests.sample_graph import merge, sample_extractions


def restated_extraction() -> Extraction:
    """A fourth article restating a known fact with another post, an attribute of our own and a mention
    (its sentence has quotes, a backslash and a tab, which the bulk reads must give back as they were)."""
    article = Article(id="a-restated", url="https://example.org/4", title="Назначение", outlet="Пример",
                      published=date(2024, 5, 20), text='Владимир Мазур, глава региона, посетил "Микран" \\ цех\t№ 2.')
    governor = Entity(type="Official", name="Владимир Мазур", aliases=["В. Мазур"],
                      mentions=[Evidence(article_id=article.id, sentence=article.text, start=0, end=14,
                                         published=article.published, confidence=0.8)])
    body = Entity(type="RegionalBody", name="Администрация Томской области", attributes={"region": "Томская область"})
    office = Relation(type="OFFICIAL_OF", source=governor.id, target=body.id,
                      attributes={"post": "глава региона", "source note": "из интервью"},
                      evidence=[Evidence(article_id=article.id, sentence=article.text, start=0, end=46,
                                         extractor="rules", confidence=0.7, published=article.published)],
                      confidence=0.7)
    return Extraction(article=article, entities=[governor, body], relations=[office])


@pytest.fixture(params=["embedded", "sparql"])
def filled(request, tmp_path):
    if request.param == "embedded":
        from graph.stores.embedded import EmbeddedRdfStore

        store = EmbeddedRdfStore(tmp_path / "store")
    else:
        store = request.getfixturevalue("sparql_store")
    extractions = [*sample_extractions(), restated_extraction()]
    store.write(extractions)
    yield store, extractions
    store.close()


def test_snapshot_equals_reading_every_quad(filled) -> None:
    store, _ = filled
    fast = store.snapshot()
    assert fast.relations and fast.entities and any(e.mentions for e in fast.entities)
    assert fast == snapshot_from_quads(store.quads())


def test_snapshot_is_the_graph_written(filled) -> None:
    store, extractions = filled
    snapshot = store.snapshot()
    written = merge(extractions)
    assert [a.id for a in snapshot.articles] == sorted(x.article.id for x in extractions)
    articles = {a.id: a for a in snapshot.articles}
    for article in (x.article for x in extractions):
        stored = articles[article.id]
        assert (stored.url, stored.title, stored.outlet, stored.published) == (article.url, article.title, article.outlet, article.published)

    assert [e.id for e in snapshot.entities] == [e.id for e in written.entities]
    for stored, expected in zip(snapshot.entities, written.entities):
        assert (stored.name, stored.type) == (expected.name, expected.type)
        assert set(stored.aliases) == set(expected.aliases)
        assert sorted(m.model_dump_json() for m in stored.mentions) == sorted(m.model_dump_json() for m in expected.mentions)
    body = next(e for e in snapshot.entities if e.name == "Администрация Томской области")
    assert body.attributes == {"region": "Томская область"}

    assert [r.id for r in snapshot.relations] == [r.id for r in written.relations]
    for stored, expected in zip(snapshot.relations, written.relations):
        assert (stored.type, stored.source, stored.target) == (expected.type, expected.source, expected.target)
        assert sorted(e.model_dump_json() for e in stored.evidence) == sorted(e.model_dump_json() for e in expected.evidence)
        assert stored.confidence == max(r.confidence for x in extractions for r in x.relations if r.id == stored.id)
    office = next(r for r in snapshot.relations if r.type.value == "OFFICIAL_OF")
    # Stated once as "губернатор", once as "глава региона": a tie goes to the smaller value, whatever the scan order.
    assert office.attributes == {"post": "глава региона", "source note": "из интервью"}
    assert [e.published for e in office.evidence] == sorted(e.published for e in office.evidence)
