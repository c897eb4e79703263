"""Extraction rules as tables: phrases we wrote → the entities, types and relations they must give."""

from __future__ import annotations

import pytest

from graph.model import Article, Extraction
from graph.names import fold_name


@pytest.fixture(scope="session")
def extractor():
    from loaders.extraction import Extractor

    return Extractor.load(model=None)  # the rules alone: the learned layer has its own tests


def run(extractor, text: str) -> Extraction:
    return extractor.extract(Article(id=Article.make_id(None, text), text=text))


def find(extraction: Extraction, name: str):
    key = fold_name(name)
    for e in extraction.entities:
        if key in {fold_name(n) for n in [e.name, *e.aliases]}:
            return e
    return None


def relations(extraction: Extraction) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in extraction.entities}
    return {(names[r.source], r.type.value, names[r.target]) for r in extraction.relations}


def assert_related(extraction: Extraction, expected) -> None:
    """Each (source, relation, target) of ``expected``: both ends are entities and the relation joins them."""
    got = relations(extraction)
    for source, type_, target in expected:
        s, t = find(extraction, source), find(extraction, target)
        assert s is not None and t is not None, [e.name for e in extraction.entities]
        assert (s.name, type_, t.name) in got, got


ENTITIES = [
    ("Делегация Минпромторга России посетила новосибирский технопарк.", "Минпромторг России", "FederalBody"),
    ("Студенты Томского государственного университета систем управления и радиоэлектроники (ТУСУР) выиграли грант.",
     "ТУСУР", "University"),
    ("Новый цех открыло АО «НПЦ «Полюс» на окраине города.", "НПЦ «Полюс»", "Company"),
    ("Соглашение подписали в администрации Кемеровской области.", "администрация Кемеровской области", "RegionalBody"),
    ("Сотрудники ИОА СО РАН представили новый лидар.", "ИОА СО РАН", "ResearchInstitute"),
    ("Ассоциация кластеров и технопарков России провела форум.", "Ассоциация кластеров и технопарков России", "Organization"),
    ("Инновационный территориальный кластер «Сибирская фотоника» объединяет двадцать предприятий.",
     "Сибирская фотоника", "Cluster"),
    ("Министр промышленности и торговли РФ Антон Алиханов осмотрел производство.", "Антон Алиханов", "Official"),
    ("Эксперты обсудили проект «Умная фабрика будущего» на встрече.", "Умная фабрика будущего", "Project"),
]


@pytest.mark.parametrize(("text", "name", "type_"), ENTITIES)
def test_entity_found_and_typed(extractor, text, name, type_):
    extraction = run(extractor, text)
    entity = find(extraction, name)
    assert entity is not None, [e.name for e in extraction.entities]
    assert entity.type.value == type_


RELATIONS = [
    ("Ректор ТПУ Дмитрий Седнев выступил перед выпускниками.", ("Дмитрий Седнев", "OFFICIAL_OF", "ТПУ")),
    ("Заместитель губернатора Томской области по промышленности Игорь Шатурный открыл выставку.",
     ("Игорь Шатурный", "OFFICIAL_OF", "Администрация Томской области")),
    ("Губернатор Новосибирской области Андрей Травников осмотрел завод.",
     ("Андрей Травников", "OFFICIAL_OF", "Правительство Новосибирской области")),
    ("АО «Элекард» и ООО «Сибирские сети» подписали соглашение о сотрудничестве.",
     ("Сибирские сети", "COOPERATES_WITH", "Элекард")),
    ("Кластер «Северный радар» создан по поручению главы Минпромторга России Антона Алиханова.",
     ("Северный радар", "INSTRUCTED_BY", "Антон Алиханов")),
    ("ООО «Томские дроны» вошло в кластер «Сибирский беспилотник».",
     ("Томские дроны", "PARTICIPATES_IN", "Сибирский беспилотник")),
]


