"""The graph in Neo4j (or any Bolt server speaking Cypher), written and read with the official driver.

Layout: ``(:Entity:<Type> {id, name, type, aliases, attributes})`` — attributes as a JSON object
string; ``(:Article {id, url, title, outlet, author, published, complete})`` with
``(:Article)-[:MENTIONS {type, sentences, starts, ends, extractors, confidences, published}]->(:Entity)``;
one relationship per fact, typed by the relation name, carrying its evidence as parallel lists
(``articles``, ``sentences``, ``starts``, ``ends``, ``extractors``, ``confidences``, ``published``)
and ``first_seen``, ``last_seen``, ``count``, ``confidence``, ``post``, ``attributes``.
Dates are ISO strings. Every value travels as a query parameter; labels and relationship types
come only from the model's enums.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.merge import merge_entities_by_id, merge_relations_by_id, type_by_vote
from graph.model import (
    Article,
    Entity,
    EntityType,
    EntityView,
    Evidence,
    Extraction,
    GraphSnapshot,
    Member,
    Relation,
    RelationType,
    RelationView,
    StoreStats,
)
from graph.names import fold_name
from graph.stores.base import (
    EntityName,
    GraphStore,
    StoreError,
    StoreUnavailable,
    WriteReport,
)
from graph.stores.cypher_dialect import (
    ARTICLE_LABEL,
    ENTITY_LABEL,
    CypherDialect,
    OversizeRow,
    Statement,
    probe_dialect,
)

RELATION_TYPES = [t.value for t in RelationType]
_TYPE_VALUES = {t.value for t in EntityType}
MEMBER_TYPES = (RelationType.PARTICIPATES_IN.value, RelationType.PART_OF.value)
EVIDENCE_FIELDS = ("articles", "sentences", "starts", "ends", "extractors", "confidences", "published")
ALL_TYPE_LABELS = ":".join(t.value for t in EntityType)

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECT_TIMEOUT = 3.0  # seconds to open a socket; twice that to get an answered handshake
RETRY_TIME = 5.0  # seconds the driver may spend retrying a transaction on transient errors


# --- Cypher (compact text: FalkorDB counts query bytes against its 4 KB request buffer) ----------
Q_COMPLETE_ARTICLES = f"UNWIND $rows AS id MATCH (a:{ARTICLE_LABEL} {{id: id}}) WHERE a.complete = true RETURN a.id AS id"
# Pre-reads return small records: FalkorDB never answers a record over ~64 KB.
Q_ENTITY_STATE = (
    f"UNWIND $rows AS id MATCH (n:{ENTITY_LABEL} {{id: id}}) "
    f"OPTIONAL MATCH (:{ARTICLE_LABEL})-[m:MENTIONS]->(n) "
    "WITH n, m.type AS vote, count(m) AS votes "
    "RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases, n.attributes AS attributes, vote, votes"
)
Q_RELATION_STATE = (
    f"UNWIND $rows AS row MATCH (s:{ENTITY_LABEL} {{id: row.s}})-[r]->(t:{ENTITY_LABEL} {{id: row.t}}) "
    "WHERE r.id = row.id RETURN r.id AS id, r.attributes AS attributes, r.confidence AS confidence, "
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


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _date(value: object) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _evidence_key(evidence: Evidence) -> tuple:
    return (evidence.published or date.min, evidence.article_id, evidence.start, evidence.sentence)


def _one_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or exc.__class__.__name__
    return " ".join(str(message).split())[:300]


@dataclass
class _EntityState:
    """An entity as it will stand after the batch: stored values merged with the batch's articles."""

    id: str
    name: str
    type: EntityType
    aliases: list[str]
    attributes: dict[str, str]
    votes: Counter
    stored_type: EntityType | None = None
    touched: bool = False


