"""The store logic shared by every SPARQL-speaking back-end (the embedded Oxigraph store and any SPARQL
1.1 endpoint): every question is written once here over a few primitives — select, ask, update.

Every value that enters a query is a pyoxigraph term serialised by the library (``VALUES`` blocks,
``INSERT DATA``); names and texts are never pasted in as strings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

import pyoxigraph as ox

from graph import rdf_vocabulary as voc
from graph.bulk import no_cycle_collection
from graph.corrections import CorrectedWrites
from graph.merge import EntityState, merge_entities_by_id, merge_entity, storable_relations
from graph.model import (
    EntityName,
    EntityView,
    Extraction,
    GraphSnapshot,
    Member,
    RelationType,
    RelationView,
    StoreStats,
)
from graph.names import fold_name
from graph.rdf_decode import (
    SNAPSHOT_KINDS,
    SNAPSHOT_PROPERTIES,
    grouped_properties,
    snapshot_from_properties,
    snapshot_from_quads,
    subject_key,
)
from graph.rdf_encode import entity_quads, extraction_quads, insert_data, values_clause
from graph.stores.base import FastQuestions, GraphStore, WriteReport
from graph.stores.corrections_rdf import RdfCorrections
from graph.stores.sparql_questions import SparqlQuestions

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in voc.PREFIXES.items())
ENTITIES = str(voc.ENTITIES_GRAPH)
MEMBER_PROPERTIES = (voc.RELATION_PROPERTY[RelationType.PARTICIPATES_IN], voc.RELATION_PROPERTY[RelationType.PART_OF])

Row = dict[str, object]
# Stand-ins for "no date" inside MIN/MAX (an unbound value would void the whole aggregate).
EARLIEST, LATEST = voc.date_literal(date(1, 1, 1)), voc.date_literal(date(9999, 12, 31))


def _real_date(term: object) -> date | None:
    value = voc.as_date(term)
    return None if value in (date(1, 1, 1), date(9999, 12, 31)) else value


def chunks(items: Sequence, size: int = 400) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class SparqlGraphStore(CorrectedWrites, RdfCorrections, GraphStore):
    """The store logic shared by every SPARQL-speaking back-end; a back-end provides the primitives."""

    supports_sparql = True
    supports_fast_questions = True

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
    def _write(self, extractions: Iterable[Extraction]) -> WriteReport:
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
        graph, node = voc.article_graph(article_id), voc.article_node(article_id)
        return self._ask(f"ASK {{ GRAPH {graph} {{ {node} a ckg:Article }} }}")

    def _article_update(self, extraction: Extraction) -> tuple[str, int, int]:
        """One update text that adds the article's graph and merges its entities, atomically."""
        entities = merge_entities_by_id(extraction.entities)
        by_id = {e.id: e for e in entities}
        end_ids = {r.source for r in extraction.relations} | {r.target for r in extraction.relations}
        stored = self._entity_states(sorted(set(by_id) | end_ids))
        votes = self._type_votes(sorted(set(by_id) & set(stored)))

        inserts: list[ox.Quad] = []
        deletes: list[ox.Quad] = []
        for entity in entities:
            before = stored.get(entity.id)
            if before is None:
                inserts.extend(entity_quads(entity))
                continue
            after = replace(before, aliases=list(before.aliases), attributes=dict(before.attributes),
                            votes=votes.get(entity.id, Counter()))
            merge_entity(after, entity)
            removed, added = _entity_changes(before, after)
            deletes.extend(removed)
            inserts.extend(added)

        relations = storable_relations(extraction.relations, set(by_id) | set(stored))
        clean = extraction.model_copy(update={"entities": entities, "relations": relations})
        inserts.extend(extraction_quads(clean))
        parts = []
        if deletes:
            parts.append("DELETE DATA {\n" + insert_data(deletes) + "\n}")
        parts.append("INSERT DATA {\n" + insert_data(inserts) + "\n}")
        return " ;\n".join(parts), len(entities), len(relations)

    def _entity_states(self, ids: list[str]) -> dict[str, EntityState]:
        """What the entities graph holds of the given entities (a stored entry may lack a name or type)."""
        found: dict[str, EntityState] = {}
        for chunk in chunks(ids):
            rows = self._select(
                f"SELECT ?e ?p ?v WHERE {{ {values_clause('e', map(voc.entity_node, chunk))} "
                f"GRAPH {ENTITIES} {{ ?e ?p ?v }} }}"
            )
            for row in rows:
                state = found.setdefault(voc.local_id(row["e"]), EntityState(id=voc.local_id(row["e"]), name="", type=None))
                predicate, value = row["p"].value, row["v"]
                if predicate == voc.RDF_TYPE.value and value.value in voc.CLASS_TYPE:
                    state.type = state.stored_type = voc.CLASS_TYPE[value.value]
                elif predicate == voc.SCHEMA_NAME.value:
                    state.name = value.value
                elif predicate == voc.SKOS_ALT_LABEL.value:
                    state.aliases.append(value.value)
                elif (key := voc.property_attribute(predicate)) is not None:
                    state.attributes.setdefault(key, value.value)
        return found

    def _type_votes(self, ids: list[str]) -> dict[str, Counter]:
        """How many stored articles gave each entity each type."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for chunk in chunks(ids):
            rows = self._select(
                f"SELECT ?e ?t (COUNT(DISTINCT ?g) AS ?n) WHERE {{ "
                f"{values_clause('e', map(voc.entity_node, chunk))} "
                f"GRAPH ?g {{ ?e ckg:assertedType ?t }} }} GROUP BY ?e ?t"
            )
            for row in rows:
                if row["t"].value in voc.CLASS_TYPE:
                    votes[voc.local_id(row["e"])][voc.CLASS_TYPE[row["t"].value]] += int(row["n"].value)
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
            voc.CLASS_TYPE[r["t"].value].value: int(r["n"].value) for r in by_type if r["t"].value in voc.CLASS_TYPE
        }
        relations_by_type = {
            voc.PROPERTY_RELATION[r["p"].value].value: int(r["n"].value)
            for r in by_relation
            if r["p"].value in voc.PROPERTY_RELATION
        }
        return StoreStats.from_counts(int(articles[0]["n"].value) if articles else 0, entities_by_type, relations_by_type)

    def entity_names(self) -> list[EntityName]:
        rows = self._select(
            f"SELECT ?e ?t ?name ?alias WHERE {{ GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name . "
            f"OPTIONAL {{ ?e skos:altLabel ?alias }} }} }}"
        )
        names: dict[str, EntityName] = {}
        for row in rows:
            if row["t"].value not in voc.CLASS_TYPE:
                continue
            entity_id = voc.local_id(row["e"])
            item = names.get(entity_id)
            if item is None:
                item = names[entity_id] = EntityName(
                    id=entity_id, name=row["name"].value, type=voc.CLASS_TYPE[row["t"].value].value
                )
            alias = row.get("alias")
            if alias is not None and alias.value not in item.aliases:
                item.aliases.append(alias.value)
        for item in names.values():
            item.aliases.sort()
        return sorted(names.values(), key=lambda n: (fold_name(n.name), n.id))

    def entity(self, entity_id: str) -> EntityView | None:
        node = voc.entity_node(entity_id)
        rows = self._select(f"SELECT ?p ?v WHERE {{ GRAPH {ENTITIES} {{ {node} ?p ?v }} }}")
        described = snapshot_from_quads(ox.Quad(node, row["p"], row["v"], voc.ENTITIES_GRAPH) for row in rows).entities
        if not described:
            return None
        props = described[0]
        article_rows = self._select(f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a schema:mentions {node} }} }}")
        fact_rows = self._select(
            f"SELECT DISTINCT ?f WHERE {{ {{ GRAPH ?g {{ ?f rdf:subject {node} }} }} "
            f"UNION {{ GRAPH ?g {{ ?f rdf:object {node} }} }} }}"
        )
        relations = self.relation_views([row["f"] for row in fact_rows])
        articles = {voc.local_id(r["a"]) for r in article_rows}
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

    def relation_views(self, facts: list[ox.NamedNode]) -> list[RelationView]:
        """Relations (with evidence and both ends named) for the given fact nodes, in view order."""
        quads: list[ox.Quad] = []
        for chunk in chunks(facts):
            rows = self._select(
                f"SELECT ?x ?p ?v ?g WHERE {{ {values_clause('f', chunk)} GRAPH ?g {{ "
                f"{{ ?f ?p ?v BIND(?f AS ?x) }} UNION {{ ?f prov:wasDerivedFrom ?x . ?x ?p ?v }} }} }}"
            )
            quads.extend(ox.Quad(r["x"], r["p"], r["v"], r["g"]) for r in rows)
        relations = snapshot_from_quads(quads).relations
        names = self.names({r.source for r in relations} | {r.target for r in relations})
        return sorted((RelationView.of(relation, names) for relation in relations), key=RelationView.sort_key)

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        """The stored name of each id found."""
        return {entity_id: name for entity_id, (name, _) in self.names_and_types(ids).items()}

    def names_and_types(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The stored name and type value of each id found."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in chunks(sorted(ids)):
            rows = self._select(
                f"SELECT ?e ?t ?name WHERE {{ {values_clause('e', map(voc.entity_node, chunk))} "
                f"GRAPH {ENTITIES} {{ ?e schema:name ?name . OPTIONAL {{ ?e a ?t }} }} }}"
            )
            for row in rows:
                entity_type = voc.CLASS_TYPE.get(row["t"].value) if "t" in row else None
                entity_id = voc.local_id(row["e"])
                if entity_type is not None or entity_id not in found:
                    found[entity_id] = (row["name"].value, entity_type.value if entity_type else "")
        return found

    def members(self, group_id: str, as_of: date | None = None) -> list[Member]:
        """Subjects of PARTICIPATES_IN / PART_OF facts pointing at the group, aggregated in the engine.

        With ``as_of`` only evidence published on or before that date counts (undated evidence does not).
        """
        group = voc.entity_node(group_id)
        when = f"FILTER(?d <= {voc.date_literal(as_of)})" if as_of else ""
        rows = self._select(
            f"SELECT ?m ?t ?name (MIN(COALESCE(?d, {LATEST})) AS ?first) "
            f"(MAX(COALESCE(?d, {EARLIEST})) AS ?last) (COUNT(DISTINCT ?g) AS ?n) WHERE {{ "
            f"{values_clause('p', MEMBER_PROPERTIES)} "
            f"GRAPH ?g {{ ?f rdf:object {group} ; rdf:predicate ?p ; rdf:subject ?m . "
            f"OPTIONAL {{ ?f ckg:assertedOn ?d }} }} {when} "
            f"GRAPH {ENTITIES} {{ ?m a ?t ; schema:name ?name }} }} GROUP BY ?m ?t ?name"
        )
        members = [
            Member(
                id=voc.local_id(row["m"]),
                name=row["name"].value,
                type=voc.CLASS_TYPE[row["t"].value],
                first_seen=_real_date(row.get("first")),
                last_seen=_real_date(row.get("last")),
                articles=int(row["n"].value),
            )
            for row in rows
            if row["t"].value in voc.CLASS_TYPE
        ]
        members.sort(key=lambda m: (-m.articles, fold_name(m.name), m.id))
        return members

    @no_cycle_collection()
    def snapshot(self) -> GraphSnapshot:
        """The whole graph, read with one scan per property the models need rather than every quad
        (article mentions, asserted types and direct triples are skipped: a quarter of the quads)."""
        entity_props, nodes = grouped_properties(), grouped_properties()
        for subject, predicate, value in self._tuples(f"SELECT ?s ?p ?o WHERE {{ GRAPH {ENTITIES} {{ ?s ?p ?o }} }}"):
            entity_props[subject_key(subject)][predicate.value].append(value)
        outside_entities = f"FILTER(?g != {ENTITIES})"
        for kind in SNAPSHOT_KINDS:
            for (subject,) in self._tuples(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s a {kind} }} {outside_entities} }}"):
                nodes[subject_key(subject)][voc.RDF_TYPE.value].append(kind)
        stored = {row[0].value for row in self._tuples("SELECT DISTINCT ?p WHERE { GRAPH ?g { ?s ?p ?o } }")}
        wanted = {p.value for p in SNAPSHOT_PROPERTIES} | {p for p in stored if voc.property_attribute(p)}
        for predicate in sorted(wanted & stored):
            rows = self._tuples(f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s {ox.NamedNode(predicate)} ?o }} {outside_entities} }}")
            for subject, value in rows:
                key = subject.value if type(subject) is ox.NamedNode else subject_key(subject)
                nodes[key][predicate].append(value)
        return snapshot_from_properties(entity_props, nodes)

    def quads(self) -> list[ox.Quad]:
        """Every quad of the dataset (for exports and SHACL checks), without a writer's lock claim: the lock
        is the store's bookkeeping, not the graph, and an export taken while an ingest runs must not carry it."""
        from graph.stores.writer_lock import LOCK_GRAPH

        return [q for q in self._all_quads() if getattr(q.graph_name, "value", None) != LOCK_GRAPH]

    def query(self, text: str, language: str) -> list[dict]:
        if language.lower() != "sparql":
            return super().query(text, language)
        return self._run_user_query(text)

    def fast_questions(self) -> FastQuestions:
        return SparqlQuestions(self)


