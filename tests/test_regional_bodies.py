"""Issues 10 and 11: regional bodies. A ministry written as a contraction («областной минздрав», «минпромторг
области») is the region's ministry, one entity with its full name in the same story; any oblast's or krai's
adjective names the story's region («брянский завод» → «Правительство области» is Брянская); «НИИ X» abbreviates
«Институт …». Sentences we wrote; the rules alone are tested."""

from __future__ import annotations

import doctest

import pytest

import graph.names
from graph.names import abbreviation_of, fold_name
from tests.test_extraction import assert_related, find, run


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)


# (text, contraction, the full name it joins)
JOINED = [
    (("Министерство промышленности и энергетики Курской области провело совещание с заводами. Областной минпромторг "
     "поможет предприятиям составить заявку."), "Областной минпромторг", "Министерство промышленности и энергетики Курской области"),
    (("Министерство здравоохранения Омской области открыло приём заявок. Как сообщил губернатор, минздрав области "
     "займётся подбором кадров."), "минздрав области", "Министерство здравоохранения Омской области"),
    (("Министерство сельского хозяйства Алтайского края подвело итоги года. Региональный минсельхоз выделит гранты "
     "фермерам."), "Региональный минсельхоз", "Министерство сельского хозяйства Алтайского края"),
]


@pytest.mark.parametrize("text,short,full", JOINED)
def test_a_contracted_regional_ministry_joins_the_one_named_in_full(extractor, text, short, full):
    extraction = run(extractor, text)
    entity = find(extraction, full)
    assert entity is not None and entity.type.value == "RegionalBody"
    assert fold_name(short) in {fold_name(a) for a in entity.aliases}
    assert len([e for e in extraction.entities if e.type.value == "RegionalBody"]) == 1


def test_a_bare_contraction_is_the_story_ministry_of_that_remit(extractor):
    text = ("Министерство промышленности и транспорта Пензенской области сменило руководителя. Новый глава минпрома "
            "Иван Петров представлен коллективу.")
    assert_related(run(extractor, text),
                   [("Иван Петров", "OFFICIAL_OF", "Министерство промышленности и транспорта Пензенской области")])


def test_a_bare_contraction_with_two_candidates_names_none(extractor):
    text = ("Министерство промышленности Пензенской области и Министерство промышленности Тамбовской области провели "
            "встречу. Глава минпрома Иван Петров выступил с докладом.")
    extraction = run(extractor, text)
    assert not [r for r in extraction.relations if r.type.value == "OFFICIAL_OF"]


def test_a_ministry_implied_by_a_post_gets_the_region_official_name(extractor):
    extraction = run(extractor, "Как рассказал министр сельского хозяйства Удмуртии Иван Петров, ферму достроят к лету.")
    ministry = find(extraction, "Министерство сельского хозяйства Удмуртской Республики")
    assert ministry is not None and ministry.type.value == "RegionalBody"


def test_two_ministries_of_one_remit_keep_the_contraction_apart(extractor):
    text = ("Министерство здравоохранения Омской области и Минздрав Новосибирской области провели совместное "
            "совещание по кадрам.")
    extraction = run(extractor, text)
    short = find(extraction, "Минздрав Новосибирской области")
    assert short is not None and short.type.value == "RegionalBody"
    assert find(extraction, "Министерство здравоохранения Омской области") is not short


@pytest.mark.parametrize("text,name", [
    ("Областной минздрав объявил набор в ординатуру.", "Областной минздрав"),
    ("Минздрав области объявил набор в ординатуру.", "Минздрав области"),
    ("Краевой минстрой утвердил проект дороги.", "Краевой минстрой"),
])
def test_a_region_mark_makes_a_contracted_ministry_regional(extractor, text, name):
    entity = find(run(extractor, text), name)
    assert entity is not None and entity.type.value == "RegionalBody"


def test_a_federal_ministry_before_in_the_field_of_stays_federal(extractor):
    extraction = run(extractor, "Минпромторг России в области станкостроения выделил субсидии заводам.")
    assert {e.type.value for e in extraction.entities} == {"FederalBody"}


def test_an_oblast_adjective_names_the_story_region(extractor):
    text = ("Брянский станкостроительный завод «Кварта» расширяет цех. Правительство области под председательством "
            "губернатора Ивана Петрова одобрило соглашение с заводом.")
    assert_related(run(extractor, text), [("Иван Петров", "OFFICIAL_OF", "Правительство Брянской области")])


@pytest.mark.parametrize("text,government", [
    ("В Саратове открылся завод электродвигателей. Ленту перерезал губернатор Иван Петров.",
     "Правительство Саратовской области"),
    ("В Улан-Удэ заработал авиаремонтный цех. Открытие посетил глава республики Иван Петров.",
     "Правительство Республики Бурятия"),
])
def test_a_story_set_in_a_regional_centre_is_set_in_its_region(extractor, text, government):
    assert_related(run(extractor, text), [("Иван Петров", "OFFICIAL_OF", government)])


@pytest.mark.parametrize("short,name,expected", [
    ("НИИ ОММ", "Институт охраны материнства и младенчества", True),
    ("НИИЯФ", "Институт ядерной физики", True),
    ("НИИ ОММ", "Научно-исследовательский институт охраны материнства и младенчества", True),
    ("НИИ ОММ", "Институт охраны матерей", False),
    ("НИИ ЯФ", "Центр ядерной физики", False),
])
def test_nii_abbreviates_an_institute_named_without_its_first_words(short, name, expected):
    assert abbreviation_of(short, name) is expected


def test_the_name_docstring_examples_run():
    failed, tried = doctest.testmod(graph.names)
    assert tried >= 9 and failed == 0
