"""Writing the Bolt store: whole articles in bounded batches, one transaction per batch, merged by
the rules of ``graph.merge`` (as every store merges); the article nodes are marked complete last,
so an interrupted batch leaves no article a reader counts, and a retry adds no evidence twice."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from graph.merge import EntityState, agreed_value, merge_entities_by_id, merge_entity, storable_relations
from graph.model import Article, EntityType, Evidence, Extraction, Relation, RelationType
from graph.stores.base import WriteReport
from graph.stores.bolt_read import ALL_TYPE_LABELS, EVIDENCE_FIELDS, Q_COMPLETE_ARTICLES, TYPE_VALUES, iso
from graph.stores.cypher_dialect import ARTICLE_LABEL, ENTITY_LABEL, Statement

# --- Cypher (compact text: FalkorDB counts query bytes against its 4 KB request buffer) ----------
# Pre-reads return small records: FalkorDB never answers a record over ~64 KB.
Q_ENTITY_STATE = (
    f"UNWIND $rows AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) "
    f"OPTIONAL MATCH (:{ARTICLE_LABEL})-[m:MENTIONS]->(n) "
    "WITH n, m.type AS vote, count(m) AS votes "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, n.attributes AS attributes, vote, votes"
)
Q_RELATION_STATE = (
    f"UNWIND $rows AS row MATCH (s:{ENTITY_LABEL} {{id: row.s}})-[r]->(t:{ENTITY_LABEL} {{id: row.t}}) "
    "WHERE r.id = row.id RETURN r.id AS id, r.attributes AS attributes, r.attribute_votes AS attribute_votes, "
    "r.confidence AS confidence, "
    "r.first_seen AS first_seen, r.last_seen AS last_seen, r.count AS count, "
    "[a IN row.articles WHERE a IN r.articles] AS held"
)
# ``__LABEL__`` is replaced by an EntityType / RelationType value, never by data.
Q_RELABEL = (
    f"UNWIND $rows AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) REMOVE n:{ALL_TYPE_LABELS} SET n:__LABEL__"
)
Q_ENTITIES = (
    f"UNWIND $rows AS row MERGE (n:{ENTITY_LABEL}:__LABEL__ {{id: row.id}}) "
    "SET n.name = row.name, n.type = row.type, n.aliases = row.aliases, n.attributes = row.attributes"
)
Q_ARTICLES = (
    f"UNWIND $rows AS row MERGE (a:{ARTICLE_LABEL} {{id: row.id}}) SET a.url = row.url, a.title = row.title, "
    "a.outlet = row.outlet, a.author = row.author, a.published = row.published"
)
Q_RELATIONS = (
    f"UNWIND $rows AS row MATCH (s:{ENTITY_LABEL} {{id: row.s}}) MATCH (t:{ENTITY_LABEL} {{id: row.t}}) "
    "MERGE (s)-[r:__LABEL__ {id: row.id}]->(t) SET r.confidence = row.confidence, r.attributes = row.attributes, "
    "r.attribute_votes = row.attribute_votes, "
    "r.post = row.post, r.first_seen = row.first_seen, r.last_seen = row.last_seen, r.count = row.count, "
    + ", ".join(f"r.{f} = coalesce(r.{f}, []) + row.{f}" for f in EVIDENCE_FIELDS)
)
# A mention row may come in parts (under a byte bound): part 0 replaces, later parts append.
Q_MENTIONS = (
    f"UNWIND $rows AS row MATCH (a:{ARTICLE_LABEL} {{id: row.a}}) MATCH (n:{ENTITY_LABEL} {{id: row.e}}) "
    "MERGE (a)-[m:MENTIONS]->(n) SET m.type = row.type, "
    + ", ".join(f"m.{f} = CASE WHEN row.part = 0 THEN row.{f} ELSE m.{f} + row.{f} END" for f in EVIDENCE_FIELDS[1:])
)
Q_MARK_COMPLETE = f"UNWIND $rows AS id MATCH (a:{ARTICLE_LABEL} {{id: id}}) SET a.complete = true"


@dataclass
class RelationState:
    id: str
    type: RelationType
    source: str
    target: str
    attributes: dict[str, str] = field(default_factory=dict)
    votes: dict[str, Counter] = field(default_factory=dict)  # attribute -> value -> articles stating it
    confidence: float | None = None
    held: set = field(default_factory=set)  # articles whose evidence the stored relation already has
    dates: list[str] = field(default_factory=list)
    count: int = 0
    fresh: list[Evidence] = field(default_factory=list)



class BoltWriter:
    """The writing half of ``BoltStore`` (mixed in; uses its ``dialect``, ``_rows``, ``_errors``, ``_session``)."""

    def _write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """Write in batches of whole articles, one transaction per batch (``dialect.max_rows`` rows)."""
        report = WriteReport()
        seen: set[str] = set()
        batch: list[Extraction] = []
        size = 0
        for extraction in extractions:
            if extraction.article.id in seen:
                report.skipped_existing.append(extraction.article.id)
                continue
            seen.add(extraction.article.id)
            batch.append(extraction)
            size += 1 + len(extraction.entities) + len(extraction.relations)
            if size >= self.dialect.max_rows:
                self._write_batch(batch, report)
                batch, size = [], 0
        if batch:
            self._write_batch(batch, report)
        return report

    def _write_batch(self, batch: list[Extraction], report: WriteReport) -> None:
        def work(tx: ManagedTransaction) -> tuple:
            self.transactions += 1
            return self._write_in(tx, batch)

        with self._errors(), self._session() as session:
            written, skipped, entities, relations = session.execute_write(work)
        report.written.extend(written)
        report.skipped_existing.extend(skipped)
        report.entities += entities
        report.relations += relations

    def _write_in(self, tx: ManagedTransaction, batch: list[Extraction]) -> tuple:
        """Everything one batch writes; the article nodes are marked complete last."""
        ids = [e.article.id for e in batch]
        stored = {row["id"] for row in self._rows(tx, Statement(Q_COMPLETE_ARTICLES, ids))}
        todo = [e for e in batch if e.article.id not in stored]
        skipped = [e.article.id for e in batch if e.article.id in stored]
        if not todo:
            return [], skipped, 0, 0

        cleaned = [(e.article, merge_entities_by_id(e.entities), e.relations) for e in todo]
        entity_ids = {ent.id for _, ents, rels in cleaned for ent in ents}
        entity_ids |= {end for _, _, rels in cleaned for r in rels for end in (r.source, r.target)}
        entities = self._entity_state(tx, sorted(entity_ids))

        mentions: list[dict] = []
        relations_by_article: list[tuple[Article, list[Relation]]] = []
        entity_count = relation_count = 0
        touched: set[str] = set()
        for article, ents, rels in cleaned:
            for entity in ents:
                entities[entity.id] = merge_entity(entities.get(entity.id), entity)
                touched.add(entity.id)
                evidence = [e.model_copy(update={"published": e.published or article.published}) for e in entity.mentions]
                base = {"a": article.id, "e": entity.id, "type": entity.type.value, "part": 0}
                mentions.extend(self._split_rows(Q_MENTIONS, base, evidence))
            kept = storable_relations(rels, set(entities))
            relations_by_article.append((article, kept))
            entity_count += len(ents)
            relation_count += len(kept)

        relations = self._relation_state(tx, relations_by_article)
        for article, rels in relations_by_article:
            for relation in rels:
                apply_relation(relations, relation, article)

        for statement in self._entity_statements([entities[i] for i in sorted(touched)]):
            self._rows(tx, statement)
        self._rows(tx, Statement(Q_ARTICLES, [_article_row(a) for a, _, _ in cleaned]))
        for statement in self._relation_statements(relations):
            self._rows(tx, statement)
        self._rows(tx, Statement(Q_MENTIONS, mentions))
        self._rows(tx, Statement(Q_MARK_COMPLETE, [a.id for a, _, _ in cleaned]))
        return [a.id for a, _, _ in cleaned], skipped, entity_count, relation_count

    def _entity_state(self, tx: ManagedTransaction, ids: list[str]) -> dict[str, EntityState]:
        """Stored entities (one row per entity and asserted type, with that type's article count)."""
        state: dict[str, EntityState] = {}
        for row in self._rows(tx, Statement(Q_ENTITY_STATE, ids)):
            item = state.get(row["id"])
            if item is None:
                try:
                    stored_type = EntityType(row["type"])
                except ValueError:
                    stored_type = EntityType.ORGANIZATION
                item = state[row["id"]] = EntityState(
                    id=row["id"],
                    name=row["name"],
                    type=stored_type,
                    aliases=list(row["aliases"] or []),
                    attributes=json.loads(row["attributes"] or "{}"),
                    stored_type=stored_type,
                )
            if row["vote"] in TYPE_VALUES and row["votes"]:
                item.votes[EntityType(row["vote"])] += row["votes"]
        return state


    def _relation_state(
        self, tx: ManagedTransaction, batch: list[tuple[Article, list[Relation]]]
    ) -> dict[str, RelationState]:
        """Stored summaries of the batch's relations and which of the batch's articles they already hold."""
        state: dict[str, RelationState] = {}
        articles: dict[str, set[str]] = defaultdict(set)
        for article, relations in batch:
            for r in relations:
                state.setdefault(r.id, RelationState(id=r.id, type=r.type, source=r.source, target=r.target))
                articles[r.id].add(article.id)
                articles[r.id].update(e.article_id for e in r.evidence if e.article_id)
        rows = [{"s": i.source, "t": i.target, "id": i.id, "articles": sorted(articles[i.id])} for i in state.values()]
        for row in self._rows(tx, Statement(Q_RELATION_STATE, rows)):
            item = state[row["id"]]
            item.attributes = json.loads(row["attributes"] or "{}")
            stored_votes = json.loads(row["attribute_votes"] or "{}") or {k: {v: 1} for k, v in item.attributes.items()}
            item.votes = {key: Counter(counts) for key, counts in stored_votes.items()}
            item.confidence = row["confidence"]
            item.dates = [d for d in (row["first_seen"], row["last_seen"]) if d]
            item.count = row["count"] or 0
            item.held = set(row["held"] or [])
        return state

    def _entity_statements(self, touched: list[EntityState]) -> Iterator[Statement]:
        """The entities the batch merged into, written whole; a changed type relabels the node first."""
        relabel: dict[EntityType, list[str]] = defaultdict(list)
        merge: dict[EntityType, list[dict]] = defaultdict(list)
        for item in touched:
            if item.stored_type is not None and item.stored_type != item.type:
                relabel[item.type].append(item.id)
            merge[item.type].append(
                {
                    "id": item.id,
                    "name": item.name,
                    "type": item.type.value,
                    "aliases": item.aliases,
                    "attributes": json.dumps(item.attributes, ensure_ascii=False, sort_keys=True),
                }
            )
        for type_, ids in relabel.items():
            yield Statement(Q_RELABEL.replace("__LABEL__", type_.value), ids)
        for type_, rows in merge.items():
            yield Statement(Q_ENTITIES.replace("__LABEL__", type_.value), rows)

    def _relation_statements(self, state: dict[str, RelationState]) -> Iterator[Statement]:
        by_type: dict[RelationType, list[dict]] = defaultdict(list)
        for item in state.values():
            dates = sorted(item.dates + [iso(e.published) for e in item.fresh if e.published])
            summary = {
                "s": item.source,
                "t": item.target,
                "id": item.id,
                "confidence": item.confidence if item.confidence is not None else 1.0,
                "attributes": json.dumps(item.attributes, ensure_ascii=False, sort_keys=True),
                "attribute_votes": json.dumps(item.votes, ensure_ascii=False, sort_keys=True),
                "post": item.attributes.get("post"),
                "first_seen": dates[0] if dates else None,
                "last_seen": dates[-1] if dates else None,
                "count": item.count + len(item.fresh),
            }
            query = Q_RELATIONS.replace("__LABEL__", item.type.value)
            by_type[item.type].extend(self._split_rows(query, summary, item.fresh))
        for type_, rows in by_type.items():
            yield Statement(Q_RELATIONS.replace("__LABEL__", type_.value), rows)

    def _split_rows(self, query: str, base: dict, evidence: list[Evidence], *, part: int = 0) -> list[dict]:
        """One row with all the evidence, or several rows with parts of it when the dialect bounds bytes."""
        lists = _evidence_lists(evidence)
        if "a" in base:  # a mention row: the article is the row's own
            del lists["articles"]
        whole = {**base, **lists} if "part" not in base else {**base, **lists, "part": part}
        bound = self.dialect.row_budget(query)
        if bound is None or self.dialect.value_size(self.dialect.encode(whole)) + 3 <= bound or len(evidence) <= 1:
            return [whole]
        half = len(evidence) // 2
        first = self._split_rows(query, base, evidence[:half], part=part)
        return first + self._split_rows(query, base, evidence[half:], part=part + len(first))



def _article_row(article: Article) -> dict:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": iso(article.published) or None,
    }