@pytest.mark.parametrize(("text", "expected"), RELATIONS)
def test_relation_found(extractor, text, expected):
    extraction = run(extractor, text)
    got = relations(extraction)
    source, type_, target = expected
    source_e, target_e = find(extraction, source), find(extraction, target)
    assert source_e is not None and target_e is not None, got
    pair = (source_e.name, type_, target_e.name)
    assert pair in got or (type_ == "COOPERATES_WITH" and (target_e.name, type_, source_e.name) in got), got


def test_every_relation_has_evidence(extractor):
    text = "Глава Минпромторга России Антон Алиханов и ректор ТУСУРа Виктор Рулевский подписали соглашение о сотрудничестве."
    extraction = run(extractor, text)
    assert extraction.relations
    for r in extraction.relations:
        assert r.evidence and r.evidence[0].sentence and 0 < r.confidence <= 1
    posts = {r.attributes.get("post") for r in extraction.relations if r.type.value == "OFFICIAL_OF"}
    assert "ректор" in posts


def test_hypothetical_gives_no_relation(extractor):
    extraction = run(extractor, "АО «Альфа» и ООО «Бета» могли бы подписать соглашение о сотрудничестве.")
    assert not [r for r in extraction.relations if r.type.value == "COOPERATES_WITH"]


def test_surname_alone_joins_full_name(extractor):
    text = "Глава Минпромторга России Антон Алиханов посетил завод. По словам Алиханова, выпуск вырос вдвое."
    extraction = run(extractor, text)
    officials = [e for e in extraction.entities if e.type.value == "Official"]
    assert [e.name for e in officials] == ["Антон Алиханов"]


def test_two_people_with_one_surname_stay_apart(extractor):
    text = ("Ректор ТГУ Иван Петров и директор ТПУ Мария Петрова обсудили обмен студентами. "
            "Петров отметил успехи первокурсников.")
    extraction = run(extractor, text)
    names = sorted(e.name for e in extraction.entities if e.type.value == "Official")
    assert names == ["Иван Петров", "Мария Петрова"]


def test_abbreviation_and_expansion_are_one_entity(extractor):
    text = ("Пермский национальный исследовательский политехнический университет (ПНИПУ) открыл лабораторию. "
            "В ПНИПУ рассказали о планах.")
    extraction = run(extractor, text)
    universities = [e for e in extraction.entities if e.type.value == "University"]
    assert len(universities) == 1


def test_canonical_names_are_nominative(extractor):
    text = "Соглашение подписали представители Южно-Уральского государственного университета и Андрея Яцкина."
    extraction = run(extractor, text)
    assert find(extraction, "Южно-Уральский государственный университет") is not None


def test_seed_page_members_without_furniture(extractor, seed_page):
    text = seed_page.read_text(encoding="utf-8")
    extraction = run(extractor, text)
    names = {e.id: e.name for e in extraction.entities}
    clusters = [e for e in extraction.entities if e.type.value == "Cluster"]
    assert clusters
    members = {fold_name(names[r.source]) for r in extraction.relations
               if r.type.value == "PARTICIPATES_IN" and r.target in {c.id for c in clusters}}
    for expected in ("Когнитив", "Микран", "ЛЭМЗ-Т", "Радар ММС", "ТУСУР"):
        key = fold_name(expected)
        assert any(key in m for m in members), (expected, members)
    everything = " | ".join(fold_name(n) for e in extraction.entities for n in [e.name, *e.aliases])
    for furniture in ("газпромбурение", "сибмедиа", "тгасу", "федеральная служба исполнения наказаний",
                      "травников", "шмырева", "национальной ленты", "амнистия души"):
        assert furniture not in everything, furniture


def names_and_relations(x: Extraction):
    names = {e.id: e.name for e in x.entities}
    return {e.name: e for e in x.entities}, {(names[r.source], r.type.value, names[r.target]) for r in x.relations}


