"""The ready questions' searches in SPARQL: the fast paths an RDF store offers as ``fast_questions()``.

They read the layout of ``graph.rdf_vocabulary`` through the store's own select primitive and return
exactly what the generic snapshot paths in ``graph.questions`` return (a parity test compares them).
Only entity ids enter the query text, as IRIs built from ids checked against a strict pattern.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from graph import rdf_vocabulary as voc
from graph.model import RelationView
from graph.stores.base import StoreError

if TYPE_CHECKING:
    import networkx as nx

ENTITIES = f"<{voc.ENTITIES_GRAPH.value}>"
RELATION_PROPERTIES = " ".join(f"<{p.value}>" for p in voc.RELATION_PROPERTY.values())
CHUNK = 500

_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ENTITY_PREFIX = voc.entity_node("x").value[:-1]


def _iri(entity_id: str) -> str:
    if not _SAFE_ID.match(entity_id):
        raise StoreError(f"not an entity id: {entity_id!r}")
    return f"<{_ENTITY_PREFIX}{entity_id}>"


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _local(term: object) -> str:
    text = term.value if isinstance(term, ox.NamedNode) else str(term)
    if text.startswith(_ENTITY_PREFIX):  # entity ids need no unquoting: the common, fast case
        return text[len(_ENTITY_PREFIX) :]
    return voc.local_id(text)


class SparqlReads(Protocol):
    """What the searches need of a SPARQL store (``SparqlGraphStore`` provides it)."""

    def _select(self, query: str) -> list[dict]: ...

    def relation_views(self, facts: list[ox.NamedNode]) -> list[RelationView]: ...

    def names_and_types(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]: ...


class SparqlQuestions:
    """The searches behind ``links``, ``instructions``, ``brokers`` and ``communities`` in SPARQL."""

    def __init__(self, store: SparqlReads) -> None:
        self.store = store

    def _rows(self, query: str) -> list[dict]:
        return self.store._select(query)

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
        """Every relation joining each unordered pair, read as the store's ``entity`` reads relations."""
        facts: set[ox.NamedNode] = set()
        ordered = sorted({tuple(sorted(p)) for p in pairs})
        for chunk in _chunks(ordered, CHUNK // 2):
            values = " ".join(f"({_iri(a)} {_iri(b)}) ({_iri(b)} {_iri(a)})" for a, b in chunk)
            rows = self._rows(
                f"SELECT DISTINCT ?f ?p WHERE {{ VALUES (?s ?o) {{ {values} }} "
                f"GRAPH ?g {{ ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}"
            )
            facts.update(row["f"] for row in rows if row["p"].value in voc.PROPERTY_RELATION)
        result: dict[frozenset, list[RelationView]] = defaultdict(list)
        for view in self.store.relation_views(sorted(facts, key=lambda f: f.value)):
            result[frozenset((view.source, view.target))].append(view)
        return result

    def refs(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Name and type value of each entity with a known type."""
        return {i: ref for i, ref in self.store.names_and_types(ids).items() if ref[1]}

    # --- the light networkx view --------------------------------------------------------------
    def light_graph(self) -> nx.MultiDiGraph:
        """Entities (name, type) and relations (type) only: what brokers and communities need."""
        import networkx as nx

        G = nx.MultiDiGraph()
        rows = self._rows(f"SELECT ?e ?t ?name WHERE {{ GRAPH {ENTITIES} {{ ?e a ?t ; schema:name ?name }} }}")
        for row in rows:
            entity_type = voc.CLASS_TYPE.get(row["t"].value)
            if entity_type is not None:
                G.add_node(_local(row["e"]), name=row["name"].value, type=entity_type.value)
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
            pairs = row["ks"].value.split(" ")
            for p, o in zip(pairs[::2], pairs[1::2]):
                relation_type = voc.PROPERTY_RELATION.get(p)
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
                counts[_local(row["e"])] = int(row["n"].value)
        return counts