# --- merge rules as quads ------------------------------------------------------------------------
def _entity_changes(before: EntityState, after: EntityState) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The quads to delete and to insert in the entities graph to turn ``before`` into ``after``."""
    node, graph = voc.entity_node(after.id), voc.ENTITIES_GRAPH
    removed: list[ox.Quad] = []
    added: list[ox.Quad] = []
    if after.name != before.name:
        if before.name:
            removed.append(ox.Quad(node, voc.SCHEMA_NAME, ox.Literal(before.name), graph))
        added.append(ox.Quad(node, voc.SCHEMA_NAME, ox.Literal(after.name), graph))
    for alias in set(before.aliases) - set(after.aliases):
        removed.append(ox.Quad(node, voc.SKOS_ALT_LABEL, ox.Literal(alias), graph))
    for alias in after.aliases:
        if alias not in before.aliases:
            added.append(ox.Quad(node, voc.SKOS_ALT_LABEL, ox.Literal(alias), graph))
    for key, value in after.attributes.items():
        if before.attributes.get(key) != value:
            if key in before.attributes:
                removed.append(ox.Quad(node, voc.attribute_property(key), ox.Literal(before.attributes[key]), graph))
            added.append(ox.Quad(node, voc.attribute_property(key), ox.Literal(value), graph))
    if after.type is not None and after.type != before.stored_type:
        if before.stored_type is not None:
            removed.append(ox.Quad(node, voc.RDF_TYPE, voc.TYPE_CLASS[before.stored_type], graph))
        added.append(ox.Quad(node, voc.RDF_TYPE, voc.TYPE_CLASS[after.type], graph))
    return removed, added


def user_rows(result: object) -> list[dict]:
    """Rows of plain Python values for any query form."""
    if isinstance(result, (ox.QueryBoolean, bool)):
        return [{"result": bool(result)}]
    if isinstance(result, ox.QueryTriples):
        return triple_rows(result)
    names = [v.value for v in result.variables]
    return [{name: voc.to_python(solution[name]) for name in names} for solution in result]


def triple_rows(triples: Iterable[ox.Triple]) -> list[dict]:
    return [
        {"subject": voc.to_python(t.subject), "predicate": voc.to_python(t.predicate), "object": voc.to_python(t.object)}
        for t in triples
    ]


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
