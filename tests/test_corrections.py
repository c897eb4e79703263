"""Corrections on every store (embedded, SPARQL endpoint, Bolt), over the gold graphs of real dev articles:
each one materialised in the stored graph, kept through re-writes, syndicated copies and new articles,
undone exactly, and shared between stores with the same resulting ``snapshot()``."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from clusterkg.ingest import retarget
from graph import correcting
from graph.corrections import CorrectionError, Op, apply_corrections, dump_corrections, load_corrections
from graph.lookup import pick_entity
from graph.merge import PINNED_NAME
from graph.model import Article, EntityType, Evidence, Extraction, Relation
from graph.resolve import NameIndex, resolve_entities
from tests.sample_graph import gold_extractions

SEED, AVIA, AVIA_AGREEMENT = 0, 15, 16  # dev.jsonl rows: the Tomsk seed page and two Ulyanovsk articles
CLUSTER = "промышленный кластер электроники и беспилотных технологий"
TUSUR_FULL = "Томский государственный университет систем управления и радиоэлектроники"
ME = "analyst"


@pytest.fixture(scope="module")
def gold(dev_articles) -> list[Extraction]:
    return gold_extractions(dev_articles)


@pytest.fixture(params=["embedded", "sparql", pytest.param("bolt", marks=pytest.mark.bolt)])
def store(request, tmp_path: Path):
    if request.param == "embedded":
        from graph.stores.embedded import EmbeddedRdfStore

        opened = EmbeddedRdfStore(tmp_path / "store")
        yield opened
        opened.close()
        return
    yield request.getfixturevalue(f"{request.param}_store")


@pytest.fixture
def reference(tmp_path: Path):
    """A second, embedded store: what every store must equal after the same corrections."""
    from graph.stores.embedded import EmbeddedRdfStore

    opened = EmbeddedRdfStore(tmp_path / "reference")
    yield opened
    opened.close()


def copy_of(extraction: Extraction, url: str) -> Extraction:
    """The same story under another URL, as ingest stores a syndicated copy (same sentences, new article)."""
    article = extraction.article.model_copy(update={"id": Article.make_id(url, ""), "url": url})
    return retarget(extraction, article)


def rewrite(store, extraction: Extraction) -> None:
    """Re-ingest an article: remove it and write the same extraction through the write path again."""
    store.remove_article(extraction.article.id)
    assert not store.has_article(extraction.article.id)
    store.write([extraction])


def make(store, correction) -> None:
    assert correcting.perform(store, correction) == "applied"


def relations_of(snapshot, entity_id: str) -> Counter:
    """(type, other end, evidence) of an entity's relations, ends seen from it."""
    out: Counter = Counter()
    for r in snapshot.relations:
        if entity_id in (r.source, r.target):
            other = r.target if r.source == entity_id else r.source
            out[(r.type.value, other, tuple((e.article_id, e.sentence, e.start) for e in r.evidence))] += 1
    return out


def entity_in(snapshot, entity_id: str):
    return next((e for e in snapshot.entities if e.id == entity_id), None)


