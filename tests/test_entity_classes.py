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
    ("Студенты колледжа НИЯУ МИФИ прошли практику на заводе.", "колледж НИЯУ МИФИ", "НИЯУ МИФИ"),
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


# regions that sign an agreement stand for their governments; a region that only says where or whose does not
REGION_PARTIES = [
    ("Тульская и Рязанская области, а также Ассоциация производителей станков подписали соглашение о сотрудничестве.",
     ["Правительство Тульской области", "Правительство Рязанской области"]),
    ("Холдинг «Вега» заключил соглашения с Курской и Тульской областями.",
     ["Правительство Курской области", "Правительство Тульской области"]),
]


@pytest.mark.parametrize(("text", "bodies"), REGION_PARTIES)
def test_regions_that_sign_are_their_governments(extractor, text, bodies):
    extraction = run(extractor, text)
    for body in bodies:
        found = find(extraction, body)
        assert found is not None and found.type.value == "RegionalBody", extraction.entities


@pytest.mark.parametrize("text", [
    "Заводы Тульской области подписали соглашение с холдингом «Вега».",
    "Соглашение с холдингом «Вега» подписано в Тульской области.",
])
def test_a_region_that_says_where_is_no_party(extractor, text):
    assert find(run(extractor, text), "Правительство Тульской области") is None


def test_a_capitalised_head_with_its_remit_is_a_name(extractor):
    text = "Соглашение подписали холдинг «Вега», а также Ассоциация производителей станков и инструмента."
    found = find(run(extractor, text), "Ассоциация производителей станков и инструмента")
    assert found is not None and found.type.value == "Organization"


# national projects and state programmes are named by their quoted titles, whoever's they are
PROGRAMMES = [
    ("Лаборатории открыты в рамках нацпроекта «Экология».", "Экология"),
    ("Курсы созданы по госпрограмме Российской Федерации «Развитие здравоохранения».", "Развитие здравоохранения"),
    ("Центр работает в рамках федерального проекта «Кадры» государственной программы «Наука».", "Кадры"),
]


@pytest.mark.parametrize(("text", "title"), PROGRAMMES)
def test_programmes_are_projects_named_by_their_title(extractor, text, title):
    extraction = run(extractor, text)
    found = find(extraction, title)
    assert found is not None and found.type.value == "Project", extraction.entities
    assert not [e for e in extraction.entities if e.name.startswith("Российская Федерация")]
    assert not [e for e in extraction.entities if "государственной программы" in e.name]


def test_coordinated_building_actions_are_one_project(extractor):
    text = "Фонд выдал заём на проектирование и строительство испытательного центра."
    assert find(run(extractor, text), "проектирование и строительство испытательного центра") is not None


# a cluster named only by its sector is the story's cluster; a kind word alone names none
def test_a_cluster_named_by_its_sector(extractor):
    extraction = run(extractor, "В Курской области создан электротехнический кластер.")
    found = find(extraction, "электротехнический кластер")
    assert found is not None and found.type.value == "Cluster"
    assert not [e for e in run(extractor, "В области создан промышленный кластер.").entities
                if e.type.value == "Cluster"]


def test_a_sector_named_cluster_after_the_named_one_is_no_second_cluster(extractor):
    text = "Кластер «Курские моторы» растёт. В электротехнический кластер вошли три завода."
    clusters = [e for e in run(extractor, text).entities if e.type.value == "Cluster"]
    assert len(clusters) == 1, clusters


def test_adjectives_joined_by_and_share_the_cluster(extractor):
    found = find(run(extractor, "Город создаст фармацевтический и медицинский кластер."),
                 "фармацевтический и медицинский кластер")
    assert found is not None and found.type.value == "Cluster"


def test_a_newspaper_is_no_entity(extractor):
    assert find(run(extractor, "Статью о заводе «Вега» напечатала Городская газета."), "Городская газета") is None


# mention boundaries and forms: initials after "им.", hyphenated place adjectives, a remit listed with commas
BOUNDARIES = [
    ("Заказ получил филиал ФГУП «НПЦ им. А.Б.Петрова», сообщили в пресс-службе.", "НПЦ им. А.Б. Петрова"),
    ("Договор подписан с Усть-Лабинским сахарным заводом.", "Усть-Лабинский сахарный завод"),
    ("Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга провёл совещание.",
     "Комитет по промышленной политике, инновациям и торговле Санкт-Петербурга"),
    ("Постановление Правительства РФ соответствующего содержания опубликовано.", "Правительство РФ"),
]


@pytest.mark.parametrize(("text", "name"), BOUNDARIES)
def test_name_boundaries(extractor, text, name):
    extraction = run(extractor, text)
    assert find(extraction, name) is not None, extraction.entities


