"""Issue 10, entity classes (H10): junk spans, subdivisions, one body under two names, facilities being built,
clusters named by their region, latin legal forms. Sentences we wrote; the rules alone are tested."""

from __future__ import annotations

import pytest

from graph.names import fold_name
from tests.test_extraction import find, run


@pytest.fixture(scope="module")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)


def _names(extraction) -> set[str]:
    return {fold_name(n) for e in extraction.entities for n in [e.name, *e.aliases]}


# spans with no name in them: adjectives only, regions only, a person's name written in capitals
NO_NAME = [
    ("Премию вручили Национальным исследовательским и прикладным коллективам.", "Национальным исследовательским"),
    ("В кластер войдут предприятия Орловской, Курской и Брянской областей.", "Орловской, Курской и Брянской областей"),
    ("ПЁТР ВАСИЛЬЕВ\n\nЗавод «Искра» запустил новую линию.", "ПЁТР ВАСИЛЬЕВ"),
]


@pytest.mark.parametrize(("text", "junk"), NO_NAME)
def test_spans_without_a_name_are_no_organisations(extractor, text, junk):
    found = find(run(extractor, text), junk)
    assert found is None or found.type.value == "Official", found


def test_a_quoted_adjective_name_is_kept(extractor):
    assert find(run(extractor, "Договор подписали ООО «Строитель» и «НПО-Энергетическое»."), "НПО-Энергетическое")


# a unit named with the body it belongs to is that body's part, not an entity of its own
SUBDIVISIONS = [
    ("Управление международных связей КемГУ провело семинар для студентов.", "Управление международных связей КемГУ",
     "КемГУ"),
    ("Сотрудники Департамента цифровой экономики Минэкономразвития России приехали в Тамбов.",
     "Департамент цифровой экономики Минэкономразвития России", "Минэкономразвития России"),
    ("Механико-математический факультет провёл день открытых дверей.", "Механико-математический факультет", None),
]


@pytest.mark.parametrize(("text", "unit", "parent"), SUBDIVISIONS)
def test_subdivisions_are_not_entities(extractor, text, unit, parent):
    extraction = run(extractor, text)
    assert find(extraction, unit) is None
    if parent:
        assert find(extraction, parent) is not None


def test_an_institute_of_the_academy_of_sciences_is_kept(extractor):
    found = find(run(extractor, "В Институте катализа РАН создали новый реактор."), "Институт катализа РАН")
    assert found is not None and found.type.value == "ResearchInstitute"


# one body under two of its names in one article is one entity
ONE_BODY = [
    (("В Правительстве Бурятии обсудили проект. Соглашение подписали Правительство Республики Бурятия и "
      "ООО «Алмаз»."), "RegionalBody"),
    (("Рязанский государственный радиотехнический университет открыл лабораторию. Радиотехнический университет "
      "получил грант."), "University"),
]


@pytest.mark.parametrize(("text", "type_"), ONE_BODY)
def test_two_names_of_one_body_are_one_entity(extractor, text, type_):
    extraction = run(extractor, text)
    assert len([e for e in extraction.entities if e.type.value == type_]) == 1, extraction.entities


def test_numbered_hospitals_stay_apart(extractor):
    text = "Врачи Городской больницы № 2 и Городской детской больницы № 2 провели совместный приём."
    hospitals = [e for e in run(extractor, text).entities if "больница" in e.name.lower()]
    assert len(hospitals) == 2, hospitals


# a facility the text presents as being built or created is a Project; a region adjective names a park
PROJECTS = [
    ("Губернатор и министр обсудили создание межвузовского инженерного кампуса.", "межвузовский инженерный кампус"),
    ("Компания начала строительство завода по выпуску удобрений под Липецком.", "завод по выпуску удобрений"),
    ("Первый курский технополис откроется через два года.", "курский технополис"),
    ("Это в дополнение к тем площадкам, которые уже реализуются, – промышленному парку «Сигма» и технопарку «Бета».",
     "промышленный парк «Сигма»"),
]


@pytest.mark.parametrize(("text", "name"), PROJECTS)
def test_facilities_being_built_are_projects(extractor, text, name):
    extraction = run(extractor, text)
    projects = [e for e in extraction.entities if e.type.value == "Project"]
    want = set(extractor.morph.lemma_key(name).split())
    assert any(want <= set(extractor.morph.lemma_key(p.name).split()) for p in projects), projects


def test_a_bare_facility_noun_is_no_project(extractor):
    extraction = run(extractor, "Компания построит завод в Тольятти.")
    assert not [e for e in extraction.entities if e.type.value == "Project"]