@dataclass
class _RelationState:
    id: str
    type: RelationType
    source: str
    target: str
    attributes: dict[str, str] = field(default_factory=dict)
    confidence: float | None = None
    held: set = field(default_factory=set)  # articles whose evidence the stored relation already has
    dates: list[str] = field(default_factory=list)
    count: int = 0
    fresh: list[Evidence] = field(default_factory=list)


class BoltStore(GraphStore):
    """A ``GraphStore`` over Bolt: Neo4j 5, or FalkorDB for the tests (see ``cypher_dialect``)."""

    kind = "bolt"
    supports_cypher = True

    def __init__(
        self,
        driver: Driver,
        *,
        uri: str = "",
        database: str | None = None,
        dialect: CypherDialect | None = None,
        owns_driver: bool = True,
    ) -> None:
        self.driver = driver
        self.uri = uri
        self.owns_driver = owns_driver
        self.transactions = 0  # write transactions opened (each batch is one)
        self._closed = False
        self.database = None  # the probe runs on the server's default database
        with self._errors():
            self.dialect = dialect or probe_dialect(lambda q: self._run_read(q))
        self.database = database if self.dialect.uses_database else None
        with self._errors():
            self.dialect.ensure_schema(lambda q: self._run_write(q))

    @classmethod
    def from_uri(
        cls,
        uri: str | None = None,
        *,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> "BoltStore":
        """Connect with ``NEO4J_USERNAME`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` unless given."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise StoreUnavailable("no Bolt URI: pass --neo4j bolt://HOST:7687 or set NEO4J_URI")
        username = username if username is not None else os.environ.get("NEO4J_USERNAME")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        database = database or os.environ.get("NEO4J_DATABASE") or None
        auth = (username, password or "") if username else None
        if uri.split("://", 1)[0].lower() not in BOLT_SCHEMES:
            raise StoreUnavailable(f"not a Bolt URI: {uri!r} (expected bolt://HOST:7687 or neo4j://HOST:7687)")
        try:
            driver = open_driver(uri, auth)
        except (ValueError, DriverError) as exc:
            raise StoreUnavailable(f"bad Bolt URI {uri!r}: {_one_line(exc)}") from None
        try:
            driver.verify_connectivity()
        except AuthError:
            driver.close()
            raise StoreUnavailable(f"the Bolt server at {uri} refused the credentials of user {username!r}") from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            driver.close()
            raise StoreUnavailable(f"cannot reach a Bolt server at {uri}: {_short_reason(exc)}") from None
        except Neo4jError as exc:
            driver.close()
            hint = " (it may not accept a login: unset NEO4J_USERNAME)" if auth else ""
            raise StoreUnavailable(f"the Bolt server at {uri} refused the connection{hint}: {_one_line(exc)}") from None
        try:
            return cls(driver, uri=uri, database=database)
        except StoreError:
            driver.close()
            raise

    # --- plumbing ----------------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver failures as one-line store errors."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(f"the Bolt server at {self.uri} refused the credentials: {_one_line(exc)}") from None
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"lost the Bolt server at {self.uri}: {_short_reason(exc)}") from None
        except OversizeRow as exc:
            raise StoreError(str(exc)) from None
        except Neo4jError as exc:
            where = " ".join(getattr(exc, "__notes__", []))
            raise StoreError(f"Cypher failed on {self.uri}: {exc.code}: {_one_line(exc)} {where}".strip()) from None
        except DriverError as exc:
            raise StoreError(f"Bolt driver error: {_one_line(exc)}") from None

    def _session(self):
        return self.driver.session(database=self.database) if self.database else self.driver.session()

    def _params(self, params: dict) -> dict:
        dialect = getattr(self, "dialect", None)
        return dialect.encode(params) if dialect else params

    def _run_read(self, query: str, **params: object) -> list[dict]:
        with self._session() as session:
            return session.execute_read(lambda tx: tx.run(query, self._params(params)).data())

    def _run_write(self, query: str, **params: object) -> list[dict]:
        with self._session() as session:
            return session.execute_write(lambda tx: tx.run(query, self._params(params)).data())

    def _read_many(self, work: Callable[[ManagedTransaction], object]) -> object:
        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def _rows(self, tx: ManagedTransaction, statement: Statement) -> list[dict]:
        """Run a statement chunk by chunk (as the dialect bounds it) and gather what it returns."""
        out: list[dict] = []
        for chunk in self.dialect.chunks(statement):
            try:
                out.extend(tx.run(statement.query, {"rows": chunk}).data())  # chunks come encoded
            except Neo4jError as exc:
                exc.add_note(f"in: {statement.query[:70]}…")
                raise
        return out

    def close(self) -> None:
        if not self._closed and self.owns_driver:
            dialect = getattr(self, "dialect", None) or CypherDialect()
            dialect.close_driver(self.driver)
        self._closed = True

    # --- writing -----------------------------------------------------------------------------------
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
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
        for article, ents, rels in cleaned:
            for entity in ents:
                self._apply_entity(entities, entity)
                evidence = [e.model_copy(update={"published": e.published or article.published}) for e in entity.mentions]
                base = {"a": article.id, "e": entity.id, "type": entity.type.value, "part": 0}
                mentions.extend(self._split_rows(Q_MENTIONS, base, evidence))
            known = {e.id for e in ents} | set(entities)
            kept = merge_relations_by_id(r for r in rels if r.source in known and r.target in known and r.source != r.target)
            relations_by_article.append((article, kept))
            entity_count += len(ents)
            relation_count += len(kept)

        relations = self._relation_state(tx, relations_by_article)
        for article, rels in relations_by_article:
            for relation in rels:
                _apply_relation(relations, relation, article)

        for statement in self._entity_statements(entities):
            self._rows(tx, statement)
        self._rows(tx, Statement(Q_ARTICLES, [_article_row(a) for a, _, _ in cleaned]))
        for statement in self._relation_statements(relations):
            self._rows(tx, statement)
        self._rows(tx, Statement(Q_MENTIONS, mentions))
        self._rows(tx, Statement(Q_MARK_COMPLETE, [a.id for a, _, _ in cleaned]))
        return [a.id for a, _, _ in cleaned], skipped, entity_count, relation_count

    def _entity_state(self, tx: ManagedTransaction, ids: list[str]) -> dict[str, _EntityState]:
        """Stored entities (one row per entity and asserted type, with that type's article count)."""
        state: dict[str, _EntityState] = {}
        for row in self._rows(tx, Statement(Q_ENTITY_STATE, ids)):
            item = state.get(row["id"])
            if item is None:
                try:
                    stored_type = EntityType(row["type"])
                except ValueError:
                    stored_type = EntityType.ORGANIZATION
                item = state[row["id"]] = _EntityState(
                    id=row["id"],
                    name=row["name"],
                    type=stored_type,
                    aliases=list(row["aliases"] or []),
                    attributes=json.loads(row["attributes"] or "{}"),
                    votes=Counter(),
                    stored_type=stored_type,
                )
            if row["vote"] in _TYPE_VALUES and row["votes"]:
                item.votes[EntityType(row["vote"])] += row["votes"]
        return state

    @staticmethod
    def _apply_entity(state: dict[str, _EntityState], entity: Entity) -> None:
        """The embedded store's merge rules: new aliases and attribute keys, type by article vote."""
        current = state.get(entity.id)
        if current is None:
            state[entity.id] = _EntityState(
                id=entity.id,
                name=entity.name,
                type=entity.type,
                aliases=list(entity.aliases),
                attributes={k: str(v) for k, v in entity.attributes.items() if v},
                votes=Counter({entity.type: 1}),
                touched=True,
            )
            return
        known = {fold_name(current.name)} | {fold_name(a) for a in current.aliases}
        for alias in [entity.name, *entity.aliases]:
            key = fold_name(alias)
            if key and key not in known:
                known.add(key)
                current.aliases.append(alias)
        for key, value in entity.attributes.items():
            if value and key not in current.attributes:
                current.attributes[key] = str(value)
        tally = current.votes
        tally[entity.type] += 1
        current.type = type_by_vote(tally, current.type)
        current.touched = True

    def _relation_state(
        self, tx: ManagedTransaction, batch: list[tuple[Article, list[Relation]]]
    ) -> dict[str, _RelationState]:
        """Stored summaries of the batch's relations and which of the batch's articles they already hold."""
        state: dict[str, _RelationState] = {}
        articles: dict[str, set[str]] = defaultdict(set)
        for article, relations in batch:
            for r in relations:
                state.setdefault(r.id, _RelationState(id=r.id, type=r.type, source=r.source, target=r.target))
                articles[r.id].add(article.id)
                articles[r.id].update(e.article_id for e in r.evidence if e.article_id)
        rows = [{"s": i.source, "t": i.target, "id": i.id, "articles": sorted(articles[i.id])} for i in state.values()]
        for row in self._rows(tx, Statement(Q_RELATION_STATE, rows)):
            item = state[row["id"]]
            item.attributes = json.loads(row["attributes"] or "{}")
            item.confidence = row["confidence"]
            item.dates = [d for d in (row["first_seen"], row["last_seen"]) if d]
            item.count = row["count"] or 0
            item.held = set(row["held"] or [])
        return state

    def _entity_statements(self, state: dict[str, _EntityState]) -> Iterator[Statement]:
        relabel: dict[EntityType, list[str]] = defaultdict(list)
        merge: dict[EntityType, list[dict]] = defaultdict(list)
        for item in state.values():
            if not item.touched:
                continue
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

    def _relation_statements(self, state: dict[str, _RelationState]) -> Iterator[Statement]:
        by_type: dict[RelationType, list[dict]] = defaultdict(list)
        for item in state.values():
            dates = sorted(item.dates + [_iso(e.published) for e in item.fresh if e.published])
            summary = {
                "s": item.source,
                "t": item.target,
                "id": item.id,
                "confidence": item.confidence if item.confidence is not None else 1.0,
                "attributes": json.dumps(item.attributes, ensure_ascii=False, sort_keys=True),
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
        entities_by_type = {r["t"]: r["n"] for r in by_type if r["t"] in {t.value for t in EntityType} and r["n"]}
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
                    + _RELATION_RETURN,
                    self._params({"id": entity_id, "types": RELATION_TYPES}),
                ).data()
            return node[0], articles, relations

        node, article_rows, relation_rows = self._read_many(work)
        if node is None:
            return None
        entity = _entity_from_row(node)
        views = [_relation_view(row) for row in relation_rows]
        views.sort(key=lambda v: (v.type.value, v.first_seen or date.min, v.source_name, v.target_name, v.id))
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
                day = _date(published)
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
                f"MATCH (n:{ENTITY_LABEL})-[r]->(o:{ENTITY_LABEL}) WHERE type(r) IN $types " + _RELATION_RETURN,
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
            entity.mentions = sorted(by_entity.get(entity.id, []), key=_evidence_key)
            entities.append(entity)
        relations = [
            Relation(
                id=v.id, type=v.type, source=v.source, target=v.target,
                attributes=v.attributes, evidence=v.evidence, confidence=v.confidence,
            )  # fmt: skip
            for v in map(_relation_view, relation_rows)
        ]
        articles = [
            Article(
                id=r["id"], url=r["url"], title=r["title"], outlet=r["outlet"], author=r["author"],
                published=_date(r["published"]), text="",
            )  # fmt: skip
            for r in article_rows
        ]
        return GraphSnapshot(
            articles=sorted(articles, key=lambda a: a.id),
            entities=sorted(entities, key=lambda e: e.id),
            relations=sorted(relations, key=lambda r: r.id),
        )

    def query(self, text: str, language: str, params: dict | None = None) -> list[dict]:
        """Run any Cypher (read or write) in one transaction; rows come back as plain JSON-able dicts."""
        if language.lower() != "cypher":
            return super().query(text, language)
        with self._errors(), self._session() as session:
            rows = session.execute_write(lambda tx: tx.run(text, self._params(params or {})).data())
        return [{k: _plain(v) for k, v in row.items()} for row in rows]

    def clear(self) -> None:
        """Delete every node and relationship (tests and ``push --replace``)."""
        with self._errors():
            self._run_write("MATCH (n) DETACH DELETE n")


# --- row helpers -----------------------------------------------------------------------------------
_RELATION_RETURN = (
    "RETURN r.id AS id, type(r) AS type, startNode(r).id AS source, startNode(r).name AS source_name, "
    "endNode(r).id AS target, endNode(r).name AS target_name, r.attributes AS attributes, "
    "r.confidence AS confidence, " + ", ".join(f"r.{f} AS {f}" for f in EVIDENCE_FIELDS)
)


def open_driver(uri: str, auth: tuple[str, str] | None) -> Driver:
    """A driver that gives up within seconds when the server is not there."""
    return GraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=CONNECT_TIMEOUT,
        connection_acquisition_timeout=CONNECT_TIMEOUT * 2,
        max_transaction_retry_time=RETRY_TIME,
    )


def _short_reason(exc: BaseException) -> str:
    text = _one_line(exc)
    if "refused" in text.lower() or "Errno 111" in text:
        return "connection refused"
    if "handshake" in text.lower() or "timed out" in text.lower() or "deadline" in text.lower():
        return "no answer (timed out)"
    return text[:160]


def _article_row(article: Article) -> dict:
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": _iso(article.published) or None,
    }


