"""Issue 10, NEREL entity classes (NE, session 3): nested bodies, outlets cited as the source, quoted titles
of works. Sentences we wrote; the NEREL profile where NEREL's convention differs from ANNOTATION.md."""

from __future__ import annotations

import pytest

from graph.names import fold_name
from tests.test_extraction import find, run


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)


@pytest.fixture(scope="module")
def nerel_extractor(extractor):
    from loaders.extraction import Extractor

    return Extractor(extractor.models, extractor.lexicon, profile="nerel")


def _entity_names(extraction) -> set[str]:
    return {fold_name(e.name) for e in extraction.entities}


# NEREL tags a body written with its state twice: the whole, and nested, the body without the place
NESTED = [
    ("Министерство обороны Норвегии опровергло сообщения о потерях.", "Министерство обороны Норвегии", "Министерство обороны"),
    ("Представитель МВД России Ирина Кольцова прокомментировала задержание.", "МВД России", "МВД"),
    ("Вчера правительство Чили объявило о новых выборах.", "правительство Чили", "правительство"),
]


@pytest.mark.parametrize(("text", "whole", "nested"), NESTED)
def test_a_body_with_its_state_is_also_a_body_without_it(nerel_extractor, extractor, text, whole, nested):
    extraction = run(nerel_extractor, text)
    assert find(extraction, whole) is not None
    assert fold_name(nested) in _entity_names(extraction), _entity_names(extraction)
    assert fold_name(nested) not in _entity_names(run(extractor, text))  # ANNOTATION.md: one entity


def test_a_team_or_embassy_stays_whole(nerel_extractor):
    names = _entity_names(run(nerel_extractor, "Сборная Норвегии прилетела в Осло, посольство Чили прислало поздравления."))
    assert fold_name("сборная") not in names and fold_name("посольство") not in names, names


# NEREL tags news outlets as organisations, also where a story names them only as its source
OUTLETS = [
    ("Завод закроется в марте, сообщает Reuters.", "Reuters"),
    ("По данным журнала Forbes, состояние банкира выросло вдвое.", "Forbes"),
    ("Сделка сорвалась, передаёт Би-би-си.", "Би-би-си"),
]


@pytest.mark.parametrize(("text", "outlet"), OUTLETS)
def test_an_outlet_cited_as_the_source_is_an_organisation_in_nerel(nerel_extractor, extractor, text, outlet):
    assert find(run(nerel_extractor, text), outlet) is not None
    assert find(run(extractor, text), outlet) is None  # ANNOTATION.md: page furniture


def test_a_person_cited_is_no_outlet(nerel_extractor):
    extraction = run(nerel_extractor, "Переговоры затянутся, сообщил Пётр Савельев.")
    assert all(e.type.value == "Official" for e in extraction.entities if "Савельев" in e.name)


# a run of quoted titles after a noun for works (books, novels, compositions, trade marks) names no organisation
WORKS = [
    ("Писатель — автор повестей: «Тихий берег», «Северный ветер» и «Дальний рейс».", ["Тихий берег", "Дальний рейс"]),
    ("Оркестр исполнил сочинения «Осенний вальс», «Рассвет» и «Полёт».", ["Осенний вальс", "Рассвет", "Полёт"]),
    ("Удобрение продаётся под торговыми марками «Зерница», «Колос» и «Нива».", ["Зерница", "Колос", "Нива"]),
]


@pytest.mark.parametrize(("text", "titles"), WORKS)
@pytest.mark.parametrize("profile", ["annotation", "nerel"])
def test_quoted_titles_of_works_are_no_organisations(extractor, nerel_extractor, profile, text, titles):
    extraction = run(nerel_extractor if profile == "nerel" else extractor, text)
    assert all(find(extraction, t) is None for t in titles), _entity_names(extraction)


def test_a_quoted_list_of_plants_is_kept(extractor):
    extraction = run(extractor, "Холдинг объединил три завода: «Альфа», «Бета» и «Гамма».")
    assert all(find(extraction, t) is not None for t in ("Альфа", "Бета", "Гамма"))


