"""Name look-up as a person types, and joining an article's entities to the stored ones."""

from __future__ import annotations

import pytest

from graph.lookup import AmbiguousName, UnknownName, find_entities, pick_entity
from graph.model import Article, Entity, EntityName, EntityType, Extraction, Relation, RelationType, entity_id
from graph.name_choice import best_name
from graph.names import NameKnowledge, abbreviation_of
from graph.resolve import NameIndex, resolve_entities


def entry(name: str, type_: str, *aliases: str) -> EntityName:
    return EntityName(id=entity_id(name), name=name, type=type_, aliases=list(aliases))


NAMES = [
    entry("ТУСУР", "University", "Томский государственный университет систем управления и радиоэлектроники"),
    entry("ТПУ", "University", "Томский политехнический университет"),
    entry("Микран", "Company", "АО «НПФ «Микран»"),
    entry("Промышленный кластер электроники и беспилотных технологий", "Cluster"),
    entry("Антон Алиханов", "Official"),
    entry("Андрей Алиханов", "Official"),
    entry("Василий Потёмкин", "Official"),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ТУСУРа", ["ТУСУР"]),
        ("тусур", ["ТУСУР"]),
        ("Томского государственного университета систем управления и радиоэлектроники", ["ТУСУР"]),
        ("Микрана", ["Микран"]),
        ("АО Микран", ["Микран"]),
        ("НПФ «Микран»", ["Микран"]),
        ("кластера электроники", ["Промышленный кластер электроники и беспилотных технологий"]),
        ("Антона Алиханова", ["Антон Алиханов"]),
        ("Потемкина", ["Василий Потёмкин"]),
        ("Алиханова", ["Андрей Алиханов", "Антон Алиханов"]),
        ("Газпром", []),
    ],
)
def test_find_entities_as_typed(typed, expected) -> None:
    assert [e.name for e in find_entities(typed, NAMES)] == expected


def test_pick_entity_unknown_ambiguous_and_typed() -> None:
    with pytest.raises(UnknownName):
        pick_entity("Газпром", NAMES)
    with pytest.raises(AmbiguousName) as caught:
        pick_entity("Алиханов", NAMES)
    assert len(caught.value.candidates) == 2
    assert pick_entity("кластер", NAMES, ("Cluster", "Project")).type == "Cluster"


def test_abbreviations() -> None:
    assert abbreviation_of("ТУСУР", "Томский государственный университет систем управления и радиоэлектроники")
    assert abbreviation_of("ТПУ", "Томский политехнический университет")
    assert not abbreviation_of("ТГУ", "Томский политехнический университет")
    # Only generic adjectives may be left out: «технический» gives МГТУ its Т.
    assert not abbreviation_of("МГУ", "Магнитогорский государственный технический университет")
    assert abbreviation_of("МГТУ", "Магнитогорский государственный технический университет")