def test_a_park_name_is_put_in_the_nominative(extractor):
    extraction = run(extractor, "Инвестор присоединился к индустриальному парку «Сигма».")
    assert find(extraction, "индустриальный парк «Сигма»") is not None
    assert fold_name("индустриальная парка «Сигма»") not in _names(extraction)


def test_a_region_named_cluster_after_the_named_one_is_no_second_cluster(extractor):
    text = ("Кластер «Липецкие станки» включён в реестр Минпромторга. Включение липецкого кластера в реестр даст "
            "льготы.")
    clusters = [e for e in run(extractor, text).entities if e.type.value == "Cluster"]
    assert len(clusters) == 1, clusters


def test_regional_president_post_gives_the_regions_government(extractor):
    extraction = run(extractor, "Президент Татарстана Рустам Минниханов открыл завод в Елабуге.")
    assert find(extraction, "Правительство Республики Татарстан") is not None


def test_latin_legal_form_after_the_name_is_dropped(extractor):
    found = find(run(extractor, "Компания Linde Inc. построит завод по выпуску газов в Тольятти."), "Linde")
    assert found is not None and found.name == "Linde"


def test_a_plant_named_by_what_it_makes_is_a_project(extractor):
    text = "Первым объектом площадки станет завод по выпуску медицинских масок ООО «Маска»."
    projects = [e for e in run(extractor, text).entities if e.type.value == "Project"]
    assert any("завод по выпуску" in p.name for p in projects), projects


def test_a_federal_ministry_named_without_its_country_is_the_federal_one(extractor):
    extraction = run(extractor, "Об этом рассказал министр здравоохранения Михаил Мурашко на совещании.")
    found = find(extraction, "Минздрав России")
    assert found is not None and found.type.value == "FederalBody"


def test_a_region_has_one_executive(extractor):
    text = ("Соглашение подписали кабинет министров республики и холдинг «Вега». Республика Адыгея готова к "
            "расширению, сообщает пресс-служба правительства региона.")
    bodies = [e for e in run(extractor, text).entities if e.type.value == "RegionalBody"]
    assert len(bodies) == 1, bodies


def test_where_an_agency_attracts_investment_is_part_of_its_name(extractor):
    text = "Об этом сообщили в Агентстве привлечения инвестиций в Калужскую область по итогам форума."
    assert find(run(extractor, text), "Агентство привлечения инвестиций в Калужскую область") is not None


BYLINES = [
    "Завод «Искра» запустил новую линию.\n\nПётр Васильев/ ТАСС\n\nЛиния выпускает датчики.",
    "Завод «Искра» запустил новую линию. Директор Иван Сидоров доволен. Пётр Васильев",
]


@pytest.mark.parametrize("text", BYLINES)
def test_photo_credits_and_signatures_are_no_people(extractor, text):
    extraction = run(extractor, text)
    assert find(extraction, "Пётр Васильев") is None


# a kind of firm followed by a place says where, not which: no entity
KIND_OF_FIRM = [
    ("ООО «Вега» — крупнейшее предприятие Приволжья.", "Приволжье"),
    ("Газ поставят на промышленные предприятия Поволжья.", "промышленное предприятие Поволжья"),
]


@pytest.mark.parametrize(("text", "junk"), KIND_OF_FIRM)
def test_a_kind_of_firm_with_a_place_is_no_name(extractor, text, junk):
    extraction = run(extractor, text)
    assert find(extraction, junk) is None, extraction.entities


def test_a_lone_named_cluster_and_its_regional_short_name_are_one(extractor):
    text = ("Создан кластер фармацевтической промышленности и инновационной медицины. В Ярославский фармкластер "
            "вошли пять компаний.")
    clusters = [e for e in run(extractor, text).entities if e.type.value == "Cluster"]
    assert len(clusters) == 1, clusters


def test_a_regional_cluster_in_a_list_of_clusters_is_kept(extractor):
    text = ("В союз вошли Биофармкластер «Северный», кластер «Фарма-Юг» и Калужский фармацевтический кластер.")
    assert find(run(extractor, text), "Калужский фармацевтический кластер") is not None


def test_an_acronym_head_with_its_field_is_a_name(extractor):
    text = "В кампусе разместятся НОЦ «Умные материалы» и НОЦ цифровой медицины, сообщил ректор."
    found = find(run(extractor, text), "НОЦ цифровой медицины")
    assert found is not None
