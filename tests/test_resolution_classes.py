"""Issue 11, round 3: name and join classes found on the 93 shared articles (eval --graph), each on names
written for the test."""

from __future__ import annotations

import pytest

from graph.model import Article, Entity, EntityType, Extraction
from graph.name_choice import best_name
from graph.name_forms import derived_forms
from graph.names import NameKnowledge
from graph.resolve import NameIndex, resolve_entities


@pytest.fixture(scope="module")
def knowledge() -> NameKnowledge:
    from clusterkg.ingest import name_knowledge

    return name_knowledge()  # the real gazetteer and regions


def article(text: str, *entities: Entity) -> Extraction:
    return Extraction(article=Article(id=text[:8], url=f"https://example.org/{len(text)}", title=None, text=text),
                      entities=list(entities))


@pytest.mark.parametrize(
    ("label", "own"),
    [
        ("совместный проект по выпуску и обслуживанию гусеничных вездеходов", "выпуск и обслуживание гусеничных вездеходов"),
        ("инвестиционный проект по строительству глиноземного комбината", "строительство глиноземного комбината"),
        ("проект по комплексному развитию речного порта", "комплексное развитие речного порта"),
    ],
)
def test_a_project_said_with_po_is_named_by_what_it_does(label, own, knowledge) -> None:
    assert own in derived_forms(label, "Project", knowledge)
    assert best_name([label, *derived_forms(label, "Project", knowledge)], "Project", knowledge, current=label) == own


@pytest.mark.parametrize("label", ["Индивидуальная программа развития моногорода", "сам проект биотехнопарка",
                                   "национальный проект по развитию"])
def test_a_named_programme_a_pronoun_or_a_bare_noun_is_not_cut(label, knowledge) -> None:
    assert derived_forms(label, "Project", knowledge) == []


def test_a_cluster_whose_name_says_no_region_is_where_its_article_is(knowledge) -> None:
    index = NameIndex([], knowledge)
    irkutsk = Entity(type=EntityType.CLUSTER, name="Станкостроительный кластер Иркутской области")
    (stored,) = resolve_entities(article("В Иркутской области создан кластер.", irkutsk), index).entities
    chuvash = Entity(type=EntityType.CLUSTER, name="станкостроительный кластер")
    (other,) = resolve_entities(article("В Чувашии создадут станкостроительный кластер.", chuvash), index).entities
    assert other.id != stored.id  # another region's cluster of the same description
    again = Entity(type=EntityType.CLUSTER, name="станкостроительный кластер")
    (same,) = resolve_entities(article("В Иркутской области кластер набирает участников.", again), index).entities
    assert same.id == stored.id


def test_an_interregional_cluster_joins_across_its_regions(knowledge) -> None:
    index = NameIndex([], knowledge)
    first = Entity(type=EntityType.CLUSTER, name="Межрегиональный кластер судовых двигателей")
    (stored,) = resolve_entities(article("В Чувашии представили кластер.", first), index).entities
    second = Entity(type=EntityType.CLUSTER, name="кластер судовых двигателей")
    (same,) = resolve_entities(article("В Иркутской области к кластеру присоединились заводы.", second), index).entities
    assert same.id == stored.id


def test_a_region_named_with_a_spaced_dash_is_left_whole(knowledge) -> None:
    assert derived_forms("Министерство экономики Республики Северная Осетия — Алания", "RegionalBody", knowledge) == []
    assert derived_forms("Министерство экономики Северной Осетии", "RegionalBody", knowledge) == [
        "Министерство экономики Республики Северная Осетия — Алания"]


def test_dupes_ranks_down_pairs_with_different_own_names_or_places() -> None:
    from graph.dupes import find_dupes
    from graph.model import GraphSnapshot, Relation, RelationType

    partner = Entity(type=EntityType.COMPANY, name="Сибприбор")
    names = [("Бийский приборостроительный завод", "Торезский приборостроительный завод"),  # two towns' plants
             ("МГТУ «Радуга»", "МГТУ им. Н. Э. Королёва"),  # two own names under one abbreviation
             ("Омский завод гидравлики", "Омский завод гидравлики и пневматики")]  # one plant, two spellings
    entities = [Entity(type=EntityType.COMPANY if "завод" in n else EntityType.UNIVERSITY, name=n)
                for pair in names for n in pair]
    relations = [Relation(type=RelationType.COOPERATES_WITH, source=partner.id, target=e.id) for e in entities]
    pairs = {frozenset((p.a_name, p.b_name)): p for p in find_dupes(GraphSnapshot(entities=[partner, *entities],
                                                                                  relations=relations))}
    for different in names[:2]:
        pair = pairs.get(frozenset(different))
        assert pair is None or any("different own words" in a for a in pair.against)
    assert not pairs[frozenset(names[2])].against
