"""Reading the Bolt store: the graph's layout in Cypher and its rows back into models.

Layout: ``(:Entity:<Type> {id, name, type, aliases, attributes})`` — attributes as a JSON object
string; ``(:Article {id, url, title, outlet, author, published, complete})`` with
``(:Article)-[:MENTIONS {type, sentences, starts, ends, extractors, confidences, published}]->(:Entity)``;
one relationship per fact, typed by the relation name, carrying its evidence as parallel lists
(``articles``, ``sentences``, ``starts``, ``ends``, ``extractors``, ``confidences``, ``published``)
and ``first_seen``, ``last_seen``, ``count``, ``confidence``, ``post``, ``attributes`` (each value by
article vote, the counts in ``attribute_votes``).
Dates are ISO strings. Every value travels as a query parameter; labels and relationship types
come only from the model's enums.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

from neo4j import ManagedTransaction

from graph.model import (
    Article,
    Entity,
    EntityName,
    EntityType,
    EntityView,
    Evidence,
    GraphSnapshot,
    Member,
    Relation,
    RelationType,
    RelationView,
    StoreStats,
)
from graph.names import fold_name
from graph.stores.cypher_dialect import ARTICLE_LABEL, ENTITY_LABEL

RELATION_TYPES = [t.value for t in RelationType]
TYPE_VALUES = {t.value for t in EntityType}
MEMBER_TYPES = (RelationType.PARTICIPATES_IN.value, RelationType.PART_OF.value)
EVIDENCE_FIELDS = ("articles", "sentences", "starts", "ends", "extractors", "confidences", "published")
ALL_TYPE_LABELS = ":".join(t.value for t in EntityType)

Q_COMPLETE_ARTICLES = f"UNWIND $rows AS id MATCH (a:{ARTICLE_LABEL} {{id: id}}) WHERE a.complete = true RETURN a.id AS id"
RELATION_RETURN = (
    "RETURN r.id AS id, type(r) AS type, startNode(r).id AS source, startNode(r).name AS source_name, "
    "endNode(r).id AS target, endNode(r).name AS target_name, r.attributes AS attributes, "
    "r.confidence AS confidence, " + ", ".join(f"r.{f} AS {f}" for f in EVIDENCE_FIELDS)
)


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def as_date(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class BoltReader:
    """The reading half of ``BoltStore`` (mixed in; uses its ``_read_many`` and ``_params``)."""

    def has_article(self, article_id: str) -> bool:
        rows = self._read_many(lambda tx: tx.run(Q_COMPLETE_ARTICLES, self._params({"rows": [article_id]})).data())
        return bool(rows)

    # --- reading -----------------------------------------------------------------------------------
    def stats(self) -> StoreStats:
        def work(tx: ManagedTransaction) -> tuple:
            articles = tx.run(f"MATCH (a:{ARTICLE_LABEL}) WHERE a.complete = true RETURN count(a) AS n").data()
            by_type = tx.run(f"MATCH (n:{ENTITY_LABEL}) RETURN n.type AS t, count(n) AS n").data()
            by_relation = tx.run(
                f"MATCH (:{ENTITY_LABEL})-[r]->(:{ENTITY_LABEL}) WHERE type(r) IN $types "
                "RETURN type(r) AS t, count(r) AS n",
                self._params({"types": RELATION_TYPES}),
            ).data()
            return articles, by_type, by_relation

        articles, by_type, by_relation = self._read_many(work)
        entities_by_type = {r["t"]: r["n"] for r in by_type if r["t"] in TYPE_VALUES and r["n"]}
        relations_by_type = {r["t"]: r["n"] for r in by_relation if r["n"]}
        return StoreStats.from_counts(articles[0]["n"] if articles else 0, entities_by_type, relations_by_type)

    def entity_names(self) -> list[EntityName]:
        rows = self._read_many(
            lambda tx: tx.run(
                f"MATCH (n:{ENTITY_LABEL}) RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases"
            ).data()
        )
        names = [
            EntityName(id=r["id"], name=r["name"], type=r["type"], aliases=sorted(r["aliases"] or [])) for r in rows
        ]
        return sorted(names, key=lambda n: (fold_name(n.name), n.id))

    def entity(self, entity_id: str) -> EntityView | None:
        def work(tx: ManagedTransaction) -> tuple:
            node = tx.run(
                f"MATCH (n:{ENTITY_LABEL} {{id: $id}}) RETURN n.id AS id, n.name AS name, n.type AS type, "
                "n.aliases AS aliases, n.attributes AS attributes",
                self._params({"id": entity_id}),
            ).data()
            if not node:
                return None, [], []
            articles = tx.run(
                f"MATCH (a:{ARTICLE_LABEL})-[:MENTIONS]->(:{ENTITY_LABEL} {{id: $id}}) RETURN a.id AS id",
                self._params({"id": entity_id}),
            ).data()
            relations = []
            for pattern in ("(n)-[r]->(o)", "(o)-[r]->(n)"):
                relations += tx.run(
                    f"MATCH (n:{ENTITY_LABEL} {{id: $id}}) MATCH {pattern} WHERE o:{ENTITY_LABEL} AND type(r) IN $types "
                    + RELATION_RETURN,
                    self._params({"id": entity_id, "types": RELATION_TYPES}),
                ).data()
            return node[0], articles, relations

        node, article_rows, relation_rows = self._read_many(work)
        if node is None:
            return None
        entity = _entity_from_row(node)
        views = [_relation_view(row) for row in relation_rows]
        views.sort(key=RelationView.sort_key)
        articles = {r["id"] for r in article_rows}
        for view in views:
            articles.update(e.article_id for e in view.evidence)
        return EntityView(
            id=entity.id,
            name=entity.name,
            type=entity.type,
            aliases=entity.aliases,
            attributes=entity.attributes,
            articles=sorted(a for a in articles if a),
            relations=views,
        )

    def members(self, group_id: str, as_of: date | None = None) -> list[Member]:
        """Sources of PARTICIPATES_IN / PART_OF into the group; with ``as_of`` only dated evidence up to it."""
        rows = self._read_many(
            lambda tx: tx.run(
                f"MATCH (m:{ENTITY_LABEL})-[r]->(g:{ENTITY_LABEL} {{id: $id}}) WHERE type(r) IN $types "
                "RETURN m.id AS id, m.name AS name, m.type AS type, r.articles AS articles, r.published AS published",
                self._params({"id": group_id, "types": list(MEMBER_TYPES)}),
            ).data()
        )
        seen: dict[str, dict] = {}
        for row in rows:
            for article, published in zip(row["articles"] or [], row["published"] or []):
                day = as_date(published)
                if as_of is not None and (day is None or day > as_of):
                    continue
                item = seen.setdefault(row["id"], {"row": row, "articles": set(), "dates": []})
                item["articles"].add(article)
                if day:
                    item["dates"].append(day)
        members = [
            Member(
                id=member_id,
                name=item["row"]["name"],
                type=EntityType(item["row"]["type"]),
                first_seen=min(item["dates"]) if item["dates"] else None,
                last_seen=max(item["dates"]) if item["dates"] else None,
                articles=len(item["articles"]),
            )
            for member_id, item in seen.items()
        ]
        members.sort(key=lambda m: (-m.articles, fold_name(m.name), m.id))
        return members

    def snapshot(self) -> GraphSnapshot:
        def work(tx: ManagedTransaction) -> tuple:
            articles = tx.run(
                f"MATCH (a:{ARTICLE_LABEL}) WHERE a.complete = true RETURN a.id AS id, a.url AS url, "
                "a.title AS title, a.outlet AS outlet, a.author AS author, a.published AS published"
            ).data()
            entities = tx.run(
                f"MATCH (n:{ENTITY_LABEL}) RETURN n.id AS id, n.name AS name, n.type AS type, "
                "n.aliases AS aliases, n.attributes AS attributes"
            ).data()
            mentions = tx.run(
                f"MATCH (a:{ARTICLE_LABEL})-[m:MENTIONS]->(n:{ENTITY_LABEL}) RETURN a.id AS article, n.id AS entity, "
                + ", ".join(f"m.{f} AS {f}" for f in EVIDENCE_FIELDS[1:])
            ).data()
            relations = tx.run(
                f"MATCH (n:{ENTITY_LABEL})-[r]->(o:{ENTITY_LABEL}) WHERE type(r) IN $types " + RELATION_RETURN,
                self._params({"types": RELATION_TYPES}),
            ).data()
            return articles, entities, mentions, relations

        article_rows, entity_rows, mention_rows, relation_rows = self._read_many(work)
        by_entity: dict[str, list[Evidence]] = defaultdict(list)
        for row in mention_rows:
            by_entity[row["entity"]].extend(_evidence_from_lists({**row, "articles": None}, row["article"]))
        entities = []
        for row in entity_rows:
            entity = _entity_from_row(row)
            entity.mentions = sorted(by_entity.get(entity.id, []), key=Evidence.sort_key)
            entities.append(entity)
        relations = [
            Relation(
                id=v.id, type=v.type, source=v.source, target=v.target,
                attributes=v.attributes, evidence=v.evidence, confidence=v.confidence,
            )
            for v in map(_relation_view, relation_rows)
        ]
        articles = [
            Article(
                id=r["id"], url=r["url"], title=r["title"], outlet=r["outlet"], author=r["author"],
                published=as_date(r["published"]), text="",
            )
            for r in article_rows
        ]
        return GraphSnapshot(
            articles=sorted(articles, key=lambda a: a.id),
            entities=sorted(entities, key=lambda e: e.id),
            relations=sorted(relations, key=lambda r: r.id),
        )



# --- rows -> models ----------------------------------------------------------------------------
def _evidence_from_lists(row: dict, article_id: str | None = None) -> list[Evidence]:
    sentences = row.get("sentences") or []
    n = len(sentences)

    def column(name: str, default: object) -> list:
        values = row.get(name) or []
        return list(values) + [default] * (n - len(values))

    articles = [article_id] * n if article_id else column("articles", "")
    out = []
    for a, s, st, en, ex, co, pu in zip(
        articles, sentences, column("starts", 0), column("ends", 0), column("extractors", "rules"),
        column("confidences", 1.0), column("published", ""),
    ):  # fmt: skip
        out.append(
            Evidence(article_id=a, sentence=s, start=st, end=en, extractor=ex, confidence=co, published=as_date(pu))
        )
    return out


def _entity_from_row(row: dict) -> Entity:
    return Entity(
        id=row["id"],
        type=EntityType(row["type"]),
        name=row["name"],
        aliases=sorted(row["aliases"] or []),
        attributes=json.loads(row["attributes"] or "{}"),
    )


def _relation_view(row: dict) -> RelationView:
    relation = Relation.model_construct(
        id=row["id"],
        type=RelationType(row["type"]),
        source=row["source"],
        target=row["target"],
        attributes=json.loads(row["attributes"] or "{}"),
        evidence=_evidence_from_lists(row),
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
    )
    return RelationView.of(relation, {row["source"]: row["source_name"], row["target"]: row["target_name"]})