# --- merge ------------------------------------------------------------------------------------------
def test_merge_moves_names_relations_and_evidence_and_new_mentions_land_on_the_kept_node(store, gold):
    avia, agreement = gold[AVIA], gold[AVIA_AGREEMENT]  # «Ульяновск-Авиа» and «ульяновский авиационный кластер»
    store.write([avia, agreement])
    keep, gone = pick_entity("ульяновский авиационный кластер", store), pick_entity("Ульяновск-Авиа", store)
    before = store.snapshot()
    moved = relations_of(before, gone.id)
    assert len(moved) == 9  # nine members of the cluster, read in the Ulyanovsk article

    note = 'one cluster, two names: «Ульяновск-Авиа» is its brand \\ see "aviastat"'
    make(store, correcting.new_merge(store, keep.id, gone.id, ME, note))
    assert [(c.op, c.note, c.by) for c in store.load_corrections()] == [(Op.MERGE, note, ME)]
    after = store.snapshot()
    assert store.entity(gone.id) is None and entity_in(after, gone.id) is None
    assert pick_entity("Ульяновск-Авиа", store).id == keep.id  # the merged name is now an alias
    kept = entity_in(after, keep.id)
    assert {"Ульяновск-Авиа", "кластер «Ульяновск-Авиа»"} <= set(kept.aliases)
    assert kept.name == "ульяновский авиационный кластер" and kept.type is EntityType.CLUSTER
    assert relations_of(after, keep.id) == relations_of(before, keep.id) + moved  # evidence kept whole
    mentions = entity_in(before, keep.id).mentions + entity_in(before, gone.id).mentions
    assert Counter(m.sentence for m in kept.mentions) == Counter(m.sentence for m in mentions)
    assert store.stats().entities == len(before.entities) - 1
    assert [m.id for m in store.members(keep.id)] and gone.id not in {m.id for m in store.members(keep.id)}

    rewrite(store, avia)  # the article naming the merged alias, written again
    assert store.snapshot() == after
    copy = copy_of(avia, "https://example.org/avia-copy")  # and a copy from another outlet, resolved as ingest does
    store.write([resolve_entities(copy, NameIndex.from_store(store))])
    assert store.entity(gone.id) is None
    assert copy.article.id in store.entity(keep.id).articles
    assert len(relations_of(store.snapshot(), keep.id)) == len(relations_of(after, keep.id))


# --- reject -----------------------------------------------------------------------------------------
def test_a_rejected_relation_stays_rejected_until_new_evidence(store, gold):
    seed = gold[SEED]
    store.write([seed])
    tusur, cluster = pick_entity("ТУСУР", store), pick_entity(CLUSTER, store)
    assert tusur.id in {m.id for m in store.members(cluster.id)}
    baseline = store.snapshot()
    make(store, correcting.new_reject(store, tusur.id, "PARTICIPATES_IN", cluster.id, ME, "only a wish"))
    rejected = store.snapshot()
    assert tusur.id not in {m.id for m in store.members(cluster.id)}
    assert not [r for r in store.entity(tusur.id).relations if r.type.value == "PARTICIPATES_IN"]
    assert len(rejected.relations) == len(baseline.relations) - 1

    rewrite(store, seed)  # the same article again: the same evidence
    assert store.snapshot() == rejected
    store.write([copy_of(seed, "https://example.org/seed-copy")])  # the same sentence from another URL
    assert tusur.id not in {m.id for m in store.members(cluster.id)}

    fresh = _new_evidence_article(seed, tusur.id, cluster.id)  # another article with another sentence
    store.write([fresh])
    back = [r for r in store.entity(tusur.id).relations if r.type.value == "PARTICIPATES_IN"]
    assert len(back) == 1 and [e.article_id for e in back[0].evidence] == [fresh.article.id]


def _new_evidence_article(seed: Extraction, tusur_id: str, cluster_id: str) -> Extraction:
    sentence = "ТУСУР вошёл в промышленный кластер электроники и беспилотных технологий Томской области."
    article = Article(id=Article.make_id("https://example.org/tusur-joins", sentence), url="https://example.org/tusur-joins",
                      outlet="Пример", published=date(2024, 3, 1), text=sentence)  # fmt: skip
    evidence = Evidence(
        article_id=article.id, sentence=sentence, start=0, end=len(sentence), published=article.published
    )
    entities = [e.model_copy(update={"mentions": [evidence]}) for e in seed.entities if e.id in (tusur_id, cluster_id)]
    relation = Relation(type="PARTICIPATES_IN", source=tusur_id, target=cluster_id, evidence=[evidence])
    return Extraction(article=article, entities=entities, relations=[relation])


# --- rename and retype --------------------------------------------------------------------------------
def _mistyped_seed(seed: Extraction) -> Extraction:
    """The seed page with ТУСУР typed Company: what our extractor really produced for it."""
    entities = [e.model_copy(update={"type": EntityType.COMPANY}) if e.name == "ТУСУР" else e for e in seed.entities]
    return seed.model_copy(update={"entities": entities})


