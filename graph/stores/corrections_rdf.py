"""Corrections on the RDF stores: the records in the named graph ``ckg:corrections``, and the few
primitives ``graph.correcting`` works through (an article's own graph read back, dropped, rewritten).

A merge also leaves ``<from> owl:sameAs <into>`` in the corrections graph while it is active, so a
SPARQL reader can follow a merged id.  Mixed into ``SparqlGraphStore`` (its ``_select``/``_update``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from graph import rdf_decode as dec
from graph import rdf_encode as enc
from graph import rdf_vocabulary as voc
from graph.corrections import Correction, Op
from graph.model import Entity, EntityType, Extraction
from graph.names import fold_name

CORRECTIONS_GRAPH = voc.ckg("corrections")
CORRECTION = voc.ckg("Correction")
RECORD = voc.ckg("correctionRecord")
STATE = voc.ckg("correctionState")
OP = voc.ckg("correctionOp")
BY = voc.ckg("correctedBy")
AT = voc.ckg("correctedAt")
NOTE = voc.ckg("correctionNote")
UNDONE = voc.ckg("undone")
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
XSD_DATETIME = ox.NamedNode(voc.XSD + "dateTime")
_G = enc.n_triples_term(CORRECTIONS_GRAPH)
_E = enc.n_triples_term(voc.ENTITIES_GRAPH)


def _node(correction_id: str) -> ox.NamedNode:
    return ox.NamedNode(voc.DATA_NS + "correction/" + correction_id)


def _term(value: ox.NamedNode | ox.Literal) -> str:
    return enc.n_triples_term(value)


class RdfCorrections:
    """The correction primitives of a SPARQL-speaking store."""

    # --- the records ----------------------------------------------------------------------------
    def load_corrections(self) -> list[Correction]:
        rows = self._select(f"SELECT ?r WHERE {{ GRAPH {_G} {{ ?c {_term(RECORD)} ?r }} }}")
        return [Correction.model_validate_json(row["r"].value) for row in rows]

    def correction_state(self, correction_id: str) -> dict:
        node = _node(correction_id)
        rows = self._select(f"SELECT ?s WHERE {{ GRAPH {_G} {{ {_term(node)} {_term(STATE)} ?s }} }}")
        return json.loads(rows[0]["s"].value) if rows else {}

    def save_correction(self, correction: Correction, state: dict | None = None) -> None:
        """Write (or rewrite) a correction's record; its undo state only when ``state`` is given."""
        node = _node(correction.id)
        keep_state = "" if state is not None else f"FILTER(?p != {_term(STATE)})"
        quads = [
            ox.Quad(node, voc.RDF_TYPE, CORRECTION, CORRECTIONS_GRAPH),
            ox.Quad(node, RECORD, ox.Literal(correction.model_dump_json()), CORRECTIONS_GRAPH),
            ox.Quad(node, OP, ox.Literal(correction.op.value), CORRECTIONS_GRAPH),
            ox.Quad(node, BY, ox.Literal(correction.by), CORRECTIONS_GRAPH),
            ox.Quad(node, AT, ox.Literal(correction.at.isoformat(), datatype=XSD_DATETIME), CORRECTIONS_GRAPH),
            ox.Quad(node, UNDONE, ox.Literal("true" if correction.undone else "false", datatype=voc.XSD_BOOLEAN),
                    CORRECTIONS_GRAPH),
        ]  # fmt: skip
        if correction.note:
            quads.append(ox.Quad(node, NOTE, ox.Literal(correction.note), CORRECTIONS_GRAPH))
        if state is not None:
            quads.append(ox.Quad(node, STATE, ox.Literal(json.dumps(state, ensure_ascii=False)), CORRECTIONS_GRAPH))
        parts = [
            f"DELETE {{ GRAPH {_G} {{ {_term(node)} ?p ?o }} }} WHERE {{ GRAPH {_G} {{ {_term(node)} ?p ?o {keep_state} }} }}"
        ]
        if correction.op is Op.MERGE:
            same = ox.Quad(voc.entity_node(correction.args["from"]), SAME_AS, voc.entity_node(correction.args["into"]),
                           CORRECTIONS_GRAPH)  # fmt: skip
            parts.append("DELETE DATA {\n" + enc.insert_data([same]) + "\n}")
            if not correction.undone:
                quads.append(same)
        parts.append("INSERT DATA {\n" + enc.insert_data(quads) + "\n}")
        self._update(" ;\n".join(parts))

    # --- articles ---------------------------------------------------------------------------------
    def articles_touching(self, entity_ids: Iterable[str] = (), relation_ids: Iterable[str] = ()) -> list[str]:
        """Articles whose own graph mentions one of the entities, relates them, or states one of the relations."""
        found: set[str] = set()
        entities = [voc.entity_node(i) for i in entity_ids]
        if entities:
            rows = self._select(
                f"SELECT DISTINCT ?a WHERE {{ {enc.values_clause('e', entities)} GRAPH ?g {{ ?a a ckg:Article . "
                "{ ?a schema:mentions ?e } UNION { ?f rdf:subject ?e } UNION { ?f rdf:object ?e } } }"
            )
            found.update(voc.local_id(r["a"]) for r in rows)
        facts = [voc.fact_node(i) for i in relation_ids]
        if facts:
            rows = self._select(
                f"SELECT DISTINCT ?a WHERE {{ {enc.values_clause('f', facts)} GRAPH ?g {{ ?a a ckg:Article . ?f a ckg:Fact }} }}"
            )
            found.update(voc.local_id(r["a"]) for r in rows)
        return sorted(found)

    def article_extraction(self, article_id: str) -> Extraction | None:
        """What the article itself contributed, as an Extraction (entities typed as this article typed them)."""
        graph = voc.article_graph(article_id)
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_term(graph)} {{ ?s ?p ?o }} }}")
        quads = [ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows]
        mentioned: dict[str, EntityType] = {}
        for quad in quads:
            if quad.predicate == voc.ASSERTED_TYPE and quad.object.value in voc.CLASS_TYPE:
                mentioned[voc.local_id(quad.subject)] = voc.CLASS_TYPE[quad.object.value]
        ends = {voc.local_id(q.object) for q in quads if q.predicate in (voc.RDF_SUBJECT, voc.RDF_OBJECT)}
        ids = sorted(set(mentioned) | ends)
        if ids:
            described = self._select(
                f"SELECT ?e ?p ?v WHERE {{ {enc.values_clause('e', map(voc.entity_node, ids))} "
                f"GRAPH {_E} {{ ?e ?p ?v }} }}"
            )
            quads += [ox.Quad(r["e"], r["p"], r["v"], voc.ENTITIES_GRAPH) for r in described]
        snapshot = dec.snapshot_from_quads(quads)
        if not snapshot.articles:
            return None
        entities = [
            Entity(
                id=e.id,
                type=mentioned[e.id],
                name=e.name,
                aliases=e.aliases,
                attributes=e.attributes,
                mentions=e.mentions,
            )
            for e in snapshot.entities
            if e.id in mentioned
        ]
        article = snapshot.articles[0]
        return Extraction(article=article, entities=entities, relations=snapshot.relations)

    def remove_article(self, article_id: str) -> None:
        self._update(f"DROP SILENT GRAPH {_term(voc.article_graph(article_id))}")

    # --- entity descriptions ----------------------------------------------------------------------
    def entity_record(self, entity_id: str) -> Entity | None:
        """The entity's description (no mentions), or None when the store has no such entity."""
        node = voc.entity_node(entity_id)
        rows = self._select(f"SELECT ?p ?v WHERE {{ GRAPH {_E} {{ {_term(node)} ?p ?v }} }}")
        entities = dec.snapshot_from_quads(ox.Quad(node, r["p"], r["v"], voc.ENTITIES_GRAPH) for r in rows).entities
        return Entity.model_validate(entities[0].model_dump()) if entities else None

    def put_entity(self, entity: Entity) -> None:
        """Replace the entity's description (type, name, aliases, attributes); its id stays."""
        node = _term(voc.entity_node(entity.id))
        known = {fold_name(entity.name)}
        aliases = [a for a in entity.aliases if fold_name(a) not in known and not known.add(fold_name(a))]
        entity = entity.model_copy(update={"aliases": aliases})
        self._update(
            f"DELETE WHERE {{ GRAPH {_E} {{ {node} ?p ?o }} }} ;\n"
            "INSERT DATA {\n" + enc.insert_data(enc.entity_quads(entity)) + "\n}"
        )

    def drop_entity(self, entity_id: str) -> None:
        self._update(f"DELETE WHERE {{ GRAPH {_E} {{ {_term(voc.entity_node(entity_id))} ?p ?o }} }}")

    def asserted_types(self, entity_id: str) -> dict[str, str]:
        node = _term(voc.entity_node(entity_id))
        rows = self._select(
            f"SELECT ?a ?t WHERE {{ GRAPH ?g {{ ?a a ckg:Article ; schema:mentions {node} . {node} ckg:assertedType ?t }} }}"
        )
        return {
            voc.local_id(r["a"]): voc.CLASS_TYPE[r["t"].value].value for r in rows if r["t"].value in voc.CLASS_TYPE
        }

    def set_asserted_types(self, entity_id: str, types: dict[str, str]) -> None:
        node = _term(voc.entity_node(entity_id))
        parts = []
        for article_id, type_ in sorted(types.items()):
            graph = _term(voc.article_graph(article_id))
            new = _term(voc.TYPE_CLASS[EntityType(type_)])
            parts.append(
                f"DELETE {{ GRAPH {graph} {{ {node} ckg:assertedType ?t }} }} "
                f"INSERT {{ GRAPH {graph} {{ {node} ckg:assertedType {new} }} }} "
                f"WHERE {{ GRAPH {graph} {{ {node} ckg:assertedType ?t }} }}"
            )
        if parts:
            self._update(" ;\n".join(parts))
