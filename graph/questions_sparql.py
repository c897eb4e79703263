"""SPARQL fast paths for the ready questions on stores that speak SPARQL (embedded, endpoint).

They read the RDF layout of ``graph.rdf_mapping`` through the public ``store.query(text, "sparql")``
and return exactly what the generic snapshot paths in ``graph.questions`` return. Only entity ids
enter the query text, as IRIs built from ids that were checked against a strict pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import networkx as nx

from graph import rdf_mapping as rm
from graph.model import Evidence, RelationView
from graph.stores.base import GraphStore, StoreError

PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in rm.PREFIXES.items())
ENTITIES = f"<{rm.ENTITIES_GRAPH.value}>"
RELATION_PROPERTIES = " ".join(f"<{p.value}>" for p in rm.RELATION_PROPERTY.values())
CHUNK = 500

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ENTITY_PREFIX = rm.entity_node("x").value[:-1]


def _iri(entity_id: str) -> str:
    if not _SAFE_ID.match(entity_id):
        raise StoreError(f"not an entity id: {entity_id!r}")
    return f"<{_ENTITY_PREFIX}{entity_id}>"


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _local(value: object) -> str:
    text = str(value)
    if text.startswith(_ENTITY_PREFIX):  # entity ids need no unquoting: the common, fast case
        return text[len(_ENTITY_PREFIX) :]
    return rm.local_id(text)


class SparqlQuestions:
    """The searches behind ``links``, ``instructions``, ``brokers`` and ``communities`` in SPARQL."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def _rows(self, query: str) -> list[dict]:
        return self.store.query(PROLOGUE + query, "sparql")

    # --- neighbourhoods -------------------------------------------------------------------------
    def neighbours(self, ids: set[str]) -> dict[str, set[str]]:
        """Undirected neighbours over the direct relation triples of every article graph."""
        found: dict[str, set[str]] = {i: set() for i in ids}
        for chunk in _chunks(sorted(ids)):
            values = " ".join(_iri(i) for i in chunk)
            rows = self._rows(
                f"SELECT DISTINCT ?x ?y WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {RELATION_PROPERTIES} }} "
                f"GRAPH ?g {{ {{ ?x ?p ?y }} UNION {{ ?y ?p ?x }} }} }}"
            )
            for row in rows:
                x, y = _local(row["x"]), _local(row["y"])
                if x != y:
                    found[x].add(y)
        return found

    def instruction_subjects(self, by: str | None) -> set[str]:
        target = _iri(by) if by else "?o"
        rows = self._rows(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ckg:instructedBy {target} }} }}")
        return {_local(row["s"]) for row in rows}

    # --- relations between given pairs, with evidence -------------------------------------------------
    def relations_between(self, pairs: set[tuple[str, str]]) -> dict[frozenset, list[RelationView]]:
        """Every relation joining each unordered pair, as ``RelationView`` with its evidence."""
        facts: dict[str, dict] = {}
        ordered = sorted({tuple(sorted(p)) for p in pairs})
        for chunk in _chunks(ordered, CHUNK // 2):
            values = " ".join(f"({_iri(a)} {_iri(b)}) ({_iri(b)} {_iri(a)})" for a, b in chunk)
            rows = self._rows(
                f"SELECT DISTINCT ?f ?s ?p ?o WHERE {{ VALUES (?s ?o) {{ {values} }} "
                f"GRAPH ?g {{ ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}"
            )
            for row in rows:
                if str(row["p"]) in rm.PROPERTY_RELATION:
                    facts[str(row["f"])] = {"s": _local(row["s"]), "o": _local(row["o"]), "p": str(row["p"])}
        props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for chunk in _chunks(sorted(facts)):
            values = " ".join(f"<{f}>" for f in chunk)
            rows = self._rows(
                f"SELECT DISTINCT ?x ?k ?v WHERE {{ VALUES ?f {{ {values} }} GRAPH ?g {{ "
                f"{{ ?f ?k ?v BIND(?f AS ?x) }} UNION {{ ?f prov:wasDerivedFrom ?x . ?x ?k ?v }} }} }}"
            )
            for row in rows:
                props[str(row["x"])][str(row["k"])].append(row["v"])
        names = self.names({f["s"] for f in facts.values()} | {f["o"] for f in facts.values()})
        result: dict[frozenset, list[RelationView]] = defaultdict(list)
        for fact, ends in facts.items():
            view = _relation_view(fact, ends, props, names)
            result[frozenset((view.source, view.target))].append(view)
        return result

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        names: dict[str, str] = {}
        for chunk in _chunks(sorted(ids)):
            values = " ".join(_iri(i) for i in chunk)
            rows = self._rows(
                f"SELECT ?e ?name WHERE {{ VALUES ?e {{ {values} }} GRAPH {ENTITIES} {{ ?e schema:name ?name }} }}"
            )
            names.update((_local(r["e"]), str(r["name"])) for r in rows)
        return names

    def refs(self, ids: Iterable[str]) -> list:
        """Id, name and type of each entity (as ``graph.questions.EntityRef``)."""
        from graph.questions import EntityRef

        refs = []
        for chunk in _chunks(sorted(ids)):
            values = " ".join(_iri(i) for i in chunk)
            rows = self._rows(
                f"SELECT ?e ?t ?name WHERE {{ VALUES ?e {{ {values} }} GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name }} }}"
            )
            for row in rows:
                entity_type = rm.CLASS_TYPE.get(str(row["t"]))
                if entity_type is not None:
                    refs.append(EntityRef(id=_local(row["e"]), name=str(row["name"]), type=entity_type.value))
        return refs

    # --- the light networkx view --------------------------------------------------------------
    def light_graph(self) -> nx.MultiDiGraph:
        """Entities (name, type) and relations (type) only: what brokers and communities need."""
        G = nx.MultiDiGraph()
        rows = self._rows(f"SELECT ?e ?t ?name WHERE {{ GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name }} }}")
        for row in rows:
            entity_type = rm.CLASS_TYPE.get(str(row["t"]))
            if entity_type is not None:
                G.add_node(_local(row["e"]), name=str(row["name"]), type=entity_type.value)
        # The direct triples (one per relation, both directions for a symmetric one) are the cheapest
        # complete list of relations; one row per subject with its "property object" pairs concatenated
        # keeps the result small. Between two entities a relation type occurs once, so it is the edge key.
        rows = self._rows(
            f"SELECT ?s (GROUP_CONCAT(?k; separator=\" \") AS ?ks) WHERE {{ "
            f"{{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {RELATION_PROPERTIES} }} GRAPH ?g {{ ?s ?p ?o }} }} }} "
            f"BIND(CONCAT(STR(?p), \" \", STR(?o)) AS ?k) }} GROUP BY ?s"
        )
        for row in rows:
            s = _local(row["s"])
            pairs = str(row["ks"]).split(" ")
            for p, o in zip(pairs[::2], pairs[1::2]):
                relation_type = rm.PROPERTY_RELATION.get(p)
                o = _local(o)
                if relation_type is None or (relation_type.symmetric and o < s):
                    continue
                for end in (s, o):
                    if end not in G:
                        G.add_node(end, name=end, type="")
                G.add_edge(s, o, key=relation_type.value, type=relation_type.value)
        return G

    def article_counts(self, ids: Sequence[str]) -> dict[str, int]:
        """Distinct articles that mention each entity or give evidence for one of its relations."""
        counts = dict.fromkeys(ids, 0)
        for chunk in _chunks(sorted(ids)):
            values = " ".join(_iri(i) for i in chunk)
            # Each article has its own graph, so the articles are the graphs naming the entity.
            rows = self._rows(
                f"SELECT ?e (COUNT(DISTINCT ?g) AS ?n) WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ "
                f"{{ ?m ckg:mentionOf ?e }} UNION {{ ?f rdf:subject ?e }} UNION {{ ?f rdf:object ?e }} }} }} GROUP BY ?e"
            )
            for row in rows:
                counts[_local(row["e"])] = int(row["n"])
        return counts


def _first(values: list | None, default: object = None) -> object:
    return min(values, key=str) if values else default


def _relation_view(fact: str, ends: dict, props: dict[str, dict[str, list]], names: dict[str, str]) -> RelationView:
    own = props.get(fact, {})
    attributes = {}
    for prop, values in own.items():
        key = rm.property_attribute(prop)
        if key and values:
            attributes[key] = str(_first(values))
    evidence = []
    for node in own.get(rm.PROV_DERIVED_FROM.value, []):
        p = props.get(str(node), {})
        quoted = p.get(rm.PROV_QUOTED_FROM.value)
        evidence.append(
            Evidence(
                article_id=_local(quoted[0]) if quoted else "",
                sentence=str(_first(p.get(rm.SENTENCE.value), "")),
                start=int(_first(p.get(rm.START.value), 0)),
                end=int(_first(p.get(rm.END.value), 0)),
                extractor=str(_first(p.get(rm.EXTRACTOR.value), "rules")),
                confidence=float(_first(p.get(rm.CONFIDENCE.value), 1.0)),
                published=rm.parse_date(_first(p.get(rm.PUBLISHED.value))),
            )
        )
    confidences = [float(c) for c in own.get(rm.CONFIDENCE.value, [])]
    dates = [e.published for e in evidence if e.published]
    return RelationView(
        id=_local(fact),
        type=rm.PROPERTY_RELATION[ends["p"]],
        source=ends["s"],
        source_name=names.get(ends["s"], ends["s"]),
        target=ends["o"],
        target_name=names.get(ends["o"], ends["o"]),
        attributes=attributes,
        confidence=max(confidences) if confidences else 1.0,
        evidence=evidence,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
    )