def test_resolve_joins_stored_entities_and_rewrites_relations() -> None:
    index = NameIndex([*NAMES, entry("Иван Петров", "Official"), entry("Пётр Петров", "Official")])
    new = [
        Entity(type=EntityType.UNIVERSITY, name="Томский государственный университет систем управления и радиоэлектроники"),
        Entity(type=EntityType.COMPANY, name="НПФ «Микран»"),
        Entity(type=EntityType.OFFICIAL, name="А. Алиханов"),  # Антон and Андрей both fit the initial: not merged
        Entity(type=EntityType.OFFICIAL, name="Василий Потёмкин"),
        Entity(type=EntityType.OFFICIAL, name="Петров"),  # two stored Петровы: a new node
        Entity(type=EntityType.OFFICIAL, name="Сергей Алиханов"),  # a third person with that surname
        Entity(type=EntityType.UNIVERSITY, name="ТПУ"),
    ]
    relations = [
        Relation(type=RelationType.OFFICIAL_OF, source=new[3].id, target=new[0].id, attributes={"post": "ректор"}),
        Relation(type=RelationType.COOPERATES_WITH, source=new[1].id, target=new[6].id),
    ]
    resolved = resolve_entities(Extraction(article=Article(id="a", text="…"), entities=new, relations=relations), index)
    by_name = {e.name: e for e in resolved.entities}
    assert by_name["ТУСУР"].id == entity_id("ТУСУР")
    assert "Томский государственный университет систем управления и радиоэлектроники" in by_name["ТУСУР"].aliases
    assert by_name["Микран"].id == entity_id("Микран")
    assert "А. Алиханов" in by_name  # ambiguous initial: not merged
    assert "Петров" in by_name and "Сергей Алиханов" in by_name
    assert by_name["ТПУ"].id == entity_id("ТПУ")
    ends = {(r.type, r.source, r.target) for r in resolved.relations}
    assert (RelationType.OFFICIAL_OF, entity_id("Василий Потёмкин"), entity_id("ТУСУР")) in ends
    # the index learned the article: the next article joins «Сергей Алиханов» to this one
    again = resolve_entities(
        Extraction(article=Article(id="b", text="…"), entities=[Entity(type=EntityType.OFFICIAL, name="С. Алиханов")]),
        index,
    )
    assert again.entities[0].id == entity_id("Сергей Алиханов")


def test_surname_with_a_single_stored_person_joins() -> None:
    index = NameIndex([entry("Василий Потёмкин", "Official")])
    (person,) = resolve_entities(
        Extraction(article=Article(id="a", text="…"), entities=[Entity(type=EntityType.OFFICIAL, name="Потёмкин")]), index
    ).entities
    assert person.id == entity_id("Василий Потёмкин") and "Потёмкин" in person.aliases


def cluster(name: str, article: str = "a") -> Entity:
    return Entity(type=EntityType.CLUSTER, name=name)


def extraction_of(*entities: Entity) -> Extraction:
    return Extraction(article=Article(id="x", text="."), entities=list(entities), relations=[])


@pytest.mark.parametrize(
    "stored, new",
    [
        ("промышленный кластер электроники и беспилотных технологий", "кластер электроники и беспилотных технологий"),
        ("промышленный кластер электроники и беспилотных технологий", "томский кластер электроники и беспилотных технологий"),
        ("кластер электроники и беспилотных технологий Томской области", "томский инновационный кластер электроники и беспилотных технологий"),
    ],
)
def test_cluster_names_differing_by_generic_modifiers_or_region_join(stored, new):
    index = NameIndex([entry(stored, "Cluster")])
    resolved = resolve_entities(extraction_of(cluster(new)), index)
    assert [e.id for e in resolved.entities] == [entity_id(stored)]
    assert new in resolved.entities[0].aliases


@pytest.mark.parametrize(
    "stored, new",
    [
        ("промышленный кластер электроники и беспилотных технологий", "промышленный кластер композитных материалов"),
        ("томский кластер электроники", "новосибирский кластер электроники"),
        ("кластер электроники Томской области", "кластер электроники Новосибирской области"),
        ("промышленный кластер", "инновационный кластер"),
    ],
)
def test_different_clusters_stay_apart(stored, new):
    index = NameIndex([entry(stored, "Cluster")])
    resolved = resolve_entities(extraction_of(cluster(new)), index)
    assert [e.id for e in resolved.entities] == [entity_id(new)]


def test_one_article_joins_its_cluster_names_under_the_fullest():
    short, full = "кластер электроники и беспилотных технологий", "промышленный кластер электроники и беспилотных технологий"
    other = "томский member"  # not a cluster name: untouched
    member = Entity(type=EntityType.COMPANY, name="Микран")
    rel = Relation(type=RelationType.PARTICIPATES_IN, source=member.id, target=cluster(short).id)
    x = Extraction(article=Article(id="x", text="."), entities=[cluster(short), cluster(full), member], relations=[rel])
    resolved = resolve_entities(x, NameIndex())
    clusters = [e for e in resolved.entities if e.type is EntityType.CLUSTER]
    assert [c.name for c in clusters] == [full] and short in clusters[0].aliases, other
    assert resolved.relations[0].target == entity_id(full)