def test_projects_shown_within_a_cluster_make_every_listed_company_a_participant(extractor):
    text = ("В Томске прошла встреча участников кластера беспилотных систем. Свои разработки в рамках кластера "
            "показали ООО «Альфа-Сенсор», АО «НПП «Вектор» и ООО «Дельта»: датчики и бортовые радары.")
    entities, relations = names_and_relations(run(extractor, text))
    cluster = next(n for n, e in entities.items() if e.type.value == "Cluster")
    for member in ("Альфа-Сенсор", "НПП «Вектор»", "Дельта"):
        assert (member, "PARTICIPATES_IN", cluster) in relations, relations


def test_describing_noun_is_not_part_of_the_name(extractor):
    text = "Компании ЛЭМЗ-Т и НПП «Радар ММС» заключили соглашение о совместной разработке лидаров."
    entities, _ = names_and_relations(run(extractor, text))
    assert "ЛЭМЗ-Т" in entities and not any(n.lower().startswith("компания") for n in entities), entities


def test_aliases_are_nominative(extractor):
    text = "АО «НПФ «Микран» подписало соглашение с ТУСУРом. В «Микране» сообщили, что примут выпускников."
    entities, _ = names_and_relations(run(extractor, text))
    micran = next(e for n, e in entities.items() if "Микран" in n)
    assert "Микране" not in micran.aliases, micran.aliases


def test_nerel_profile_counts_bodies_named_by_a_common_noun(extractor):
    from loaders.extraction import Extractor

    nerel = Extractor(extractor.models, extractor.lexicon, profile="nerel")
    text = "Правительство приняло закон, а полиция задержала троих, сообщает Интерфакс."
    nerel_names = {fold_name(e.name) for e in run(nerel, text).entities}
    ours = {fold_name(e.name) for e in run(extractor, text).entities}
    assert {"правительство", "полиция"} <= nerel_names, nerel_names
    assert not ({"правительство", "полиция", "интерфакс"} & ours), ours


def test_only_the_models_in_use_are_loaded(extractor):
    assert not hasattr(extractor.models, "syntax") and not hasattr(extractor.models, "morph_tagger")


# posts a verb assigns (loaders/extraction/predicates.py): phrase → (person, post's organisation) pairs
PREDICATE_POSTS = [
    ("Олег Карпов занимает должность директора АО «Томский приборный завод».", [("Олег Карпов", "Томский приборный завод")]),
    ("Ирина Белова занимает должность проректора ТУСУРа, а также заместителя председателя Совета Федерации.",
     [("Ирина Белова", "ТУСУР"), ("Ирина Белова", "Совет Федерации")]),
    ("Главой Росстандарта назначен Павел Зуев.", [("Павел Зуев", "Росстандарт")]),
    ("Новым руководителем ТПУ стал Семён Логинов.", [("Семён Логинов", "ТПУ")]),
    ("На заседании выступил Глеб Ушаков, который возглавляет АО «Сибирский кабель».", [("Глеб Ушаков", "Сибирский кабель")]),
    ("Губернатор назначил Анну Крылову заместителем директора ООО «Северный луч».", [("Анна Крылова", "Северный луч")]),
    ("Министр освободил Льва Гусева от должности ректора ТГАСУ.", [("Лев Гусев", "ТГАСУ")]),
    ("Прежде Нина Соколова работала консультантом в АО «Элекард».", [("Нина Соколова", "Элекард")]),
    ("Виктор Мельник переизбран на пост председателя Ассоциации кластеров и технопарков России.",
     [("Виктор Мельник", "Ассоциация кластеров и технопарков России")]),
]


def test_post_across_a_comma_takes_the_organisation_before_it(extractor):
    extraction = run(extractor, "Гордость ТУСУРа, молодой профессор Фёдор Рябов получил премию.")
    cable, person = find(extraction, "ТУСУР"), find(extraction, "Фёдор Рябов")
    assert cable is not None and person is not None, [e.name for e in extraction.entities]
    assert (person.name, "OFFICIAL_OF", cable.name) in relations(extraction)


def test_regnal_number_stays_with_the_name(extractor):
    names = {e.name for e in run(extractor, "Король Карл III открыл выставку, её посетил и папа Лев XIV.").entities}
    assert {"Карл III", "Лев XIV"} <= names, names