def _evidence_lists(evidence: list[Evidence]) -> dict[str, list]:
    return {
        "articles": [e.article_id for e in evidence],
        "sentences": [e.sentence for e in evidence],
        "starts": [e.start for e in evidence],
        "ends": [e.end for e in evidence],
        "extractors": [e.extractor for e in evidence],
        "confidences": [float(e.confidence) for e in evidence],
        "published": [iso(e.published) for e in evidence],
    }




def apply_relation(state: dict[str, RelationState], relation: Relation, article: Article) -> None:
    """Add an article's relation: max confidence, attribute values by article vote (``agreed_value``),
    evidence of articles not yet held.

    An article's evidence is written whole in one batch, so "the stored relation already holds evidence
    from this article" is the idempotence test; within an article every evidence the extractor gave
    is kept, as the embedded store keeps it.
    """
    item = state[relation.id]
    item.confidence = relation.confidence if item.confidence is None else max(item.confidence, relation.confidence)
    if article.id not in item.held:  # a retried batch does not vote twice
        for key, value in relation.attributes.items():
            if value:
                item.votes.setdefault(key, Counter())[str(value)] += 1
        item.attributes = {key: agreed_value(counts) for key, counts in item.votes.items()}
    for evidence in relation.evidence:
        evidence = evidence.model_copy(
            update={"article_id": evidence.article_id or article.id, "published": evidence.published or article.published}
        )
        if evidence.article_id in item.held:  # written before (a retried batch): not again
            continue
        item.fresh.append(evidence)