# --- issue 11: classes of names that are one node, and vetoes -------------------------------------
KNOWLEDGE = NameKnowledge.build(
    bodies=[
        ("МГУ", ["Московский государственный университет имени М. В. Ломоносова", "МГУ имени М. В. Ломоносова"]),
        ("Роснано", ["РОСНАНО", "Российская корпорация нанотехнологий"]),
    ],
    regions=[("Республика Татарстан", ["Татарстан", "РТ"]), ("Томская область", []), ("Республика Тыва", ["Тува"])],
)


def org(name: str, type_: EntityType = EntityType.UNIVERSITY, *aliases: str, **attributes: str) -> Entity:
    return Entity(type=type_, name=name, aliases=list(aliases), attributes=attributes)


def resolve_one(index: NameIndex, entity: Entity) -> Entity:
    (resolved,) = resolve_entities(extraction_of(entity), index).entities
    return resolved


@pytest.mark.parametrize(
    ("stored", "stored_type", "new", "new_type"),
    [
        ("МГУ", "University", "Московский государственный университет им. Ломоносова", EntityType.UNIVERSITY),
        ("Самарский университет им. Королева", "University", "Самарский университет", EntityType.UNIVERSITY),
        ("НИИИС", "ResearchInstitute", "НИИИС им. Ю.Е. Седакова", EntityType.RESEARCH_INSTITUTE),
        ("Министерство промышленности и торговли Татарстана", "RegionalBody",
         "Министерство промышленности и торговли Республики Татарстан", EntityType.REGIONAL_BODY),
        ("Министерство промышленности и торговли РТ", "RegionalBody",
         "Министерства промышленности и торговли Татарстана", EntityType.REGIONAL_BODY),
        ("Роснано", "Company", "Российская корпорация нанотехнологий", EntityType.COMPANY),
        ("ОЭЗ «Тольятти»", "RegionalBody", "Особая экономическая зона «Тольятти»", EntityType.REGIONAL_BODY),
        ("технопарк «Волгахим»", "Cluster", "Волгахим", EntityType.CLUSTER),
        ("ЮУрГУ", "University", "Южно-Уральский государственный университет", EntityType.UNIVERSITY),
    ],
)
def test_one_thing_under_two_names_is_one_node(stored, stored_type, new, new_type) -> None:
    index = NameIndex([entry(stored, stored_type)], KNOWLEDGE)
    assert resolve_one(index, org(new, new_type)).id == entity_id(stored)


@pytest.mark.parametrize(
    ("stored", "stored_type", "new", "new_type"),
    [
        ("МГУ", "University", "МГУ им. Н.П. Огарева", EntityType.UNIVERSITY),  # МГУ is Ломоносов's (gazetteer)
        ("Ростелеком", "Company", "Томского филиала Ростелекома", EntityType.COMPANY),  # a body and its subdivision
        ("СО РАН", "ResearchInstitute", "Институт физики СО РАН", EntityType.RESEARCH_INSTITUTE),
        ("Магнитогорский государственный технический университет", "University", "МГУ", EntityType.UNIVERSITY),
        ("Правительство Республики Тыва", "RegionalBody", "Правительство Республики Татарстан", EntityType.REGIONAL_BODY),
    ],
)
def test_different_things_stay_apart(stored, stored_type, new, new_type) -> None:
    index = NameIndex([entry(stored, stored_type)], KNOWLEDGE)
    assert resolve_one(index, org(new, new_type)).id != entity_id(stored)


def test_inn_joins_and_separates() -> None:
    stored = entry("Микран", "Company")
    index = NameIndex([stored], KNOWLEDGE, identifiers={stored.id: {"inn": "7017003740"}})
    same_number = resolve_one(index, org("НПФ Микран-Томск", EntityType.COMPANY, inn="7017003740"))
    assert same_number.id == stored.id  # another name, the same ИНН: the same company
    other_number = resolve_one(index, org("Микран", EntityType.COMPANY, inn="5406012345"))
    assert other_number.id != stored.id  # the same name, another ИНН: never the same node