def _evidence_lists(evidence: list[Evidence]) -> dict[str, list]:
    return {
        "articles": [e.article_id for e in evidence],
        "sentences": [e.sentence for e in evidence],
        "starts": [e.start for e in evidence],
        "ends": [e.end for e in evidence],
        "extractors": [e.extractor for e in evidence],
        "confidences": [float(e.confidence) for e in evidence],
        "published": [_iso(e.published) for e in evidence],
    }




def _apply_relation(state: dict[str, _RelationState], relation: Relation, article: Article) -> None:
    """Add an article's relation: max confidence, first value per attribute, evidence of articles not yet held.

    An article's evidence is written whole in one batch, so "the stored relation already holds evidence
    from this article" is the idempotence test; within an article every evidence the extractor gave
    is kept, as the embedded store keeps it.
    """
    item = state[relation.id]
    item.confidence = relation.confidence if item.confidence is None else max(item.confidence, relation.confidence)
    for key, value in relation.attributes.items():
        if value and key not in item.attributes:
            item.attributes[key] = str(value)
    for evidence in relation.evidence:
        evidence = evidence.model_copy(
            update={"article_id": evidence.article_id or article.id, "published": evidence.published or article.published}
        )
        if evidence.article_id in item.held:  # written before (a retried batch): not again
            continue
        item.fresh.append(evidence)


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
            Evidence(article_id=a, sentence=s, start=st, end=en, extractor=ex, confidence=co, published=_date(pu))
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
    evidence = sorted(_evidence_from_lists(row), key=_evidence_key)
    dates = [e.published for e in evidence if e.published]
    return RelationView(
        id=row["id"],
        type=RelationType(row["type"]),
        source=row["source"],
        source_name=row["source_name"] or row["source"],
        target=row["target"],
        target_name=row["target_name"] or row["target"],
        attributes=json.loads(row["attributes"] or "{}"),
        confidence=row["confidence"] if row["confidence"] is not None else 1.0,
        evidence=evidence,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
    )


def _plain(value: object) -> object:
    """Driver values as JSON-able Python: temporal types as ISO strings, tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, date):
        return value.isoformat()
    return value
