"""RDF stores: the embedded Oxigraph store on disk and any SPARQL 1.1 endpoint, behind one interface.

Both speak SPARQL, so every question is written once (``SparqlGraphStore``) over three primitives:
select, ask and update.  Every value that enters a query is a pyoxigraph term serialised by the
library (``VALUES`` blocks, ``INSERT DATA``); names and texts are never pasted in as strings.
"""

from __future__ import annotations

import base64
import fcntl
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from graph import rdf_mapping as rm
from graph.bulk import no_cycle_collection
from graph.merge import merge_entities_by_id, merge_relations_by_id, type_by_vote
from graph.model import (
    Entity,
    EntityType,
    EntityView,
    Extraction,
    GraphSnapshot,
    Member,
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

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in rm.PREFIXES.items())
ENTITIES = str(rm.ENTITIES_GRAPH)
LOCK_FILE = "clusterkg.lock"
MEMBER_PROPERTIES = (rm.RELATION_PROPERTY[RelationType.PARTICIPATES_IN], rm.RELATION_PROPERTY[RelationType.PART_OF])

Row = dict[str, object]
# Stand-ins for "no date" inside MIN/MAX (an unbound value would void the whole aggregate).
EARLIEST, LATEST = rm.date_literal(date(1, 1, 1)), rm.date_literal(date(9999, 12, 31))


def _real_date(term: object) -> date | None:
    value = rm.as_date(term)
    return None if value in (date(1, 1, 1), date(9999, 12, 31)) else value