def test_people_with_different_first_names_never_join() -> None:
    index = NameIndex([entry("Антон Алиханов", "Official")])
    assert resolve_one(index, Entity(type=EntityType.OFFICIAL, name="Андрей Алиханов", aliases=["Алиханов"])).id \
        != entity_id("Антон Алиханов")


def test_an_entity_of_the_same_article_wins_an_ambiguous_abbreviation() -> None:
    index = NameIndex([entry("МГУ", "University", "Московский государственный университет")], KNOWLEDGE)
    ogarev = org("МГУ им. Н.П. Огарева")
    mordovian = org("Мордовский госуниверситет")  # МГУ of both; the article's own МГУ is Огарёв's
    resolved = resolve_entities(extraction_of(ogarev, mordovian), index).entities
    assert len(resolved) == 1 and resolved[0].id == ogarev.id


@pytest.mark.parametrize(
    ("forms", "type_", "best"),
    [
        (["Томский государственный университет систем управления и радиоэлектроники", "ТУСУР"], "University", "ТУСУР"),
        (["Московский государственный университет имени М. В. Ломоносова", "МГУ"], "University", "МГУ"),  # gazetteer
        (["томский кластер электроники и беспилотных технологий", "кластер электроники и беспилотных технологий"],
         "Cluster", "Томский кластер электроники и беспилотных технологий"),
        (["Сигнала", "Сигнал"], "Company", "Сигнал"),
        (["компания «Интергео»", "Интергео"], "Company", "Интергео"),
        (["Правительство Тувы", "Правительство Республики Тыва"], "RegionalBody", "Правительство Республики Тыва"),
        (["М. Решетников", "Максим Решетников"], "Official", "Максим Решетников"),
        (["Особая экономическая зона «Тольятти»", "ОЭЗ «Тольятти»"], "RegionalBody", "ОЭЗ «Тольятти»"),
    ],
)
def test_best_name_by_rule_not_by_arrival(forms, type_, best) -> None:
    assert best_name(forms, type_, KNOWLEDGE, current=forms[0]) == best
    assert best_name(list(reversed(forms)), type_, KNOWLEDGE, current=forms[-1]) == best


def test_resolved_entity_carries_the_best_name_and_keeps_the_id() -> None:
    index = NameIndex([entry("Томский государственный университет систем управления и радиоэлектроники", "University")])
    resolved = resolve_one(index, org("ТУСУР"))
    assert resolved.id == entity_id("Томский государственный университет систем управления и радиоэлектроники")
    assert resolved.name == "ТУСУР"
    assert resolved.aliases == ["Томский государственный университет систем управления и радиоэлектроники"]


@pytest.mark.parametrize(
    ("abbreviation", "name", "expected"),
    [
        ("ЧелГУ", "Челябинский государственный университет", True),
        ("НИИИС", "Научно-исследовательский институт измерительных систем им. Ю.Е. Седакова", True),
        ("ИОА СО РАН", "Институт оптики атмосферы СО РАН", True),
        ("СФМ-Фарм", "Совет Федерации", False),  # not an acronym: a capitalised word after the hyphen
        ("РТ", "Республика Татарстан", True),
    ],
)
def test_the_one_abbreviation_matcher(abbreviation, name, expected) -> None:
    assert abbreviation_of(abbreviation, name) is expected


def test_a_region_adjective_in_front_is_the_region_behind() -> None:
    knowledge = NameKnowledge.build(regions=[("Нижегородская область", [])])
    stored = entry("Министерство промышленности, торговли и предпринимательства Нижегородской области", "RegionalBody")
    index = NameIndex([stored], knowledge)
    new = org("Нижегородское министерство промышленности, торговли и предпринимательства", EntityType.REGIONAL_BODY)
    assert resolve_one(index, new).id == stored.id


