"""Issue 10: quoted names listed after a noun are of the noun's kind only when the noun counts them («три
технопарка — «А», «Б»»); after the genitive of another noun («резидентов особой экономической зоны: «А», «Б»»)
they are the residents. Sentences we wrote; the rules alone are tested."""

from __future__ import annotations

import pytest

from tests.test_extraction import find, run


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)


@pytest.mark.parametrize("text,names,type_", [
    ("В августе откроются производства нескольких резидентов особой экономической зоны: «Альфа Тех», «КРОН» и «Бетар».",
     ["Альфа Тех", "КРОН", "Бетар"], "Company"),
    ("В области работают три технопарка — «Нахимово», «Сокол» и «Ладога».", ["Нахимово", "Сокол", "Ладога"], "Cluster"),
    ("В области работают технопарки: «Нахимово», «Сокол» и «Ладога».", ["Нахимово", "Сокол", "Ладога"], "Cluster"),
])
def test_listed_names_take_the_kind_of_a_counted_noun_only(extractor, text, names, type_):
    extraction = run(extractor, text)
    for name in names:
        entity = find(extraction, name)
        assert entity is not None and entity.type.value == type_, name