def _rename_and_retype(opened, seed: Extraction) -> tuple[str, str]:
    opened.write([seed])
    tusur, cluster = pick_entity("ТУСУР", opened), pick_entity(CLUSTER, opened)
    make(opened, correcting.new_rename(opened, tusur.id, TUSUR_FULL, ME))
    make(opened, correcting.new_rename(opened, cluster.id, "Кластер электроники и беспилотных технологий", ME))
    make(opened, correcting.new_retype(opened, tusur.id, "University", ME, "a university"))
    return tusur.id, cluster.id


def test_rename_and_retype_keep_ids_hold_through_rewrites_and_equal_on_every_store(store, reference, gold):
    seed = _mistyped_seed(gold[SEED])
    tusur_id, cluster_id = _rename_and_retype(store, seed)
    _rename_and_retype(reference, seed)
    tusur = store.entity(tusur_id)
    assert (tusur.name, tusur.type) == (TUSUR_FULL, EntityType.UNIVERSITY)
    assert "ТУСУР" in tusur.aliases and tusur.attributes.get(PINNED_NAME) == "true"
    assert store.entity(cluster_id).name == "Кластер электроники и беспилотных технологий"
    corrected = store.snapshot()
    assert corrected == reference.snapshot()

    rewrite(store, seed)  # the article again, ТУСУР still typed Company and named «ТУСУР» in it
    assert store.snapshot() == corrected
    for n in range(2):  # two more copies saying Company: the vote would flip the type back
        store.write([copy_of(seed, f"https://example.org/seed-copy-{n}")])
    tusur = store.entity(tusur_id)
    assert (tusur.id, tusur.name, tusur.type) == (tusur_id, TUSUR_FULL, EntityType.UNIVERSITY)


# --- undo ---------------------------------------------------------------------------------------------
def test_undo_restores_what_each_correction_changed(store, gold):
    seed, avia, agreement = _mistyped_seed(gold[SEED]), gold[AVIA], gold[AVIA_AGREEMENT]
    store.write([seed, avia, agreement])
    tusur, cluster = pick_entity("ТУСУР", store), pick_entity(CLUSTER, store)
    keep, gone = pick_entity("ульяновский авиационный кластер", store), pick_entity("Ульяновск-Авиа", store)
    steps = [
        correcting.new_rename(store, tusur.id, TUSUR_FULL, ME),
        correcting.new_retype(store, tusur.id, "University", ME),
        correcting.new_reject(store, tusur.id, "PARTICIPATES_IN", cluster.id, ME),
        correcting.new_merge(store, keep.id, gone.id, ME),
        # two members named in one sentence of one article: their relations to the cluster become one
        correcting.new_merge(store, pick_entity("Микран", store).id, pick_entity("Когнитив", store).id, ME),
    ]
    for correction in steps:
        before = store.snapshot()
        make(store, correction)
        assert store.snapshot() != before
        correcting.undo(store, correction.id, "reviewer")
        assert store.snapshot() == before, correction.op
    log = {c.id: c for c in store.load_corrections()}
    assert all(log[c.id].undone and log[c.id].undone_by == "reviewer" for c in steps)
    with pytest.raises(CorrectionError, match="already undone"):
        correcting.undo(store, steps[0].id, ME)


def test_undo_waits_for_later_corrections_of_the_same_entity(store, gold):
    store.write([_mistyped_seed(gold[SEED])])
    tusur = pick_entity("ТУСУР", store)
    rename = correcting.new_rename(store, tusur.id, TUSUR_FULL, ME)
    make(store, rename)
    retype = correcting.new_retype(store, tusur.id, "University", ME)
    make(store, retype)
    with pytest.raises(CorrectionError, match=retype.id):
        correcting.undo(store, rename.id, ME)
    correcting.undo(store, retype.id, ME)
    correcting.undo(store, rename.id, ME)
    assert (store.entity(tusur.id).name, store.entity(tusur.id).type) == ("ТУСУР", EntityType.COMPANY)