# --- candidate duplicates for an analyst ----------------------------------------------------------
def test_dupes_lists_likely_pairs_with_reasons_and_leaves_different_things_out() -> None:
    from graph.dupes import find_dupes
    from graph.model import GraphSnapshot

    same_inn_a = Entity(type=EntityType.COMPANY, name="Томский завод электроприводов", attributes={"inn": "7017000001"})
    same_inn_b = Entity(type=EntityType.COMPANY, name="ТЗЭП", attributes={"inn": "7017000001"})
    expansion = Entity(type=EntityType.UNIVERSITY, name="Алтайский государственный технический университет")
    abbreviation = Entity(type=EntityType.UNIVERSITY, name="АлтГТУ им. И.И. Ползунова")
    anton = Entity(type=EntityType.OFFICIAL, name="Антон Алиханов")
    andrey = Entity(type=EntityType.OFFICIAL, name="Андрей Алиханов")
    tomsk = Entity(type=EntityType.REGIONAL_BODY, name="Министерство промышленности Томской области")
    novosibirsk = Entity(type=EntityType.REGIONAL_BODY, name="Министерство промышленности Новосибирской области")
    partner = Entity(type=EntityType.COMPANY, name="Микран")
    snapshot = GraphSnapshot(
        entities=[same_inn_a, same_inn_b, expansion, abbreviation, anton, andrey, tomsk, novosibirsk, partner],
        relations=[Relation(type=RelationType.COOPERATES_WITH, source=partner.id, target=expansion.id),
                   Relation(type=RelationType.COOPERATES_WITH, source=partner.id, target=abbreviation.id)],
    )
    knowledge = NameKnowledge.build(regions=[("Томская область", []), ("Новосибирская область", [])])
    pairs = {frozenset((p.a_name, p.b_name)): p for p in find_dupes(snapshot, knowledge=knowledge)}
    inn = pairs[frozenset(("Томский завод электроприводов", "ТЗЭП"))]
    assert any("ИНН" in reason for reason in inn.reasons)
    university = pairs[frozenset((expansion.name, abbreviation.name))]
    assert any("abbreviation" in r for r in university.reasons) and any("shared neighbour" in r for r in university.reasons)
    assert frozenset((anton.name, andrey.name)) not in pairs  # different first names: never one person
    regions = pairs.get(frozenset((tomsk.name, novosibirsk.name)))
    assert regions is None or any("different regions" in a for a in regions.against)


def test_dupes_command_prints_json(tmp_path) -> None:
    import json
    from pathlib import Path

    from typer.testing import CliRunner

    from clusterkg.cli import app

    examples = Path(__file__).parents[1] / "examples"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(examples), "--store", str(tmp_path)]).exit_code == 0
    result = runner.invoke(app, ["dupes", "--store", str(tmp_path), "--json", "--top", "5"])
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)
    assert isinstance(pairs, list) and len(pairs) <= 5
    assert all({"a_id", "b_id", "reasons", "against", "score"} <= set(p) for p in pairs)


def test_a_shared_generic_alias_never_joins_two_regions_bodies() -> None:
    knowledge = NameKnowledge.build(regions=[("Нижегородская область", []), ("Новосибирская область", [])])
    stored = entry("Правительство Нижегородской области", "RegionalBody", "Правительство региона")
    index = NameIndex([stored], knowledge)
    new = org("Правительство Новосибирской области", EntityType.REGIONAL_BODY, "Правительство региона")
    assert resolve_one(index, new).id != stored.id


def test_a_person_never_lands_on_an_organisation_written_alike() -> None:
    index = NameIndex([entry("АЛЕКСЕЙ КОКОРИН", "Company")])
    person = resolve_one(index, Entity(type=EntityType.OFFICIAL, name="Алексей Кокорин"))
    assert person.id != entity_id("АЛЕКСЕЙ КОКОРИН")


# --- issue 11 round 2: the name classes found on the 93 shared articles (eval --graph, 17:25 UTC) ---------
@pytest.fixture(scope="module")
def knowledge() -> NameKnowledge:
    from clusterkg.ingest import name_knowledge

    return name_knowledge()  # the real gazetteer and regions