def test_whom_a_committee_gets_is_no_part_of_its_name(extractor):
    text = "Губернатор представил коллективу комитета по экономике, инвестициям и торговле нового руководителя."
    assert not [e for e in run(extractor, text).entities if "руководителя" in e.name]


# capitalised adjectives joined by "и" before a plural head name one body each
def test_adjectives_sharing_a_plural_head_are_bodies_each(extractor):
    extraction = run(extractor, "Заказы получили Балтийский и Адмиралтейский заводы.")
    assert find(extraction, "Балтийский завод") is not None and find(extraction, "Адмиралтейский завод") is not None
    assert not run(extractor, "Промышленные и научные организации региона подписали соглашение.").entities


JUNK = [
    ('Министр отметил, что кластер "напрашивается" в связи с ростом заказов.', "напрашивается"),
    ("В кластер вошли производители мебели и IT-компании.", "IT-компании"),
    ("Технопарк будет работать с институтами сибирских отделений РАН.", "Сибирское отделение РАН"),
    ("Биофармкластер «Полюс» (Московская область) подписал соглашение с заводом «Вега».",
     "Правительство Московской области"),
]


@pytest.mark.parametrize(("text", "junk"), JUNK)
def test_words_that_name_nothing_here(extractor, text, junk):
    assert find(run(extractor, text), junk) is None


def test_a_shared_lower_case_adjective_goes_to_each_body(extractor):
    extraction = run(extractor, "До конца года Курский и Орловский насосные заводы войдут в кластер.")
    assert find(extraction, "Курский насосный завод") is not None
    assert find(extraction, "Орловский насосный завод") is not None


def test_listed_quoted_project_titles_are_projects(extractor):
    text = ("Отбор прошли два проекта: «Выпуск насосов для северных месторождений нефти и газа в Сибири» "
            "(инициатор проекта ООО «Альфа»), и «Создание линии сборки малых тракторов».")
    extraction = run(extractor, text)
    for title in ("Выпуск насосов для северных месторождений нефти и газа в Сибири", "Создание линии сборки малых тракторов"):
        found = find(extraction, title)
        assert found is not None and found.type.value == "Project", extraction.entities


# a federal body's name followed by another country is that country's body, not Russia's from the gazetteer
FOREIGN_BODIES = [
    ("Об этом сообщили в МВД Украины, не уточнив подробностей.", "МВД Украины", "МВД России"),
    ("МИД Франции вызвал посла для объяснений.", "МИД Франции", "МИД России"),
]


@pytest.mark.parametrize(("text", "name", "russian"), FOREIGN_BODIES)
def test_a_foreign_countrys_body_is_not_the_russian_one(extractor, text, name, russian):
    extraction = run(extractor, text)
    assert find(extraction, name) is not None
    assert find(extraction, russian) is None


def test_a_russian_body_keeps_its_gazetteer_name(extractor):
    assert find(run(extractor, "Сотрудники МЧС России прибыли на место пожара."), "МЧС России").type.value == "FederalBody"


# a quoted phrase in lower case with a verb or a negation is what someone said, not a name
QUOTED_SPEECH = [
    ("Министр сказал, что правительство «не будет принимать поспешных решений».", "не будет принимать поспешных решений"),
    ("По словам депутата, Государственная дума «выполнила все обещания избирателям».", "выполнила все обещания"),
]


@pytest.mark.parametrize(("text", "junk"), QUOTED_SPEECH)
def test_quoted_speech_after_a_body_is_no_name(extractor, text, junk):
    assert all(junk not in n for n in _names(run(extractor, text))), _names(run(extractor, text))


@pytest.fixture(scope="module")
def nerel_extractor(extractor):
    from loaders.extraction import Extractor

    return Extractor(extractor.models, extractor.lexicon, profile="nerel")


# NEREL names another state's body with the state: "сборная Испании", "Департамент … МВД Украины"
FOREIGN_NAMED = [
    ("Игроки сборной Испании вышли в финал турнира.", "сборная Испании"),
    ("Посольство Франции закрыто на выходные.", "Посольство Франции"),
    ("Начальник управления связей МВД Украины Олег Гринь дал интервью.", "управление связей МВД Украины"),
]


@pytest.mark.parametrize(("text", "name"), FOREIGN_NAMED)
def test_another_states_name_belongs_to_its_body(nerel_extractor, text, name):
    assert fold_name(name) in _names(run(nerel_extractor, text))


def test_wiki_italics_read_as_quotes(extractor):
    names = _names(run(extractor, "Суд отказал в аресте руководителя ''Северсталь-Инвест'' Ивана Котова."))
    assert fold_name("Северсталь-Инвест") in names and not any("''" in n for n in names), names