# --- sharing between stores ---------------------------------------------------------------------------------
def _corrections_on(opened, gold) -> None:
    opened.write([_mistyped_seed(gold[SEED]), gold[AVIA], gold[AVIA_AGREEMENT]])
    tusur, cluster = pick_entity("ТУСУР", opened), pick_entity(CLUSTER, opened)
    keep, gone = pick_entity("ульяновский авиационный кластер", opened), pick_entity("Ульяновск-Авиа", opened)
    make(opened, correcting.new_merge(opened, keep.id, gone.id, ME, "same cluster"))
    make(opened, correcting.new_rename(opened, tusur.id, TUSUR_FULL, ME))
    make(opened, correcting.new_retype(opened, tusur.id, "University", ME))
    make(opened, correcting.new_reject(opened, tusur.id, "PARTICIPATES_IN", cluster.id, ME))
    undone = correcting.new_rename(opened, cluster.id, "Томский кластер", ME)
    make(opened, undone)
    correcting.undo(opened, undone.id, ME)


def test_corrections_exported_from_one_store_and_applied_to_another_give_the_same_graph(store, reference, gold):
    _corrections_on(reference, gold)
    shared = load_corrections(dump_corrections(reference.load_corrections()))
    assert len(shared) == 5 and sum(c.undone for c in shared) == 1
    store.write([_mistyped_seed(gold[SEED]), gold[AVIA], gold[AVIA_AGREEMENT]])
    outcomes = [outcome for _, outcome in correcting.apply_all(store, shared)]
    assert outcomes == ["applied"] * 4 + ["recorded"]
    assert store.snapshot() == reference.snapshot()
    assert [o for _, o in correcting.apply_all(store, shared)] == ["present"] * 5  # applying twice changes nothing
    assert store.snapshot() == reference.snapshot()
    mine = {c.id: c.model_dump() for c in store.load_corrections()}
    assert mine == {c.id: c.model_dump() for c in shared}


def test_corrections_applied_before_the_articles_arrive_give_the_same_graph(reference, gold, tmp_path: Path):
    from graph.stores.embedded import EmbeddedRdfStore

    _corrections_on(reference, gold)
    shared = reference.load_corrections()
    with EmbeddedRdfStore(tmp_path / "empty-first") as early:
        assert {o for _, o in correcting.apply_all(early, shared)} == {"recorded"}
        early.write([_mistyped_seed(gold[SEED]), gold[AVIA], gold[AVIA_AGREEMENT]])
        assert early.snapshot() == reference.snapshot()


def test_apply_corrections_leaves_an_uncorrected_extraction_alone(gold):
    seed = gold[SEED]
    assert apply_corrections(seed, []) is seed
    merge = correcting.Correction(op=Op.MERGE, args={"into": "e-other", "from": "e-absent", "into_name": "x"})
    assert apply_corrections(seed, [merge]) == seed


def test_a_shared_correction_finds_its_entity_by_name_where_the_id_differs(reference, gold, tmp_path: Path):
    from graph.stores.embedded import EmbeddedRdfStore

    seed = _mistyped_seed(gold[SEED])
    reference.write([seed])
    tusur, cluster = pick_entity("ТУСУР", reference), pick_entity(CLUSTER, reference)
    make(reference, correcting.new_retype(reference, tusur.id, "University", ME))
    make(reference, correcting.new_reject(reference, tusur.id, "PARTICIPATES_IN", cluster.id, ME))
    with EmbeddedRdfStore(tmp_path / "full-name-first") as other:
        other.write([_full_name_first(seed)])  # a store that met ТУСУР under its full name: another id
        there = pick_entity("ТУСУР", other)
        assert there.id != tusur.id
        assert [o for _, o in correcting.apply_all(other, reference.load_corrections())] == ["applied", "applied"]
        assert other.entity(there.id).type is EntityType.UNIVERSITY
        assert not [r for r in other.entity(there.id).relations if r.type.value == "PARTICIPATES_IN"]