@pytest.mark.parametrize(
    ("forms", "type_", "best"),
    [  # one case per class: the wrong choice first
        (["АВО", "Администрация Владимирской области"], "RegionalBody", "Администрация Владимирской области"),
        (["Инновационный территориальный промышленный кластер «Композитный Кластер Санкт-Петербурга»",
          "Композитный Кластер Санкт-Петербурга"], "Cluster", "Композитный Кластер Санкт-Петербурга"),
        (["проект создания и развития регионального технопарка", "Создание и развитие регионального технопарка"],
         "Project", "Создание и развитие регионального технопарка"),
        (["Карпухин А. И.", "А. И. Карпухин"], "Official", "А. И. Карпухин"),
        (["АЛЕКСЕЙ КОКОРИН", "Алексей Кокорин"], "Official", "Алексей Кокорин"),
        (["Республики Башкортостан", "Нефтехимический территориальный кластер Республики Башкортостан"], "Cluster",
         "Нефтехимический территориальный кластер Республики Башкортостан"),
        (["Правительство области", "Правительство Воронежской области"], "RegionalBody",
         "Правительство Воронежской области"),
        (["Нижегородское министерство промышленности, торговли и предпринимательства",
          "Министерство промышленности, торговли и предпринимательства Нижегородской области"], "RegionalBody",
         "Министерство промышленности, торговли и предпринимательства Нижегородской области"),
        (["федеральная программа «Приоритет-2030»", "Приоритет-2030"], "Project", "Приоритет-2030"),
        (["Южно-Уральский федеральный научный центр минералогии и геоэкологии (ЮУ ФНЦ МиГ)", "ЮУ ФНЦ МиГ"],
         "ResearchInstitute", "ЮУ ФНЦ МиГ"),
        (["кластер фармацевтической промышленности в Ярославской области", "кластер фармацевтической промышленности"],
         "Cluster", "кластер фармацевтической промышленности"),
        (["ПИШ", "Передовые инженерные школы"], "Project", "Передовые инженерные школы"),
        (["Челябинский госуниверситет", "Челябинский государственный университет"], "University",
         "Челябинский государственный университет"),
        (["АVA Group", "AVA Group"], "Company", "AVA Group"),  # a Cyrillic А in a Latin name
        (["Praxair Inc", "Praxair"], "Company", "Praxair"),  # a foreign legal form after the name
        (["масштабный промпарк «Энем»", "промпарк «Энем»"], "Project", "промпарк «Энем»"),  # praise, not name
        (["Российская Федерация «Развитие образования»", "Развитие образования"], "Organization",
         "Развитие образования"),
        (["Совет научно-образовательных центров мирового уровня", "Совет научно-образовательных центров"],
         "Cluster", "Совет научно-образовательных центров мирового уровня"),  # the grade of the centres, kept
        (["ТУСУР", "Томский государственный университет систем управления и радиоэлектроники"], "University", "ТУСУР"),
    ],
)
def test_best_name_classes(forms, type_, best, knowledge) -> None:
    assert best_name(forms, type_, knowledge, current=forms[0]) == best
    assert best_name(list(reversed(forms)), type_, knowledge, current=forms[-1]) == best


