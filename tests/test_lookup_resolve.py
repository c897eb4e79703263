"""Name look-up as a person types, and joining an article's entities to the stored ones."""

from __future__ import annotations

import pytest

from graph.lookup import AmbiguousName, UnknownName, find_entities, is_abbreviation_of, pick_entity
from graph.model import Article, Entity, EntityType, Extraction, Relation, RelationType, entity_id
from graph.resolve import NameIndex, resolve_entities
from graph.model import EntityName


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
    assert is_abbreviation_of("ТУСУР", "Томский государственный университет систем управления и радиоэлектроники")
    assert is_abbreviation_of("ТПУ", "Томский политехнический университет")
    assert not is_abbreviation_of("ТГУ", "Томский политехнический университет")
    # Only generic adjectives may be left out: «технический» gives МГТУ its Т.
    assert not is_abbreviation_of("МГУ", "Магнитогорский государственный технический университет")
    assert is_abbreviation_of("МГТУ", "Магнитогорский государственный технический университет")


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