def _full_name_first(seed: Extraction) -> Extraction:
    old = next(e for e in seed.entities if e.name == "ТУСУР")
    new = old.model_copy(update={"id": "", "name": TUSUR_FULL, "aliases": ["ТУСУР"]})
    new.model_post_init(None)

    def end(entity_id: str) -> str:
        return new.id if entity_id == old.id else entity_id

    relations = [Relation(type=r.type, source=end(r.source), target=end(r.target), attributes=r.attributes,
                          evidence=r.evidence) for r in seed.relations]  # fmt: skip
    entities = [new if e.id == old.id else e for e in seed.entities]
    return seed.model_copy(update={"entities": entities, "relations": relations})


def test_rename_refuses_a_name_another_entity_has(store, gold):
    store.write([gold[SEED]])
    with pytest.raises(CorrectionError, match="fix merge"):
        correcting.new_rename(store, pick_entity("ТУСУР", store).id, "Микран", ME)


def test_rewriting_an_article_leaves_the_relation_attribute_votes_as_the_articles_gave_them(store, reference, gold):
    """Corrections write articles again; a later article must still win the `post` vote it wins without them."""

    def with_post(extraction: Extraction, post: str) -> Extraction:
        relations = [
            r.model_copy(update={"attributes": {"post": post}}) if r.type.value == "OFFICIAL_OF" else r
            for r in extraction.relations
        ]
        return extraction.model_copy(update={"relations": relations})

    seed = gold[SEED]
    first = with_post(copy_of(seed, "https://example.org/seed-minister"), "министр")
    second, third = with_post(seed, "глава"), with_post(copy_of(seed, "https://example.org/seed-third"), "министр")
    for opened in (store, reference):
        opened.write([first, second])
    correcting.rewrite_articles(store, [first.article.id])  # as a correction does: read back, removed, written
    for opened in (store, reference):
        opened.write([third])
    assert store.snapshot() == reference.snapshot()
    alikhanov = pick_entity("Антон Алиханов", store)
    offices = [r for r in store.entity(alikhanov.id).relations if r.type.value == "OFFICIAL_OF"]
    assert [r.attributes["post"] for r in offices] == ["министр"]


def test_undoing_a_merge_gives_back_the_articles_written_since(store, reference, gold):
    avia, agreement = gold[AVIA], gold[AVIA_AGREEMENT]
    store.write([avia, agreement])
    keep, gone = pick_entity("ульяновский авиационный кластер", store), pick_entity("Ульяновск-Авиа", store)
    merge = correcting.new_merge(store, keep.id, gone.id, ME)
    make(store, merge)
    later = copy_of(avia, "https://example.org/avia-later")  # names «Ульяновск-Авиа»: it lands on the kept node
    store.write([later])
    assert store.entity(gone.id) is None
    correcting.undo(store, merge.id, ME)
    reference.write([avia, agreement, later])
    assert store.snapshot() == reference.snapshot()


def test_a_correction_interrupted_between_removing_and_writing_an_article_is_finished_by_the_next(
        store, reference, gold, monkeypatch):
    seed = _mistyped_seed(gold[SEED])
    for opened in (store, reference):
        opened.write([seed])
    tusur, cluster = pick_entity("ТУСУР", store), pick_entity(CLUSTER, store)
    make(reference, correcting.new_reject(reference, tusur.id, "PARTICIPATES_IN", cluster.id, ME))
    reject = correcting.new_reject(store, tusur.id, "PARTICIPATES_IN", cluster.id, ME)

    def crash(extractions):
        raise OSError("the process died here")

    monkeypatch.setattr(store, "write", crash)
    with pytest.raises(OSError):
        correcting.perform(store, reject)
    monkeypatch.undo()
    assert not store.has_article(seed.article.id)  # removed, not written back: what a crash leaves
    assert correcting.finish_interrupted(store) == [seed.article.id]
    assert store.snapshot() == reference.snapshot()
    assert correcting.finish_interrupted(store) == []
