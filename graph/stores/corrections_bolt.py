"""Corrections on a Bolt store: ``(:Correction {id, op, by, at, undone})`` nodes whose record and undo
state are kept as ``(:CorrectionPart {correction, kind, index, text})`` pieces (zlib + base64, small
enough for FalkorDB's 4 KB queries and 64 KB records), and the primitives ``graph.correcting`` needs.

Mixed into ``BoltStore`` (its ``_errors``, ``_session``, ``_params``, ``_rows`` and ``dialect``).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable

from neo4j import ManagedTransaction

from graph.corrections import Correction
from graph.merge import agreed_value
from graph.model import Article, Entity, EntityType, Extraction, Relation, RelationType
from graph.names import fold_name
from graph.stores.bolt_read import RELATION_RETURN, _entity_from_row, _evidence_from_lists, _relation_view, as_date
from graph.stores.cypher_dialect import ARTICLE_LABEL, ENTITY_LABEL, Statement

CORRECTION_LABEL = "Correction"
PART_LABEL = "CorrectionPart"
PIECE = 1200  # characters of base64 per part
RELATION_TYPES = [t.value for t in RelationType]
ALL_TYPE_LABELS = ":".join(t.value for t in EntityType)
LISTS = ("articles", "sentences", "starts", "ends", "extractors", "confidences", "published")

Q_DROP_PARTS = f"MATCH (p:{PART_LABEL} {{correction: $id}}) WHERE p.kind IN $kinds DELETE p"
Q_CORRECTION = f"MERGE (c:{CORRECTION_LABEL} {{id: $id}}) SET c.op = $op, c.by = $by, c.at = $at, c.undone = $undone"
Q_PARTS = f"UNWIND $rows AS row CREATE (:{PART_LABEL} {{correction: row.c, kind: row.k, index: row.i, text: row.t}})"
Q_READ_PARTS = (
    f"MATCH (p:{PART_LABEL}) WHERE p.kind = $kind AND ($id IS NULL OR p.correction = $id) "
    "RETURN p.correction AS c, p.index AS i, p.text AS t"
)
_ENTITY_RETURN = "n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, n.attributes AS attributes"
_RELATION = f"(s:{ENTITY_LABEL} {{id: row.s}})-[r]->(t:{ENTITY_LABEL} {{id: row.t}})"
Q_DROP_RELATIONS = f"UNWIND $rows AS row MATCH {_RELATION} WHERE r.id = row.id DELETE r"
Q_KEEP_EVIDENCE = (
    f"UNWIND $rows AS row MATCH {_RELATION} WHERE r.id = row.id "
    "WITH r, row, [i IN range(0, size(r.articles) - 1) WHERE r.articles[i] <> row.a] AS keep SET "
    + ", ".join(f"r.{f} = [i IN keep | r.{f}[i]]" for f in LISTS)
    + ", r.count = size(keep), r.first_seen = row.first, r.last_seen = row.last, "
    "r.attribute_votes = row.votes, r.attributes = row.attributes, r.post = row.post"
)
Q_SET_ASSERTED = (
    f"UNWIND $rows AS row MATCH (a:{ARTICLE_LABEL} {{id: row.a}})-[m:MENTIONS]->(n:{ENTITY_LABEL} {{id: row.e}}) "
    "SET m.type = row.t"
)
Q_PUT_ENTITY = (
    f"UNWIND $rows AS row MATCH (n:{ENTITY_LABEL} {{id: row.id}}) REMOVE n:{ALL_TYPE_LABELS} SET n:__LABEL__, "
    "n.name = row.name, n.type = row.type, n.aliases = row.aliases, n.attributes = row.attributes"
)


def _pack(value: object) -> list[str]:
    text = base64.b64encode(zlib.compress(json.dumps(value, ensure_ascii=False).encode("utf-8"), 9)).decode()
    return [text[i : i + PIECE] for i in range(0, len(text), PIECE)] or [""]


def _unpack(pieces: list[str]) -> object:
    return json.loads(zlib.decompress(base64.b64decode("".join(pieces))).decode("utf-8"))


def _joined(rows: list[dict]) -> dict[str, object]:
    pieces: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        pieces[row["c"]].append((row["i"], row["t"]))
    return {c: _unpack([t for _, t in sorted(parts)]) for c, parts in pieces.items()}


def _votes_without_one_article(attributes: str | None, votes: str | None) -> tuple[dict, dict]:
    """A relation's attribute votes less one article's. Bolt keeps no per-article values and an article read
    back states the agreed ones, so the agreed value loses the vote and the article, written again, gives it
    back: the tally stays what the articles said (the RDF stores keep each article's own value)."""
    agreed = json.loads(attributes or "{}")
    tally = json.loads(votes or "{}") or {k: {v: 1} for k, v in agreed.items()}
    for key, value in agreed.items():
        counts = tally.get(key, {})
        if counts.get(value, 0) > 1:
            counts[value] -= 1
        else:
            counts.pop(value, None)
        if not counts:
            tally.pop(key, None)
    return tally, {key: agreed_value(counts) for key, counts in tally.items()}


class BoltCorrections:
    """The correction primitives of ``BoltStore``."""

    # --- plumbing ---------------------------------------------------------------------------------
    def _read(self, query: str, **params: object) -> list[dict]:
        with self._errors(), self._session() as session:
            return session.execute_read(lambda tx: tx.run(query, self._params(params)).data())

    def _write_work(self, work) -> object:
        with self._errors(), self._session() as session:
            return session.execute_write(work)

    # --- the records ----------------------------------------------------------------------------
    def load_corrections(self) -> list[Correction]:
        records = _joined(self._read(Q_READ_PARTS, kind="record", id=None))
        return [Correction.model_validate(record) for record in records.values()]

    def correction_state(self, correction_id: str) -> dict:
        state = _joined(self._read(Q_READ_PARTS, kind="state", id=correction_id))
        return dict(state.get(correction_id) or {})

    def save_correction(self, correction: Correction, state: dict | None = None) -> None:
        """Write (or rewrite) a correction's record; its undo state only when ``state`` is given."""
        kinds = ["record"] if state is None else ["record", "state"]
        rows = [{"c": correction.id, "k": "record", "i": i, "t": t}
                for i, t in enumerate(_pack(correction.model_dump(mode="json")))]  # fmt: skip
        if state is not None:
            rows += [{"c": correction.id, "k": "state", "i": i, "t": t} for i, t in enumerate(_pack(state))]
        params = {"id": correction.id, "op": correction.op.value, "by": correction.by,
                  "at": correction.at.isoformat(), "undone": correction.undone}  # fmt: skip

        def work(tx: ManagedTransaction) -> None:
            tx.run(Q_DROP_PARTS, self._params({"id": correction.id, "kinds": kinds}))
            tx.run(Q_CORRECTION, self._params(params))
            self._rows(tx, Statement(Q_PARTS, rows))

        self._write_work(work)

    # --- articles ---------------------------------------------------------------------------------
    def articles_touching(self, entity_ids: Iterable[str] = (), relation_ids: Iterable[str] = ()) -> list[str]:
        found: set[str] = set()
        ids, relations = sorted(set(entity_ids)), sorted(set(relation_ids))
        if ids:
            rows = self._read(
                f"MATCH (a:{ARTICLE_LABEL})-[:MENTIONS]->(n:{ENTITY_LABEL}) WHERE n.id IN $ids RETURN DISTINCT a.id AS id",
                ids=ids,
            )
            found.update(r["id"] for r in rows)
            rows = self._read(
                f"MATCH (n:{ENTITY_LABEL})-[r]-(:{ENTITY_LABEL}) WHERE n.id IN $ids AND type(r) IN $types "
                "RETURN r.articles AS articles",
                ids=ids, types=RELATION_TYPES,
            )  # fmt: skip
            found.update(a for r in rows for a in r["articles"] or [])
        if relations:
            rows = self._read(
                f"MATCH (:{ENTITY_LABEL})-[r]->(:{ENTITY_LABEL}) WHERE r.id IN $ids RETURN r.articles AS articles",
                ids=relations,
            )
            found.update(a for r in rows for a in r["articles"] or [])
        return sorted(a for a in found if a)

    def article_extraction(self, article_id: str) -> Extraction | None:
        """What the article itself contributed, as an Extraction (entities typed as this article typed them)."""

        def work(tx: ManagedTransaction) -> tuple:
            params = self._params({"a": article_id, "types": RELATION_TYPES})
            article = tx.run(
                f"MATCH (a:{ARTICLE_LABEL} {{id: $a}}) RETURN a.id AS id, a.url AS url, a.title AS title, "
                "a.outlet AS outlet, a.author AS author, a.published AS published",
                params,
            ).data()
            mentions = tx.run(
                f"MATCH (:{ARTICLE_LABEL} {{id: $a}})-[m:MENTIONS]->(n:{ENTITY_LABEL}) RETURN {_ENTITY_RETURN}, "
                "m.type AS asserted, " + ", ".join(f"m.{f} AS {f}" for f in LISTS[1:]),
                params,
            ).data()
            relations = tx.run(
                f"MATCH (n:{ENTITY_LABEL})-[r]->(o:{ENTITY_LABEL}) WHERE type(r) IN $types AND $a IN r.articles "
                + RELATION_RETURN,
                params,
            ).data()
            return article, mentions, relations

        with self._errors(), self._session() as session:
            article_rows, mention_rows, relation_rows = session.execute_read(work)
        if not article_rows:
            return None
        row = article_rows[0]
        article = Article(id=row["id"], url=row["url"], title=row["title"], outlet=row["outlet"],
                          author=row["author"], published=as_date(row["published"]), text="")  # fmt: skip
        entities = []
        for row in mention_rows:
            entity = _entity_from_row(row)
            entities.append(entity.model_copy(update={
                "type": EntityType(row["asserted"]) if row["asserted"] else entity.type,
                "mentions": _evidence_from_lists({**row, "articles": None}, article_id),
            }))  # fmt: skip
        relations = []
        for view in map(_relation_view, relation_rows):
            evidence = [e for e in view.evidence if e.article_id == article_id]
            relations.append(
                Relation(
                    id=view.id,
                    type=view.type,
                    source=view.source,
                    target=view.target,
                    attributes=view.attributes,
                    evidence=evidence,
                    confidence=view.confidence,
                )
            )
        return Extraction(article=article, entities=entities, relations=relations)

    def remove_article(self, article_id: str) -> None:
        """The article node, its mentions and its evidence on every relation; a relation left without evidence
        goes. A kept relation loses one vote for each agreed attribute value (``_votes_without_one_article``)."""

        def work(tx: ManagedTransaction) -> None:
            rows = tx.run(
                f"MATCH (s:{ENTITY_LABEL})-[r]->(t:{ENTITY_LABEL}) WHERE type(r) IN $types AND $a IN r.articles "
                "RETURN s.id AS s, t.id AS t, r.id AS id, r.articles AS articles, r.published AS published, "
                "r.attributes AS attributes, r.attribute_votes AS votes",
                self._params({"a": article_id, "types": RELATION_TYPES}),
            ).data()
            dropped, kept = [], []
            for row in rows:
                published = row["published"] or [""] * len(row["articles"])
                left = sorted(p for a, p in zip(row["articles"], published) if a != article_id and p)
                if all(a == article_id for a in row["articles"]):
                    dropped.append({"s": row["s"], "t": row["t"], "id": row["id"]})
                else:
                    votes, attributes = _votes_without_one_article(row["attributes"], row["votes"])
                    kept.append(
                        {
                            "s": row["s"],
                            "t": row["t"],
                            "id": row["id"],
                            "a": article_id,
                            "first": left[0] if left else None,
                            "last": left[-1] if left else None,
                            "votes": json.dumps(votes, ensure_ascii=False, sort_keys=True),
                            "attributes": json.dumps(attributes, ensure_ascii=False, sort_keys=True),
                            "post": attributes.get("post"),
                        }
                    )
            self._rows(tx, Statement(Q_DROP_RELATIONS, dropped))
            self._rows(tx, Statement(Q_KEEP_EVIDENCE, kept))
            tx.run(f"MATCH (a:{ARTICLE_LABEL} {{id: $a}}) DETACH DELETE a", self._params({"a": article_id}))

        self._write_work(work)

    # --- entity descriptions ----------------------------------------------------------------------
    def entity_record(self, entity_id: str) -> Entity | None:
        rows = self._read(f"MATCH (n:{ENTITY_LABEL} {{id: $id}}) RETURN {_ENTITY_RETURN}", id=entity_id)
        return Entity.model_validate(_entity_from_row(rows[0]).model_dump()) if rows else None

    def put_entity(self, entity: Entity) -> None:
        """Replace the entity's type, name, aliases and attributes; its id and relations stay."""
        known = {fold_name(entity.name)}
        aliases = [a for a in entity.aliases if fold_name(a) not in known and not known.add(fold_name(a))]
        row = {"id": entity.id, "name": entity.name, "type": entity.type.value, "aliases": aliases,
               "attributes": json.dumps(entity.attributes, ensure_ascii=False, sort_keys=True)}  # fmt: skip
        query = Q_PUT_ENTITY.replace("__LABEL__", entity.type.value)
        self._write_work(lambda tx: self._rows(tx, Statement(query, [row])))

    def drop_entity(self, entity_id: str) -> None:
        query = f"MATCH (n:{ENTITY_LABEL} {{id: $id}}) DETACH DELETE n"
        self._write_work(lambda tx: tx.run(query, self._params({"id": entity_id})).consume())

    def asserted_types(self, entity_id: str) -> dict[str, str]:
        rows = self._read(
            f"MATCH (a:{ARTICLE_LABEL})-[m:MENTIONS]->(:{ENTITY_LABEL} {{id: $id}}) RETURN a.id AS a, m.type AS t",
            id=entity_id,
        )
        return {r["a"]: r["t"] for r in rows if r["t"]}

    def set_asserted_types(self, entity_id: str, types: dict[str, str]) -> None:
        rows = [{"a": a, "e": entity_id, "t": EntityType(t).value} for a, t in sorted(types.items())]
        self._write_work(lambda tx: self._rows(tx, Statement(Q_SET_ASSERTED, rows)))