# J1, class (a): an Official holds a post (ANNOTATION.md); a person the text gives no sign of holding one is no entity
POSTLESS = [
    ("Казимир Малевич. Чёрный квадрат. 1915\n\nВ Перми открылся кластер креативных индустрий.", "Казимир Малевич"),
    ("На выставке в Перми показали картины Василия Сурикова.", "Василий Суриков"),  # an artist
    ("Глава концерна «Альфа» Пётр Орлов и совладелец завода «Бета» Илья Жуков открыли цех.", "Илья Жуков"),
    ("Брыкач выступил на форуме в Казани.", "Брыкач"),  # a lone surname
    ("Совладелец компании «Вектор-Плюс» Игорь Семёнов и основатель компании «Альфа-Строй» Павел Гусев открыли завод.",
     "Павел Гусев"),  # owners and founders hold no post
]


@pytest.mark.parametrize(("text", "person"), POSTLESS)
def test_a_person_with_no_post_is_no_official(extractor, text, person):
    assert find(run(extractor, text), person) is None


def test_a_listed_name_sharing_a_plural_post_is_kept(extractor):
    text = "Соглашение подписали главы районов «Северный» и «Южный» Олег Панов и Нина Крылова."
    extraction = run(extractor, text)
    assert find(extraction, "Олег Панов") is not None and find(extraction, "Нина Крылова") is not None


# J1, class (c): an organisation's organ named only by its kind, and a unit of a well-known body, are no entities
UNNAMED_ORGANS = [
    ("Попечительский совет рекомендовал утвердить смету технопарка.", "Попечительский совет"),
    ("Итоги конкурса подвели на заседании Совета по инновациям.", "Совет по инновациям"),
    ("Общее собрание компании одобрило сделку с заводом «Редуктор».", "Общее собрание компании"),
    ("Заявку поддержал начальник управления Фонда развития промышленности Олег Зуев.",
     "Управление Фонда развития промышленности"),
]


@pytest.mark.parametrize(("text", "organ"), UNNAMED_ORGANS)
def test_an_unnamed_organ_is_no_entity(extractor, text, organ):
    assert find(run(extractor, text), organ) is None


def test_a_named_council_is_kept(extractor):
    assert find(run(extractor, "Совет Федерации одобрил закон о технопарках."), "Совет Федерации") is not None
    assert find(run(extractor, "Заявку поддержал начальник управления Фонда развития промышленности Олег Зуев."),
                "Фонд развития промышленности") is not None


# J1, class (b): an activity of a facility the text calls by its kind alone is no undertaking of its own
BARE_FACILITY_PROJECTS = [
    ("Постановлением утверждён центр «Геном». Инициатором проекта по функционированию центра назначен университет.",
     "проект по функционированию центра"),
    ("В Томске открыт центр «Квант». Минпром выделил средства на проект по развитию центра.", "проект по развитию центра"),
    ("В Томске открыт технопарк «Квант». Оператором проекта по созданию технопарка стала компания «Север».",
     "проект по созданию технопарка"),
]


@pytest.mark.parametrize(("text", "junk"), BARE_FACILITY_PROJECTS)
def test_an_activity_of_an_unnamed_facility_is_no_project(extractor, text, junk):
    extraction = run(extractor, text)
    assert find(extraction, junk) is None
    assert find(extraction, "Квант" if "Квант" in text else "Геном") is not None


# J1, class (d): a bare kind of body («Кластер» opening a quote) names nothing (ANNOTATION.md)
def test_a_bare_kind_of_body_is_no_entity(extractor):
    extraction = run(extractor, "«Кластер даст заводу новые заказы», — заявил министр экономики Бурятии Иван Петров.")
    assert find(extraction, "Кластер") is None
    assert find(extraction, "Иван Петров") is not None


# J1, class (a) names: a first name that can only be a nominative keeps its surname as written
def test_a_nominative_first_name_keeps_the_surname_as_written(extractor):
    extraction = run(extractor, "Соглашение подписали губернатор Игорь Руденя и ректор ТвГУ Иван Петров.")
    assert find(extraction, "Игорь Руденя") is not None and find(extraction, "Игорь Рудень") is None


# J1, class (d): an outlet that "wrote" the earlier news is its source, no party (ANNOTATION.md, furniture)
def test_an_outlet_that_wrote_is_no_entity(extractor):
    extraction = run(extractor, "Ранее «Вестник Прикамья» писал, что завод «Редуктор» откроет новый цех.")
    assert find(extraction, "Вестник Прикамья") is None
    assert find(extraction, "Редуктор") is not None
