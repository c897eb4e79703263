"""The contract every store passes: the embedded Oxigraph store, a SPARQL endpoint and a Bolt server.

Each store's test module subclasses ``StoreContract`` (or ``SparqlStoreContract`` for a store that
speaks SPARQL) and provides a ``store`` fixture: an empty, writable store. A new back-end joins the
same way, so every back-end answers the same questions alike.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph import questions
from graph.lookup import find_entities
from graph.merge import PINNED_NAME
from graph.model import (
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Relation,
    RelationType,
    entity_id,
)
from graph.stores.base import GraphStore, StoreError

HOSTILE_NAMES = [
    'ООО «Рога и копыта"} ; DROP ALL ; #',
    "Лаборатория <script>alert('x')</script>",
    "НИИ \\ обратной косой черты \\",
    "Фонд MATCH (n) DETACH DELETE n //",
    "Центр ' OR 1=1 -- {}",
    "Союз\nс переводом строки",
]
STORED_HOSTILE = [" ".join(n.split()) for n in HOSTILE_NAMES]  # the model collapses whitespace in names

D1, D2, D3 = date(2023, 3, 14), date(2024, 6, 1), date(2025, 1, 20)


# --- a small corpus built by hand ------------------------------------------------------------------
def ev(article: str, sentence: str, published: date | None) -> Evidence:
    return Evidence(article_id=article, sentence=sentence, start=0, end=len(sentence), published=published)


CLUSTER = Entity(type=EntityType.CLUSTER, name="Промышленный кластер электроники и беспилотных технологий")
MIKRAN = Entity(type=EntityType.COMPANY, name="Микран", aliases=["АО «НПФ «Микран»"], attributes={"legal_form": "АО"})
TUSUR = Entity(
    type=EntityType.UNIVERSITY,
    name="ТУСУР",
    aliases=["Томский государственный университет систем управления и радиоэлектроники"],
)
RECTOR = Entity(type=EntityType.OFFICIAL, name="Виктор Рулевский")
LEMZ = Entity(type=EntityType.COMPANY, name="ЛЭМЗ-Т")
PROJECT = Entity(type=EntityType.PROJECT, name="Производство беспилотного минитрактора")


def corpus() -> list[Extraction]:
    a1 = Article(id="a-one", url="https://example.org/1", title="Кластер «создан»", outlet="Тестовые новости",
                 published=D1, text="…")
    a2 = Article(id="a-two", url="https://example.org/2?x=\"y\"", title=None, outlet=None, published=D2, text="…")
    a3 = Article(id="a-three", url=None, title="Без даты {}", published=None, text="…")
    hostile = [Entity(type=EntityType.ORGANIZATION, name=n, aliases=[n + " (алиас)"]) for n in HOSTILE_NAMES]

    def member(entity: Entity, article: str, when: date | None, sentence: str) -> Relation:
        return Relation(type=RelationType.PARTICIPATES_IN, source=entity.id, target=CLUSTER.id,
                        evidence=[ev(article, sentence, when)])

    first = Extraction(
        article=a1,
        entities=[CLUSTER, MIKRAN, TUSUR, RECTOR, *hostile[:3]],
        relations=[
            member(MIKRAN, "a-one", D1, "Микран вошёл в кластер."),
            member(TUSUR, "a-one", D1, "ТУСУР стал участником."),
            Relation(type=RelationType.OFFICIAL_OF, source=RECTOR.id, target=TUSUR.id, attributes={"post": "ректор"},
                     evidence=[ev("a-one", "Ректор ТУСУРа Виктор Рулевский.", D1)]),
            *(member(h, "a-one", D1, f"{h.name} — участник \"кластера\" {{}}.") for h in hostile[:3]),
        ],
    )
    second = Extraction(
        article=a2,
        entities=[
            CLUSTER,
            Entity(type=EntityType.ORGANIZATION, name="Микран", aliases=["НПФ «Микран»", "Микран-М"]),
            LEMZ,
            PROJECT,
            *hostile[3:],
        ],
        relations=[
            member(MIKRAN, "a-two", D2, "Микран снова в кластере."),
            member(LEMZ, "a-two", D2, "ЛЭМЗ-Т присоединился."),
            Relation(type=RelationType.PART_OF, source=PROJECT.id, target=CLUSTER.id,
                     evidence=[ev("a-two", "Проект реализуется в кластере.", D2)]),
            Relation(type=RelationType.COOPERATES_WITH, source=MIKRAN.id, target=LEMZ.id,
                     evidence=[ev("a-two", "Микран и ЛЭМЗ-Т подписали соглашение.", D2)]),
            *(member(h, "a-two", D2, h.name) for h in hostile[3:]),
        ],
    )
    third = Extraction(
        article=a3,
        entities=[LEMZ, MIKRAN.model_copy(update={"aliases": ["Микран"]}), CLUSTER],
        relations=[
            Relation(type=RelationType.COOPERATES_WITH, source=LEMZ.id, target=MIKRAN.id,
                     evidence=[ev("a-three", "ЛЭМЗ-Т и Микран продолжают сотрудничество.", None)]),
            member(LEMZ, "a-three", None, "ЛЭМЗ-Т в кластере."),
        ],
    )
    return [first, second, third]


EXPECTED_ENTITIES = 6 + len(HOSTILE_NAMES)
EXPECTED_RELATIONS = 2 + 1 + 1 + 1 + 1 + len(HOSTILE_NAMES)  # members, OFFICIAL_OF, LEMZ member, PART_OF, COOPERATES


# --- evidence that ties on its date ------------------------------------------------------------------
GOVERNOR = Entity(type=EntityType.OFFICIAL, name="Владимир Мазур")
SENTENCE = "Кластер создан по поручению губернатора Владимира Мазура."
SAME_DAY_EVIDENCE = [
    Evidence(article_id="a-day", sentence=SENTENCE, start=0, end=40, extractor="rules", published=D2),
    Evidence(article_id="a-day", sentence=SENTENCE, start=0, end=20, extractor="rules", published=D2),
    Evidence(article_id="a-day", sentence=SENTENCE, start=0, end=20, extractor="model", confidence=0.5, published=D2),
    Evidence(article_id="a-early", sentence=SENTENCE, start=5, end=9, published=D1),
    Evidence(article_id="a-undated", sentence=SENTENCE, start=0, end=9, published=None),
]


def same_day_corpus() -> list[Extraction]:
    """One INSTRUCTED_BY fact whose evidence ties on its date, written from three articles in an
    order that is not the sorted one (within an article too)."""
    out = []
    for article_id, published in (("a-day", D2), ("a-undated", None), ("a-early", D1)):
        evidence = [e for e in SAME_DAY_EVIDENCE if e.article_id == article_id]
        mention = Evidence(article_id=article_id, sentence=SENTENCE, start=0, end=7, published=published)
        out.append(Extraction(
            article=Article(id=article_id, published=published, text=SENTENCE),
            entities=[CLUSTER.model_copy(update={"mentions": [mention]}), GOVERNOR],
            relations=[Relation(type=RelationType.INSTRUCTED_BY, source=CLUSTER.id, target=GOVERNOR.id, evidence=evidence)],
        ))
    return out


def one_entity_article(article_id: str, entity: Entity) -> Extraction:
    return Extraction(article=Article(id=article_id, published=D3, text="…"), entities=[entity])


# --- the contract ----------------------------------------------------------------------------------
class StoreContract:
    """What every store promises; a subclass provides the ``store`` fixture (an empty, writable store)."""

    @pytest.fixture
    def filled(self, store: GraphStore) -> GraphStore:
        report = store.write(corpus())
        assert report.written == ["a-one", "a-two", "a-three"]
        return store

    def test_stats_count_what_was_written(self, filled: GraphStore) -> None:
        stats = filled.stats()
        assert stats.articles == 3
        assert stats.entities == EXPECTED_ENTITIES
        assert stats.relations == EXPECTED_RELATIONS
        assert stats.entities_by_type == {
            "Cluster": 1, "Company": 2, "Official": 1, "Organization": len(HOSTILE_NAMES), "Project": 1, "University": 1,
        }
        assert stats.relations_by_type == {
            "COOPERATES_WITH": 1, "OFFICIAL_OF": 1, "PART_OF": 1, "PARTICIPATES_IN": 3 + len(HOSTILE_NAMES),
        }

    def test_rewriting_changes_no_count(self, filled: GraphStore) -> None:
        before = filled.stats()
        report = filled.write(corpus())
        assert report.written == []
        assert report.skipped_existing == ["a-one", "a-two", "a-three"]
        assert filled.stats() == before
        assert filled.has_article("a-two")
        assert not filled.has_article("a-missing")

    def test_members_with_first_and_last_seen(self, filled: GraphStore) -> None:
        members = {m.name: m for m in filled.members(CLUSTER.id)}
        assert set(members) == {"Микран", "ТУСУР", "ЛЭМЗ-Т", "Производство беспилотного минитрактора", *STORED_HOSTILE}
        mikran = members["Микран"]
        assert (mikran.type, mikran.first_seen, mikran.last_seen, mikran.articles) == (EntityType.COMPANY, D1, D2, 2)
        lemz = members["ЛЭМЗ-Т"]
        assert (lemz.first_seen, lemz.last_seen, lemz.articles) == (D2, D2, 2)  # the undated article counts

    def test_members_as_of_a_date(self, filled: GraphStore) -> None:
        members = {m.name: m for m in filled.members(CLUSTER.id, as_of=date(2023, 12, 31))}
        assert set(members) == {"Микран", "ТУСУР", *STORED_HOSTILE[:3]}
        assert members["Микран"].last_seen == D1 and members["Микран"].articles == 1
        assert filled.members(CLUSTER.id, as_of=date(2000, 1, 1)) == []

    def test_entity_merges_articles_and_keeps_evidence(self, filled: GraphStore) -> None:
        view = filled.entity(MIKRAN.id)
        assert view is not None
        assert view.name == "Микран" and view.type is EntityType.COMPANY  # 2 of 3 articles say Company
        assert "АО «НПФ «Микран»" in view.aliases and "Микран-М" in view.aliases
        assert view.attributes == {"legal_form": "АО"}
        assert view.articles == ["a-one", "a-three", "a-two"]
        by_type = {r.type: r for r in view.relations}
        member = by_type[RelationType.PARTICIPATES_IN]
        assert member.target_name == CLUSTER.name
        assert [e.sentence for e in member.evidence] == ["Микран вошёл в кластер.", "Микран снова в кластере."]
        assert (member.first_seen, member.last_seen) == (D1, D2)
        partner = by_type[RelationType.COOPERATES_WITH]
        assert {partner.source_name, partner.target_name} == {"Микран", "ЛЭМЗ-Т"}
        assert len(partner.evidence) == 2  # both directions are one symmetric relation

    def test_entity_post_and_unknown_id(self, filled: GraphStore) -> None:
        view = filled.entity(RECTOR.id)
        assert view is not None and view.type is EntityType.OFFICIAL
        (relation,) = view.relations
        assert relation.attributes.get("post") == "ректор" and relation.target_name == "ТУСУР"
        assert relation.evidence[0].article_id == "a-one" and relation.evidence[0].published == D1
        assert filled.entity("e-nothing-like-this") is None
        assert filled.entity('"} ; DROP ALL') is None

    def test_hostile_names_are_stored_verbatim(self, filled: GraphStore) -> None:
        names = filled.entity_names()
        stored = {n.name for n in names}
        for expected in STORED_HOSTILE:
            assert expected in stored
            (found,) = find_entities(expected, names)
            view = filled.entity(found.id)
            assert view is not None and view.name == expected
            assert expected + " (алиас)" in view.aliases
        assert filled.stats().entities == EXPECTED_ENTITIES

    def test_entity_names_carry_aliases_and_types(self, filled: GraphStore) -> None:
        names = {n.id: n for n in filled.entity_names()}
        assert names[TUSUR.id].type == "University"
        assert names[TUSUR.id].aliases == ["Томский государственный университет систем управления и радиоэлектроники"]
        assert names[entity_id("Микран")].name == "Микран"

    def test_snapshot_round_trip(self, filled: GraphStore) -> None:
        snapshot = filled.snapshot()
        assert sorted(a.id for a in snapshot.articles) == ["a-one", "a-three", "a-two"]
        assert len(snapshot.entities) == EXPECTED_ENTITIES
        assert len(snapshot.relations) == EXPECTED_RELATIONS
        articles = {a.id: a for a in snapshot.articles}
        assert articles["a-one"].published == D1 and articles["a-one"].title == "Кластер «создан»"
        assert articles["a-two"].url == 'https://example.org/2?x="y"'
        relations = {r.id: r for r in snapshot.relations}
        written = {r.id: r for x in corpus() for r in x.relations}
        assert set(relations) == set(written)
        evidence_total = sum(len(r.evidence) for r in snapshot.relations)
        assert evidence_total == sum(len(r.evidence) for x in corpus() for r in x.relations)
        for relation in snapshot.relations:
            assert relation.source in {e.id for e in snapshot.entities}
            assert relation.target in {e.id for e in snapshot.entities}

    def test_write_report_counts(self, store: GraphStore) -> None:
        first, *_ = corpus()
        report = store.write([first])
        assert report.written == ["a-one"] and report.relations == len(first.relations)
        assert store.write([first]).skipped_existing == ["a-one"]

    # --- one evidence order ---------------------------------------------------------------------
    def test_evidence_comes_in_one_order_whatever_the_write_order(self, store: GraphStore) -> None:
        """Evidence of one day, one article, one start and one sentence differs only in its end and
        extractor: every store and every question must still give it in ``Evidence.sort_key`` order
        (the stores once broke such ties three different ways)."""
        store.write(same_day_corpus())
        expected = sorted(SAME_DAY_EVIDENCE, key=Evidence.sort_key)
        assert expected[-1].published is None  # undated evidence comes last
        view = store.entity(GOVERNOR.id)
        (relation,) = view.relations
        assert relation.evidence == expected
        assert (relation.first_seen, relation.last_seen) == (D1, D2)
        (stored,) = store.snapshot().relations
        assert stored.evidence == expected
        (instruction,) = questions.instructions(store)
        assert instruction.evidence == expected
        (hub,) = [e for e in store.snapshot().entities if e.id == CLUSTER.id]
        assert hub.mentions == sorted(hub.mentions, key=Evidence.sort_key) and len(hub.mentions) == 3

    # --- names: the incoming resolved name wins unless the stored one is pinned ------------------
    def test_a_new_name_renames_and_keeps_the_old_one_as_an_alias(self, store: GraphStore) -> None:
        store.write([one_entity_article("a-old", Entity(type=EntityType.UNIVERSITY, name="Томский политех"))])
        node = entity_id("Томский политех")
        renamed = Entity(id=node, type=EntityType.UNIVERSITY, name="Томский политехнический университет",
                         aliases=["ТПУ"])
        store.write([one_entity_article("a-new", renamed)])
        view = store.entity(node)
        assert view is not None and view.id == node
        assert view.name == "Томский политехнический университет"
        assert sorted(view.aliases) == sorted(["Томский политех", "ТПУ"])
        (listed,) = [n for n in store.entity_names() if n.id == node]
        assert listed.name == view.name and sorted(listed.aliases) == sorted(["Томский политех", "ТПУ"])
        assert store.stats().entities == 1

    def test_a_pinned_name_stays_until_a_pinned_one_comes(self, store: GraphStore) -> None:
        pinned = Entity(type=EntityType.COMPANY, name="Микран", attributes={PINNED_NAME: "true"})
        store.write([one_entity_article("a-pin", pinned)])
        other = Entity(id=pinned.id, type=EntityType.COMPANY, name="НПФ Микран")
        store.write([one_entity_article("a-other", other)])
        view = store.entity(pinned.id)
        assert view.name == "Микран" and view.aliases == ["НПФ Микран"]
        repinned = Entity(id=pinned.id, type=EntityType.COMPANY, name="АО НПФ «Микран» Томск",
                          attributes={PINNED_NAME: "true"})
        store.write([one_entity_article("a-repin", repinned)])
        view = store.entity(pinned.id)
        assert view.name == "АО НПФ «Микран» Томск"
        assert sorted(view.aliases) == ["Микран", "НПФ Микран"]

    def test_a_relation_attribute_goes_by_article_vote(self, store: GraphStore) -> None:
        """A post stated differently by several articles: the most frequent value, ties to the smallest,
        whatever the order of writing (every store by ``graph.merge.agreed_value``)."""
        body = Entity(type=EntityType.REGIONAL_BODY, name="Администрация Томской области")

        def stated(article_id: str, post: str) -> Extraction:
            relation = Relation(type=RelationType.OFFICIAL_OF, source=GOVERNOR.id, target=body.id, attributes={"post": post},
                                evidence=[ev(article_id, f"{post} Владимир Мазур", D1)])
            return Extraction(article=Article(id=article_id, published=D1, text="…"), entities=[GOVERNOR, body],
                              relations=[relation])

        store.write([stated("a-1", "глава региона"), stated("a-2", "губернатор")])
        (tied,) = store.entity(GOVERNOR.id).relations
        assert tied.attributes == {"post": "глава региона"}  # one each: the smaller value
        store.write([stated("a-3", "губернатор")])
        (voted,) = store.entity(GOVERNOR.id).relations
        assert voted.attributes == {"post": "губернатор"}  # two against one
        (stored,) = store.snapshot().relations
        assert stored.attributes == {"post": "губернатор"}

    # --- the one write path -------------------------------------------------------------------------
    def test_every_write_passes_the_prepare_hook(self, store: GraphStore) -> None:
        """``write`` hands the extractions to ``_prepare`` (where corrections apply) before the back-end."""
        seen: list[str] = []

        def prepare(extractions):
            for extraction in extractions:
                seen.append(extraction.article.id)
                yield extraction.model_copy(update={"relations": []})

        store._prepare = prepare
        report = store.write(corpus())
        assert seen == ["a-one", "a-two", "a-three"] and report.relations == 0
        assert store.stats().relations == 0 and store.stats().articles == 3


class SparqlStoreContract(StoreContract):
    """What a store that speaks SPARQL adds: plain Python values back, hostile text intact."""

    def test_query_returns_plain_values(self, filled: GraphStore) -> None:
        rows = filled.query(
            "SELECT ?sentence ?date WHERE { GRAPH ?g { ?f rdf:predicate ckg:officialOf ; prov:wasDerivedFrom ?e . "
            "?e ckg:sentence ?sentence ; ckg:published ?date } }",
            "sparql",
        )
        assert rows == [{"sentence": "Ректор ТУСУРа Виктор Рулевский.", "date": D1}]
        count = filled.query("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f a ckg:Fact } }", "sparql")
        assert count == [{"n": EXPECTED_RELATIONS}]
        named = filled.query("SELECT DISTINCT ?n WHERE { GRAPH ?g { ?e schema:name ?n } }", "sparql")
        assert {r["n"] for r in named} >= set(STORED_HOSTILE)

    def test_bad_query_is_a_store_error(self, filled: GraphStore) -> None:
        with pytest.raises(StoreError):
            filled.query("SELEC nothing", "sparql")
