"""What every Extraction must hold, whatever the article: each entity has a mention to show for it (a body only
a post implies shows the post's words), each mention is a piece of its sentence, each relation links two
entities of the extraction and has evidence. Stores and exports rely on it (a mention-less entity cannot be
reproduced from a snapshot)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Article, Extraction
from graph.names import fold_name

pytestmark = pytest.mark.slow  # the extractor's models load and run over dev.jsonl (15 s)


@pytest.fixture(scope="module")
def extractors():
    """The extractor `clusterkg ingest` uses (rules + learned layer), and the rules alone on the same models."""
    from loaders.extraction import Extractor

    learned = Extractor.load()
    return {"learned": learned, "rules": Extractor(learned.models, learned.lexicon, model=None)}


@pytest.fixture(scope="module")
def dev_extractions(extractors, dev_jsonl: Path) -> dict[str, list[tuple[Article, Extraction]]]:
    from clusterkg.cli.extract_cmd import read_articles  # as `clusterkg extract` / `ingest` read JSONL

    articles = read_articles(dev_jsonl)
    return {kind: [(a, ex.extract(a)) for a in articles] for kind, ex in extractors.items()}


@pytest.mark.parametrize("kind", ["learned", "rules"])
def test_every_entity_of_every_dev_extraction_has_a_mention(dev_extractions, kind):
    bare = [(a.id, e.name) for a, x in dev_extractions[kind] for e in x.entities if not e.mentions]
    assert not bare, f"entities without a mention: {bare}"
    implied = [e for _, x in dev_extractions[kind] for e in x.entities
               if any(m.extractor.endswith(":post") for m in e.mentions)]
    assert implied, "dev has bodies only a post implies (Правительство Калужской области): the case must be exercised"


@pytest.mark.parametrize("kind", ["learned", "rules"])
def test_mentions_lie_in_their_sentence_and_relations_join_entities(dev_extractions, kind):
    from loaders.furniture import strip_furniture

    for article, x in dev_extractions[kind]:
        text = strip_furniture(article.text)  # offsets count in the text the extractor read
        for e in x.entities:
            for m in e.mentions:
                assert m.article_id == article.id
                assert 0 <= m.start < m.end and text[m.start:m.end] in m.sentence, (article.id, e.name, m)
        ids = {e.id for e in x.entities}
        for r in x.relations:
            assert r.source in ids and r.target in ids and r.evidence, (article.id, r)


def test_a_regional_government_a_post_implies_shows_the_post(extractors):
    text = "Об этом сообщил губернатор Калужской области Владислав Шапша."
    x = extractors["rules"].extract(Article(id=Article.make_id(None, text), text=text))
    body = next(e for e in x.entities if fold_name(e.name) == fold_name("Правительство Калужской области"))
    assert [text[m.start:m.end] for m in body.mentions] == ["губернатор Калужской области"]
    assert body.mentions[0].sentence == text
    person = next(e for e in x.entities if e.type.value == "Official")
    assert any(r.source == person.id and r.target == body.id for r in x.relations)