@pytest.mark.parametrize(("text", "expected"), PREDICATE_POSTS)
def test_post_told_by_a_verb(extractor, text, expected):
    assert_related(run(extractor, text), [(person, "OFFICIAL_OF", org) for person, org in expected])


def test_the_subject_of_an_active_appointing_verb_is_not_the_appointee(extractor):
    text = "Губернатор Роман Дятлов назначил директором ООО «Северный луч» Киру Ланину."
    got = relations(run(extractor, text))
    assert ("Кира Ланина", "OFFICIAL_OF", "Северный луч") in got, got
    assert ("Роман Дятлов", "OFFICIAL_OF", "Северный луч") not in got, got


NEREL_NAMES = [
    ("Альбом записали музыканты группы «Полярный круг».", "Полярный круг"),
    ("Сюжет о заводе показал телеканал «Сибирь-24».", "Сибирь-24"),
    ("Отставку кабинета министров приняли в пятницу.", "кабинет министров"),
    ("Об этом сообщила пресс-служба мэрии Томска.", "пресс-служба мэрии Томска"),
    ("Как сообщила пресс-служба губернатора области, встреча прошла.", "пресс-служба губернатора области"),
]


@pytest.mark.parametrize(("text", "name"), NEREL_NAMES)
def test_nerel_profile_names_organisations_as_nerel_spans_them(extractor, text, name):
    from loaders.extraction import Extractor

    nerel = Extractor(extractor.models, extractor.lexicon, profile="nerel")
    names = {fold_name(e.name) for e in run(nerel, text).entities}
    assert fold_name(name) in names, names


def test_nerel_press_office_heading_is_an_official_of_it(extractor):
    from loaders.extraction import Extractor

    nerel = Extractor(extractor.models, extractor.lexicon, profile="nerel")
    got = relations(run(nerel, "Сначала выступила Вера Лаптева, которая возглавляет пресс-службу ТУСУРа."))
    assert any(p == "Вера Лаптева" and fold_name(o).startswith(fold_name("пресс-служба")) for p, _, o in got), got


def test_management_company_is_not_the_cluster_it_manages(extractor):
    text = ("Губернатор Новгородской области и ООО «УК «Кластер лёгких сплавов» подписали соглашение между "
            "правительством Новгородской области и ООО «УК «Кластер лёгких сплавов» о создании промышленного "
            "кластера «Кластер лёгких сплавов».")
    x = run(extractor, text)
    company, cluster = find(x, "УК «Кластер лёгких сплавов»"), find(x, "Кластер лёгких сплавов")
    assert company is not None and cluster is not None
    assert company.id != cluster.id
    assert (company.type.value, cluster.type.value) == ("Company", "Cluster")


def test_the_topic_of_an_agreement_between_parties_is_not_a_party(extractor):
    text = ("Подписано соглашение между правительством Новгородской области и ООО «УК «Кластер лёгких сплавов» "
            "о создании промышленного кластера «Кластер лёгких сплавов».")
    x = run(extractor, text)
    cooperating = {(a, b) for a, t, b in relations(x) if t == "COOPERATES_WITH"}
    assert len(cooperating) == 1
    assert not any("Кластер лёгких сплавов" == side for pair in cooperating for side in pair)


@pytest.mark.parametrize(
    ("text", "name", "inn"),
    [
        ("Контракт получило ООО «Сибирские датчики» (ИНН 7017123456) из Томска.", "Сибирские датчики", "7017123456"),
        ("Поставщиком стало АО «Томский завод приборов», ИНН: 7001234567, сообщили в мэрии.", "Томский завод приборов", "7001234567"),
    ],
)
def test_tax_number_after_an_organisation_is_its_attribute(extractor, text, name, inn):
    entity = find(run(extractor, text), name)
    assert entity is not None and entity.attributes.get("inn") == inn


def test_tax_number_far_from_any_name_is_not_attached(extractor):
    x = run(extractor, "АО «Томский завод приборов» открыло цех. В реестре указан ИНН 7001234567.")
    assert all("inn" not in e.attributes for e in x.entities)
