"""Labels that name another body than the entity (owner, subdivision, managed park) are dropped before
resolution, and an article's bare own name joins the one entity that carries it in quotes (issue 11)."""

from __future__ import annotations

import pytest

from graph.model import Article, Entity, EntityType, Extraction, Relation, RelationType
from graph.name_choice import best_name
from graph.names import NameKnowledge
from graph.other_bodies import drop_other_bodies, join_bare_own_names, owned_by
from graph.resolve import NameIndex, resolve_entities


def org(name: str, type_: EntityType = EntityType.COMPANY, *aliases: str, **attributes: str) -> Entity:
    return Entity(type=type_, name=name, aliases=list(aliases), attributes=attributes)


def extraction_of(*entities: Entity, relations: list[Relation] | None = None) -> Extraction:
    return Extraction(article=Article(id="x", url="https://example.org/x", title="t", text="t"),
                      entities=list(entities), relations=relations or [])


@pytest.mark.parametrize(
    ("owner", "label", "expected"),
    [
        ("Сибирские станки", "Сборочный завод холдинга «Сибирские станки»", True),
        ("Ростех", "Консорциум опорных школ Госкорпорации «Ростех»", True),
        ("Кедровый", "Дирекция индустриального парка «Кедровый»", True),
        ("Северного индустриального парка «Кедровый»", "Администрация Северного индустриального парка «Кедровый»",
         True),  # the owner in the genitive after the head
        ("Роскосмос", "Государственная корпорация по космической деятельности «Роскосмос»", False),  # a preposition
        ("Роскосмос", "Госкорпорация «Роскосмос»", False),  # a descriptor in the nominative: the same body
        ("Сибирские станки", "холдинга «Сибирские станки»", False),  # no head: the holding itself, inflected
        ("Кедр", "Технопарк высоких технологий «Кедр»", False),  # a complement, not an organisation's noun
        ("Микран", "АО «НПФ «Микран»", False),
    ],
)
def test_a_label_owned_by_another_body(owner, label, expected) -> None:
    assert owned_by(owner, label) is expected


def test_the_owner_keeps_its_name_and_loses_what_belongs_to_it() -> None:
    holding = org("Сибирские станки", EntityType.COMPANY, "Бердский станкостроительный завод холдинга «Сибирские станки»",
                  "БСЗ", "холдинг «Сибирские станки»")
    cleaned = drop_other_bodies(holding)
    assert cleaned.aliases == ["холдинг «Сибирские станки»"]  # the plant and its abbreviation went


def test_the_owned_body_loses_its_owner_s_names() -> None:
    administration = org("Администрация «Северного индустриального парка «Кедровый»»", EntityType.REGIONAL_BODY,
                         "администрация парка «Кедровый»", "Кедровый", "Северного индустриального парка «Кедровый»")
    assert drop_other_bodies(administration).aliases == ["администрация парка «Кедровый»"]
    federal = org("Цифровые кафедры", EntityType.PROJECT, "Наука и вузы",
                  "федеральный проект «Цифровые кафедры» нацпроекта «Наука и вузы»")
    assert drop_other_bodies(federal).aliases == ["федеральный проект «Цифровые кафедры»"]


def test_a_managing_company_is_not_the_cluster_it_manages(knowledge: NameKnowledge) -> None:
    company = org("Байкальский лесной кластер", EntityType.COMPANY, "управляющая компания «Байкальский лесной кластер»")
    resolved = resolve_entities(extraction_of(company), NameIndex([], knowledge)).entities
    assert [(e.name, e.aliases) for e in resolved] == [
        ("УК «Байкальский лесной кластер»", ["управляющая компания «Байкальский лесной кластер»"])]
    assert best_name(["Агроресурс", "УК «Агроресурс»"], "Company", knowledge, current="Агроресурс") == "УК «Агроресурс»"


def test_an_article_s_bare_own_name_joins_the_one_quoted_entity_whatever_its_type() -> None:
    zone = org("ОЭЗ «Кедровая»", EntityType.REGIONAL_BODY)
    bare = org("Кедровая", EntityType.COMPANY)
    company = org("Томские трубы", EntityType.COMPANY)
    relation = Relation(type=RelationType.PARTICIPATES_IN, source=company.id, target=bare.id)
    entities, remap = join_bare_own_names([zone, bare, company])
    assert [e.name for e in entities] == ["ОЭЗ «Кедровая»", "Томские трубы"] and remap == {bare.id: zone.id}
    resolved = resolve_entities(extraction_of(zone, bare, company, relations=[relation]), NameIndex([]))
    assert resolved.relations[0].target == zone.id


@pytest.mark.parametrize(
    "bare",
    [
        org("Академпарк", EntityType.COMPANY, legal_form="АО"),  # «АО «Академпарк»»: the park's managing company
        org("Кедровая", EntityType.CLUSTER),  # not a company or organisation typed by default
    ],
)
def test_a_bare_name_with_a_legal_form_or_a_kind_stays_apart(bare: Entity) -> None:
    park = org(f"технопарк «{bare.name}»", EntityType.PROJECT)
    zone = org(f"ОЭЗ «{bare.name}»", EntityType.REGIONAL_BODY)
    entities, remap = join_bare_own_names([park, bare] if bare.type is EntityType.COMPANY else [zone, bare])
    assert remap == {} and len(entities) == 2


@pytest.fixture(scope="module")
def knowledge() -> NameKnowledge:
    from clusterkg.ingest import name_knowledge

    return name_knowledge()


def test_a_cluster_loses_another_cluster_s_bare_description() -> None:
    named = org("Сибирь-Привод", EntityType.CLUSTER, "кластер приводной техники «Сибирь-Привод»",
                "станкостроительный кластер", "кластер приводной техники")
    assert drop_other_bodies(named).aliases == ["кластер приводной техники «Сибирь-Привод»", "кластер приводной техники"]
    regional = org("промышленный кластер лазерных технологий", EntityType.CLUSTER,
                   "промышленный кластер Новосибирской области")  # its own word and its region: kept
    assert drop_other_bodies(regional).aliases == ["промышленный кластер Новосибирской области"]