# a remit "по …" goes on over its own "с/за" complement: the name is cut nowhere inside it
REMITS = [
    ("Начальник Управления по контролю за оборотом оружия Олег Седов дал интервью.", "Управление по контролю за оборотом оружия"),
    ("Отчёт подготовил департамент по связям с общественностью мэрии Самары.", "департамент по связям с общественностью"),
]


@pytest.mark.parametrize(("text", "name"), REMITS)
def test_a_remit_keeps_its_complement(extractor, text, name):
    assert any(fold_name(n).startswith(fold_name(name)) for n in _entity_names(run(extractor, text))), \
        _entity_names(run(extractor, text))


def test_a_remit_stops_before_a_named_partner(extractor):
    extraction = run(extractor, "Комитет по сотрудничеству с компанией «Орион» провёл заседание.")
    assert find(extraction, "Орион") is not None


# NEREL names a government or an administration by its leader: the leader's name is part of the body's
LED_BODIES = [
    ("Реформы правительства Ольсена провалились.", "правительство Ольсена"),
    ("Он служил советником в администрации Джона Мэйсона.", "администрация Джона Мэйсона"),
    ("Министры кабинета Лундквиста подали в отставку.", "кабинет Лундквиста"),
]


@pytest.mark.parametrize(("text", "name"), LED_BODIES)
def test_a_body_named_by_its_leader(nerel_extractor, text, name):
    assert fold_name(name) in _entity_names(run(nerel_extractor, text)), _entity_names(run(nerel_extractor, text))


def test_the_president_is_a_post_not_a_body_in_nerel(nerel_extractor):
    extraction = run(nerel_extractor, "Вечером пресс-секретарь президента России Олег Ветров отверг обвинения.")
    assert find(extraction, "Президент РФ") is None and find(extraction, "Олег Ветров") is not None


# NEREL tags hospitals, cathedrals, cemeteries and palaces as FACILITY, never as ORGANIZATION
FACILITIES = [
    ("Раненого доставили в Центральный госпиталь Мадрида.", "Центральный госпиталь Мадрида"),
    ("Венчание прошло в Успенском соборе.", "Успенский собор"),
    ("Делегацию принял Зимний дворец.", "Зимний дворец"),
    ("Фильмы покажут в кинотеатрах «Маяк», «Рассвет» и «Победа».", "Рассвет"),
    ("Финал пройдёт на стадионе «Лужники».", "Лужники"),
]


@pytest.mark.parametrize(("text", "place"), FACILITIES)
def test_a_facility_is_no_organisation_in_nerel(nerel_extractor, text, place):
    assert find(run(nerel_extractor, text), place) is None


def test_a_hospital_stays_an_organisation_in_the_annotation_profile(extractor):
    extraction = run(extractor, "Главврач Областной клинической больницы Пётр Савельев открыл новый корпус.")
    assert find(extraction, "Областная клиническая больница") is not None


def test_a_church_as_a_body_stays_an_organisation(nerel_extractor):
    assert find(run(nerel_extractor, "Русская православная церковь осудила акцию."), "Русская православная церковь")


def test_russia_belongs_to_a_generic_body(nerel_extractor):
    assert find(run(nerel_extractor, "Игроки сборной России вышли в финал."), "сборная России") is not None


# NEREL tags a city hall or a duma named by its kind alone
@pytest.mark.parametrize(("text", "name"), [
    ("Пикетчики собрались у мэрии после обеда.", "мэрия"),
    ("Депутаты областной думы одобрили бюджет.", "областная дума"),
])
def test_a_city_hall_or_duma_by_its_kind_is_an_organisation_in_nerel(nerel_extractor, extractor, text, name):
    assert fold_name(name) in _entity_names(run(nerel_extractor, text))
    assert fold_name(name) not in _entity_names(run(extractor, text))


def test_the_leader_inside_the_body_stays_a_person(nerel_extractor):
    extraction = run(nerel_extractor, "Он работал юристом в администрации Дэвида Коллинза.")
    assert find(extraction, "администрация Дэвида Коллинза") is not None
    assert any(e.type.value == "Official" and "Коллинз" in e.name for e in extraction.entities), _entity_names(extraction)