def _chunks(items: Sequence, size: int = 400) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SparqlGraphStore(GraphStore):
    """The store logic shared by every SPARQL-speaking back-end."""

    supports_sparql = True

    # --- primitives a back-end provides ----------------------------------------------------------
    def _select(self, query: str) -> list[Row]:
        """Rows of pyoxigraph terms for a SELECT written with the ontology prefixes."""
        raise NotImplementedError

    def _ask(self, query: str) -> bool:
        raise NotImplementedError

    def _update(self, update: str) -> None:
        """Run one SPARQL update as one transaction."""
        raise NotImplementedError

    def _all_quads(self) -> Iterable[ox.Quad]:
        raise NotImplementedError

    def _tuples(self, query: str) -> list[tuple]:
        """Rows of a SELECT as tuples of terms in the order of its variables (bulk reads)."""
        raise NotImplementedError

    def _run_user_query(self, text: str) -> list[dict]:
        raise NotImplementedError

    # --- writing ----------------------------------------------------------------------------------
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
        report = WriteReport()
        for extraction in extractions:
            article_id = extraction.article.id
            if self.has_article(article_id):
                report.skipped_existing.append(article_id)
                continue
            update, entities, relations = self._article_update(extraction)
            self._update(update)
            report.written.append(article_id)
            report.entities += entities
            report.relations += relations
        return report

    def has_article(self, article_id: str) -> bool:
        graph, node = rm.article_graph(article_id), rm.article_node(article_id)
        return self._ask(f"ASK {{ GRAPH {graph} {{ {node} a ckg:Article }} }}")

    def _article_update(self, extraction: Extraction) -> tuple[str, int, int]:
        """One update text that adds the article's graph and merges its entities, atomically."""
        entities = merge_entities_by_id(extraction.entities)
        by_id = {e.id: e for e in entities}
        end_ids = {r.source for r in extraction.relations} | {r.target for r in extraction.relations}
        stored = self._entity_props(sorted(set(by_id) | end_ids))
        votes = self._type_votes(sorted(set(by_id) & set(stored)))

        inserts: list[ox.Quad] = []
        deletes: list[ox.Quad] = []
        for entity in entities:
            props = stored.get(entity.id)
            if props is None:
                inserts.extend(rm.entity_quads(entity))
                continue
            inserts.extend(_merged_entity_quads(entity, props))
            current = props.get("type")
            tally = votes.get(entity.id, Counter())
            tally[entity.type] += 1
            winner = type_by_vote(tally, current)
            if current is not None and winner != current:
                node = rm.entity_node(entity.id)
                deletes.append(ox.Quad(node, rm.RDF_TYPE, rm.TYPE_CLASS[current], rm.ENTITIES_GRAPH))
                inserts.append(ox.Quad(node, rm.RDF_TYPE, rm.TYPE_CLASS[winner], rm.ENTITIES_GRAPH))

        known = set(by_id) | set(stored)
        relations = merge_relations_by_id(
            r for r in extraction.relations if r.source in known and r.target in known and r.source != r.target
        )
        clean = extraction.model_copy(update={"entities": entities, "relations": relations})
        inserts.extend(rm.extraction_quads(clean))
        parts = []
        if deletes:
            parts.append("DELETE DATA {\n" + rm.insert_data(deletes) + "\n}")
        parts.append("INSERT DATA {\n" + rm.insert_data(inserts) + "\n}")
        return " ;\n".join(parts), len(entities), len(relations)

    def _entity_props(self, ids: list[str]) -> dict[str, dict]:
        """Stored type, name, aliases and attribute keys of the given entities."""
        found: dict[str, dict] = {}
        for chunk in _chunks(ids):
            rows = self._select(
                f"SELECT ?e ?p ?v WHERE {{ {rm.values_clause('e', map(rm.entity_node, chunk))} "
                f"GRAPH {ENTITIES} {{ ?e ?p ?v }} }}"
            )
            for row in rows:
                props = found.setdefault(rm.local_id(row["e"]), {"aliases": [], "attributes": set()})
                predicate, value = row["p"].value, row["v"]
                if predicate == rm.RDF_TYPE.value and value.value in rm.CLASS_TYPE:
                    props["type"] = rm.CLASS_TYPE[value.value]
                elif predicate == rm.SCHEMA_NAME.value:
                    props["name"] = value.value
                elif predicate == rm.SKOS_ALT_LABEL.value:
                    props["aliases"].append(value.value)
                elif (key := rm.property_attribute(predicate)) is not None:
                    props["attributes"].add(key)
        return found

    def _type_votes(self, ids: list[str]) -> dict[str, Counter]:
        """How many stored articles gave each entity each type."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for chunk in _chunks(ids):
            rows = self._select(
                f"SELECT ?e ?t (COUNT(DISTINCT ?g) AS ?n) WHERE {{ "
                f"{rm.values_clause('e', map(rm.entity_node, chunk))} "
                f"GRAPH ?g {{ ?e ckg:assertedType ?t }} }} GROUP BY ?e ?t"
            )
            for row in rows:
                if row["t"].value in rm.CLASS_TYPE:
                    votes[rm.local_id(row["e"])][rm.CLASS_TYPE[row["t"].value]] += int(row["n"].value)
        return votes

    # --- reading ----------------------------------------------------------------------------------
    def stats(self) -> StoreStats:
        articles = self._select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a a ckg:Article } }")
        by_type = self._select(
            f"SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH {ENTITIES} {{ ?e a ?t }} }} GROUP BY ?t"
        )
        by_relation = self._select(
            "SELECT ?p (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f rdf:predicate ?p } } GROUP BY ?p"
        )
        entities_by_type = {
            rm.CLASS_TYPE[r["t"].value].value: int(r["n"].value) for r in by_type if r["t"].value in rm.CLASS_TYPE
        }
        relations_by_type = {
            rm.PROPERTY_RELATION[r["p"].value].value: int(r["n"].value)
            for r in by_relation
            if r["p"].value in rm.PROPERTY_RELATION
        }
        return StoreStats.from_counts(int(articles[0]["n"].value) if articles else 0, entities_by_type, relations_by_type)

    def entity_names(self) -> list[EntityName]:
        rows = self._select(
            f"SELECT ?e ?t ?name ?alias WHERE {{ GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name . "
            f"OPTIONAL {{ ?e skos:altLabel ?alias }} }} }}"
        )
        names: dict[str, EntityName] = {}
        for row in rows:
            if row["t"].value not in rm.CLASS_TYPE:
                continue
            entity_id = rm.local_id(row["e"])
            item = names.get(entity_id)
            if item is None:
                item = names[entity_id] = EntityName(
                    id=entity_id, name=row["name"].value, type=rm.CLASS_TYPE[row["t"].value].value
                )
            alias = row.get("alias")
            if alias is not None and alias.value not in item.aliases:
                item.aliases.append(alias.value)
        for item in names.values():
            item.aliases.sort()
        return sorted(names.values(), key=lambda n: (fold_name(n.name), n.id))

    def entity(self, entity_id: str) -> EntityView | None:
        props = self._entity_description(entity_id)
        if props is None:
            return None
        node = rm.entity_node(entity_id)
        article_rows = self._select(f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a schema:mentions {node} }} }}")
        fact_rows = self._select(
            f"SELECT DISTINCT ?f WHERE {{ {{ GRAPH ?g {{ ?f rdf:subject {node} }} }} "
            f"UNION {{ GRAPH ?g {{ ?f rdf:object {node} }} }} }}"
        )
        relations = self._relation_views([row["f"] for row in fact_rows])
        articles = {rm.local_id(r["a"]) for r in article_rows}
        for relation in relations:
            articles.update(e.article_id for e in relation.evidence)
        return EntityView(
            id=entity_id,
            name=props.name,
            type=props.type,
            aliases=props.aliases,
            attributes=props.attributes,
            articles=sorted(a for a in articles if a),
            relations=relations,
        )

    def _entity_description(self, entity_id: str) -> Entity | None:
        node = rm.entity_node(entity_id)
        rows = self._select(f"SELECT ?p ?v WHERE {{ GRAPH {ENTITIES} {{ {node} ?p ?v }} }}")
        quads = [ox.Quad(node, row["p"], row["v"], rm.ENTITIES_GRAPH) for row in rows]
        entities = rm.snapshot_from_quads(quads).entities
        return entities[0] if entities else None

    def _relation_views(self, facts: list[ox.NamedNode]) -> list[RelationView]:
        """Relations (with evidence and both ends named) for the given fact nodes."""
        quads: list[ox.Quad] = []
        for chunk in _chunks(facts):
            rows = self._select(
                f"SELECT ?x ?p ?v ?g WHERE {{ {rm.values_clause('f', chunk)} GRAPH ?g {{ "
                f"{{ ?f ?p ?v BIND(?f AS ?x) }} UNION {{ ?f prov:wasDerivedFrom ?x . ?x ?p ?v }} }} }}"
            )
            quads.extend(ox.Quad(r["x"], r["p"], r["v"], r["g"]) for r in rows)
        relations = rm.snapshot_from_quads(quads).relations
        names = self._names({r.source for r in relations} | {r.target for r in relations})
        views = []
        for relation in relations:
            dates = [e.published for e in relation.evidence if e.published]
            views.append(
                RelationView(
                    id=relation.id,
                    type=relation.type,
                    source=relation.source,
                    source_name=names.get(relation.source, relation.source),
                    target=relation.target,
                    target_name=names.get(relation.target, relation.target),
                    attributes=relation.attributes,
                    confidence=relation.confidence,
                    evidence=relation.evidence,
                    first_seen=min(dates) if dates else None,
                    last_seen=max(dates) if dates else None,
                )
            )
        views.sort(key=lambda v: (v.type.value, v.first_seen or date.min, v.source_name, v.target_name, v.id))
        return views

    def _names(self, ids: Iterable[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        for chunk in _chunks(sorted(ids)):
            rows = self._select(
                f"SELECT ?e ?name WHERE {{ {rm.values_clause('e', map(rm.entity_node, chunk))} "
                f"GRAPH {ENTITIES} {{ ?e schema:name ?name }} }}"
            )
            names.update((rm.local_id(r["e"]), r["name"].value) for r in rows)
        return names

    def members(self, group_id: str, as_of: date | None = None) -> list[Member]:
        """Subjects of PARTICIPATES_IN / PART_OF facts pointing at the group, aggregated in the engine.

        With ``as_of`` only evidence published on or before that date counts (undated evidence does not).
        """
        group = rm.entity_node(group_id)
        when = f"FILTER(?d <= {rm.date_literal(as_of)})" if as_of else ""
        rows = self._select(
            f"SELECT ?m ?t ?name (MIN(COALESCE(?d, {LATEST})) AS ?first) "
            f"(MAX(COALESCE(?d, {EARLIEST})) AS ?last) (COUNT(DISTINCT ?g) AS ?n) WHERE {{ "
            f"{rm.values_clause('p', MEMBER_PROPERTIES)} "
            f"GRAPH ?g {{ ?f rdf:object {group} ; rdf:predicate ?p ; rdf:subject ?m . "
            f"OPTIONAL {{ ?f ckg:assertedOn ?d }} }} {when} "
            f"GRAPH {ENTITIES} {{ ?m a ?t ; schema:name ?name }} }} GROUP BY ?m ?t ?name"
        )
        members = [
            Member(
                id=rm.local_id(row["m"]),
                name=row["name"].value,
                type=rm.CLASS_TYPE[row["t"].value],
                first_seen=_real_date(row.get("first")),
                last_seen=_real_date(row.get("last")),
                articles=int(row["n"].value),
            )
            for row in rows
            if row["t"].value in rm.CLASS_TYPE
        ]
        members.sort(key=lambda m: (-m.articles, fold_name(m.name), m.id))
        return members

    def _types_and_names(self, ids: list[str]) -> dict[str, tuple[str, EntityType]]:
        found: dict[str, tuple[str, EntityType]] = {}
        for chunk in _chunks(sorted(ids)):
            rows = self._select(
                f"SELECT ?e ?t ?name WHERE {{ {rm.values_clause('e', map(rm.entity_node, chunk))} "
                f"GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name }} }}"
            )
            for row in rows:
                if row["t"].value in rm.CLASS_TYPE:
                    found[rm.local_id(row["e"])] = (row["name"].value, rm.CLASS_TYPE[row["t"].value])
        return found

    @no_cycle_collection()
    def snapshot(self) -> GraphSnapshot:
        """The whole graph, read with one scan per property the models need rather than every quad
        (article mentions, asserted types and direct triples are skipped: a quarter of the quads)."""
        entity_props, nodes = rm.grouped_properties(), rm.grouped_properties()
        for subject, predicate, value in self._tuples(f"SELECT ?s ?p ?o WHERE {{ GRAPH {ENTITIES} {{ ?s ?p ?o }} }}"):
            entity_props[rm.subject_key(subject)][predicate.value].append(value)
        outside_entities = f"FILTER(?g != {ENTITIES})"
        for kind in rm.SNAPSHOT_KINDS:
            for (subject,) in self._tuples(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s a {kind} }} {outside_entities} }}"):
                nodes[rm.subject_key(subject)][rm.RDF_TYPE.value].append(kind)
        stored = {row[0].value for row in self._tuples("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")}
        wanted = {p.value for p in rm.SNAPSHOT_PROPERTIES} | {p for p in stored if rm.property_attribute(p)}
        for predicate in sorted(wanted & stored):
            rows = self._tuples(f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s {ox.NamedNode(predicate)} ?o }} {outside_entities} }}")
            for subject, value in rows:
                key = subject.value if type(subject) is ox.NamedNode else rm.subject_key(subject)
                nodes[key][predicate].append(value)
        return rm.snapshot_from_properties(entity_props, nodes)

    def quads(self) -> list[ox.Quad]:
        """Every quad of the dataset (for exports and SHACL checks)."""
        return list(self._all_quads())

    def query(self, text: str, language: str) -> list[dict]:
        if language.lower() != "sparql":
            return super().query(text, language)
        return self._run_user_query(text)


# --- merge rules ---------------------------------------------------------------------------------
def _merged_entity_quads(entity: Entity, props: dict) -> list[ox.Quad]:
    """What an article adds to an entity already stored: new aliases and attributes only."""
    known = {fold_name(props.get("name", ""))} | {fold_name(a) for a in props["aliases"]}
    node = rm.entity_node(entity.id)
    quads = []
    for alias in [entity.name, *entity.aliases]:
        key = fold_name(alias)
        if key and key not in known:
            known.add(key)
            quads.append(ox.Quad(node, rm.SKOS_ALT_LABEL, ox.Literal(alias), rm.ENTITIES_GRAPH))
    for key, value in entity.attributes.items():
        if value and key not in props["attributes"]:
            quads.append(ox.Quad(node, rm.attribute_property(key), ox.Literal(str(value)), rm.ENTITIES_GRAPH))
    if "name" not in props:  # an entity graph entry without a name: complete it
        quads.append(ox.Quad(node, rm.SCHEMA_NAME, ox.Literal(entity.name), rm.ENTITIES_GRAPH))
    if "type" not in props:
        quads.append(ox.Quad(node, rm.RDF_TYPE, rm.TYPE_CLASS[entity.type], rm.ENTITIES_GRAPH))
    return quads


def _user_rows(result: object) -> list[dict]:
    """Rows of plain Python values for any query form."""
    if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
        return [{"result": bool(result)}]
    if isinstance(result, ox.QueryTriples):
        return [
            {"subject": rm.to_python(t.subject), "predicate": rm.to_python(t.predicate), "object": rm.to_python(t.object)}
            for t in result
        ]
    names = [v.value for v in result.variables]
    return [{name: rm.to_python(solution[name]) for name in names} for solution in result]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


# --- the embedded store ------------------------------------------------------------------------------
_WRITERS: dict[str, "EmbeddedRdfStore"] = {}


class EmbeddedRdfStore(SparqlGraphStore):
    """An Oxigraph (RocksDB) dataset in a directory, guarded by a lock file.

    One writer at a time: a writer holds an exclusive ``flock`` on ``DIR/clusterkg.lock`` for as long
    as the store is open; readers take a shared lock.  A second process waits up to ``lock_timeout``
    seconds (``$CLUSTERKG_LOCK_TIMEOUT``, default 10) and then gets ``StoreUnavailable``.
    """

    kind = "embedded"

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float | None = None) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._lock_fd: int | None = None
        self._shared_from: EmbeddedRdfStore | None = None
        if lock_timeout is None:
            lock_timeout = float(os.environ.get("CLUSTERKG_LOCK_TIMEOUT", "10"))
        key = str(self.path.resolve())
        if key in _WRITERS:
            if not read_only:
                raise StoreUnavailable(f"store {self.path} is already open for writing in this process")
            self._shared_from = _WRITERS[key]
            self._store = self._shared_from._store
            return
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreUnavailable(f"no store at {self.path}: ingest some articles first (or pass --store DIR)")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create store directory {self.path}: {exc.strerror}") from None
        self._lock(lock_timeout)
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            self._unlock()
            raise StoreUnavailable(f"cannot open store {self.path}: {_one_line(exc)}") from None
        if not read_only:
            _WRITERS[key] = self

    # --- locking ---------------------------------------------------------------------------------
    def _lock(self, timeout: float) -> None:
        lock_path = self.path / LOCK_FILE
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            if not self.read_only:
                raise StoreUnavailable(f"store {self.path} is not writable") from None
            try:
                fd = os.open(lock_path, os.O_RDONLY)
            except OSError:
                return  # a read-only copy without a lock file: nothing to coordinate with
        mode = fcntl.LOCK_SH if self.read_only else fcntl.LOCK_EX
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    raise StoreUnavailable(
                        f"store {self.path} is locked by another process (pid {holder or 'unknown'})"
                    ) from None
                time.sleep(0.1)
        if not self.read_only:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            finally:
                os.close(self._lock_fd)
                self._lock_fd = None

    def close(self) -> None:
        if getattr(self, "_store", None) is None:
            return
        if self._shared_from is None and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
            _WRITERS.pop(str(self.path.resolve()), None)
        self._store = None  # dropping the last reference closes RocksDB
        self._unlock()

    def __del__(self) -> None:  # pragma: no cover - safety net
        try:
            self.close()
        except Exception:
            pass

    # --- primitives ----------------------------------------------------------------------------------
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def _select(self, query: str) -> list[Row]:
        result = self._db().query(PROLOGUE + query)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]

    def _ask(self, query: str) -> bool:
        return bool(self._db().query(PROLOGUE + query))

    def _tuples(self, query: str) -> list[tuple]:
        return [tuple(solution) for solution in self._db().query(PROLOGUE + query)]

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self._db().update(PROLOGUE + update)
        except OSError as exc:
            raise StoreError(f"writing to store {self.path} failed: {_one_line(exc)}") from None

    def _all_quads(self) -> Iterable[ox.Quad]:
        return list(self._db().quads_for_pattern(None, None, None, None))

    def _run_user_query(self, text: str) -> list[dict]:
        try:
            result = self._db().query(text, prefixes=rm.PREFIXES, use_default_graph_as_union=True)
            return _user_rows(result)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {_one_line(exc)}") from None
        except (OSError, ValueError) as exc:
            raise StoreError(f"SPARQL query failed: {_one_line(exc)}") from None

    def dump(self, path: str | Path, fmt: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        """Write the whole dataset to a file (N-Quads by default)."""
        self._db().dump(output=str(path), format=fmt)


def _read_pid(fd: int) -> str | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None


# --- a SPARQL 1.1 endpoint -------------------------------------------------------------------------
class SparqlEndpointStore(SparqlGraphStore):
    """Any SPARQL 1.1 server through the protocol (Oxigraph server, Fuseki, GraphDB, Virtuoso).

    ``url`` is the query endpoint; the update endpoint is ``update_url``, else ``…/update`` when the
    URL ends in ``/query``, else ``BASE/query`` and ``BASE/update`` for a bare server URL (Oxigraph),
    else the same URL.  Credentials in the URL (``http://user:pass@host/…``) become Basic auth.
    """

    kind = "sparql"

    def __init__(self, url: str, update_url: str | None = None, timeout: float = 30.0) -> None:
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreUnavailable(f"not a SPARQL endpoint URL: {url!r}")
        self._auth = None
        if parts.username:
            credentials = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self._auth = "Basic " + base64.b64encode(credentials.encode()).decode()
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
        clean = urllib.parse.urlunsplit(parts)
        if parts.path in ("", "/"):
            base = clean.rstrip("/")
            self.query_url, self.update_url = base + "/query", base + "/update"
        elif parts.path.endswith("/query"):
            self.query_url, self.update_url = clean, clean[: -len("query")] + "update"
        else:
            self.query_url, self.update_url = clean, clean
        if update_url:
            self.update_url = update_url
        self.url = self.query_url
        try:
            self._post(self.query_url, "query", "ASK {}", "application/sparql-results+json", timeout=5.0)
        except StoreError as exc:
            raise StoreUnavailable(str(exc)) from None

    def _post(self, url: str, field: str, text: str, accept: str | None, timeout: float | None = None) -> tuple[bytes, str]:
        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        if accept:
            request.add_header("Accept", accept)
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()
            raise StoreError(
                f"SPARQL endpoint {url} answered {exc.code}: {detail[0] if detail else exc.reason}"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreUnavailable(f"SPARQL endpoint {url} is unreachable: {reason}") from None

    def _results(self, query: str) -> object:
        body, _ = self._post(self.query_url, "query", PROLOGUE + query, "application/sparql-results+json")
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def _select(self, query: str) -> list[Row]:
        result = self._results(query)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]

    def _ask(self, query: str) -> bool:
        return bool(self._results(query))

    def _tuples(self, query: str) -> list[tuple]:
        return [tuple(solution) for solution in self._results(query)]

    def _update(self, update: str) -> None:
        self._post(self.update_url, "update", PROLOGUE + update, None)

    def _all_quads(self) -> Iterable[ox.Quad]:
        rows = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def _run_user_query(self, text: str) -> list[dict]:
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in rm.PREFIXES.items())
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        body, content_type = self._post(self.query_url, "query", prologue + text, accept)
        if "n-triples" in content_type or "turtle" in content_type:
            fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in content_type else ox.RdfFormat.TURTLE
            triples = [q.triple for q in ox.parse(body, fmt)]
            return [
                {"subject": rm.to_python(t.subject), "predicate": rm.to_python(t.predicate), "object": rm.to_python(t.object)}
                for t in triples
            ]
        return _user_rows(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