@pytest.mark.parametrize(
    ("label", "type_", "region", "canonical"),
    [
        ("Правительство Кузбасса", "RegionalBody", None, "Правительство Кемеровской области"),
        ("Министерство промышленной политики Кубани", "RegionalBody", None,
         "Министерство промышленной политики Краснодарского края"),
        ("Министерство образования и науки РТ", "RegionalBody", None,
         "Министерство образования и науки Республики Татарстан"),
        ("Правительство области", "RegionalBody", "Воронежская область", "Правительство Воронежской области"),
        ("Департамент промышленности, транспорта, связи и инноваций", "RegionalBody", "Воронежская область",
         "Департамент промышленности, транспорта, связи и инноваций Воронежской области"),
        ("Министерство экономразвития и промышленности Белгородской области", "RegionalBody", None,
         "Министерство экономического развития и промышленности Белгородской области"),
        ("Карпухин А. И.", "Official", None, "А. И. Карпухин"),
        ("проект карбонового полигона", "Project", None, "карбоновый полигон"),
        ("Проект Западно-Сибирского инновационного центра нефти и газа", "Project", None,
         "Западно-Сибирский инновационный центр нефти и газа"),
        ("региональный технопарк радиоэлектронной промышленности", "Cluster", None,
         "технопарк радиоэлектронной промышленности"),
        ("федеральный технополис «Передовые цифровые и производственные технологии»", "Cluster", None,
         "технополис «Передовые цифровые и производственные технологии»"),
        ("кластер в Челябинской области по производству беспилотных авиационных систем", "Cluster", None,
         "кластер по производству беспилотных авиационных систем"),
        ("Особая экономическая зона «Новочебоксарск»", "RegionalBody", None, "ОЭЗ «Новочебоксарск»"),
        ("Министерство промышленности и торговли", "FederalBody", None, "Минпромторг России"),
        ("Евразийский НОЦ мирового уровня", "Cluster", None, "Евразийский НОЦ"),
        ("Город Хабаровск", "Company", None, "Администрация города Хабаровска"),  # a city as a party
    ],
)
def test_canonical_forms_derived_by_rule_become_the_name(label, type_, region, canonical, knowledge) -> None:
    from graph.name_forms import derived_forms

    forms = derived_forms(label, type_, knowledge, region)
    assert canonical in forms
    assert best_name([label, *forms], type_, knowledge, current=label) == canonical


@pytest.mark.parametrize("label", ["Администрация города", "Томский кластер электроники", "Микран"])
def test_names_without_a_class_give_no_forms(label, knowledge) -> None:
    from graph.name_forms import derived_forms

    region = "Красноярский край" if label.startswith("Администрация") else None
    assert derived_forms(label, "RegionalBody" if region else "Company", knowledge, region) == []


def test_a_generic_body_is_the_article_s_one_named_body_of_that_kind(knowledge) -> None:
    named = org("Администрация Железногорска", EntityType.REGIONAL_BODY)
    generic = org("Администрация города", EntityType.REGIONAL_BODY)
    company = org("Микран", EntityType.COMPANY)
    relation = Relation(type=RelationType.COOPERATES_WITH, source=company.id, target=generic.id)
    extraction = Extraction(article=Article(id="a", url="https://example.org/a", title="t", text="t"),
                            entities=[named, generic, company], relations=[relation])
    resolved = resolve_entities(extraction, NameIndex([], knowledge))
    assert sorted(e.name for e in resolved.entities) == ["Администрация Железногорска", "Микран"]
    (body,) = [e for e in resolved.entities if e.type is EntityType.REGIONAL_BODY]
    assert "Администрация города" not in body.aliases  # never a key another article's «город» could land on
    assert {resolved.relations[0].source, resolved.relations[0].target} == {body.id, company.id}


def test_a_region_body_naming_no_place_takes_the_region_the_article_s_names_say(knowledge) -> None:
    cluster_ = org("Курганский территориально-отраслевой комплекс «Новые технологии арматуростроения»",
                   EntityType.CLUSTER)
    department = org("Департамент промышленности, транспорта, связи и энергетики", EntityType.REGIONAL_BODY)
    resolved = resolve_entities(extraction_of(cluster_, department), NameIndex([], knowledge)).entities
    assert "Департамент промышленности, транспорта, связи и энергетики Курганской области" in {e.name for e in resolved}


def test_a_region_body_naming_no_place_takes_the_article_s_region(knowledge) -> None:
    government = org("Правительство Воронежской области", EntityType.REGIONAL_BODY, region="Воронежская область")
    department = org("Департамент промышленности, транспорта, связи и инноваций", EntityType.REGIONAL_BODY)
    resolved = resolve_entities(extraction_of(government, department), NameIndex([], knowledge)).entities
    assert "Департамент промышленности, транспорта, связи и инноваций Воронежской области" in {e.name for e in resolved}
