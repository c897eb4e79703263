"""Issue 10: a post whose title implies its organisation («помощник президента РФ» → Администрация Президента РФ)
implies it also when the office it names is written as a gazetteer body. Sentences we wrote; rules alone."""

from __future__ import annotations

import pytest

from tests.test_extraction import find, run


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)


@pytest.mark.parametrize("text", [
    "Форум пройдёт под руководством помощника президента РФ Ивана Петрова.",
    "Как заявил советник президента России Иван Петров, форум пройдёт осенью.",
    "Как заявил помощник президента Иван Петров, форум пройдёт осенью.",
])
def test_an_aide_to_the_president_is_an_official_of_his_administration(extractor, text):
    extraction = run(extractor, text)
    body = find(extraction, "Администрация Президента РФ")
    person = find(extraction, "Иван Петров")
    assert body is not None and person is not None
    assert [(r.source, r.target) for r in extraction.relations if r.type.value == "OFFICIAL_OF"] == [(person.id, body.id)]
