"""Models → RDF quads in the layout of ``graph.rdf_vocabulary``, and the SPARQL text that carries them
(every term serialised by pyoxigraph, never pasted in as a string)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph.model import Article, Entity, Evidence, Extraction, GraphSnapshot, Relation
from graph.rdf_vocabulary import (
    ARTICLE,
    ASSERTED_ON,
    ASSERTED_TYPE,
    CONFIDENCE,
    END,
    ENTITIES_GRAPH,
    EVIDENCE,
    EXTRACTOR,
    FACT,
    MENTION,
    MENTION_OF,
    OUTLET,
    PROV_DERIVED_FROM,
    PROV_QUOTED_FROM,
    PUBLISHED,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RELATION_PROPERTY,
    SCHEMA_AUTHOR,
    SCHEMA_DATE_PUBLISHED,
    SCHEMA_HEADLINE,
    SCHEMA_MENTIONS,
    SCHEMA_NAME,
    SCHEMA_URL,
    SENTENCE,
    SKOS_ALT_LABEL,
    START,
    TYPE_CLASS,
    article_graph,
    article_node,
    attribute_property,
    data_node,
    date_literal,
    entity_node,
    fact_node,
)


def n_triples_term(term: NamedNode | Literal | BlankNode) -> str:
    """The N-Triples form of a term, escaped by pyoxigraph (the only way text enters a query)."""
    return str(term)


def values_clause(variable: str, terms: Iterable[NamedNode | Literal]) -> str:
    """``VALUES ?v { ... }`` with library-serialised terms."""
    return "VALUES ?" + variable + " { " + " ".join(n_triples_term(t) for t in terms) + " }"


def insert_data(quads: Iterable[Quad]) -> str:
    """The body of a SPARQL ``INSERT DATA`` / ``DELETE DATA`` block, grouped by graph."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph[str(quad.graph_name)].append(triple)
    parts = []
    for graph, triples in by_graph.items():
        parts.append("GRAPH " + graph + " {\n" + "\n".join(triples) + "\n}")
    return "\n".join(parts)



def _evidence_quads(node: NamedNode, evidence: Evidence, article: Article, graph: NamedNode) -> Iterator[Quad]:
    published = evidence.published or article.published
    yield Quad(node, PROV_QUOTED_FROM, article_node(evidence.article_id or article.id), graph)
    yield Quad(node, SENTENCE, Literal(evidence.sentence), graph)
    yield Quad(node, START, Literal(evidence.start), graph)
    yield Quad(node, END, Literal(evidence.end), graph)
    yield Quad(node, EXTRACTOR, Literal(evidence.extractor), graph)
    yield Quad(node, CONFIDENCE, Literal(float(evidence.confidence)), graph)
    if published:
        yield Quad(node, PUBLISHED, date_literal(published), graph)


def article_quads(article: Article, graph: NamedNode | None = None) -> Iterator[Quad]:
    graph = graph or article_graph(article.id)
    node = article_node(article.id)
    yield Quad(node, RDF_TYPE, ARTICLE, graph)
    for prop, value in ((SCHEMA_URL, article.url), (SCHEMA_HEADLINE, article.title),
                        (OUTLET, article.outlet), (SCHEMA_AUTHOR, article.author)):
        if value:
            yield Quad(node, prop, Literal(value), graph)
    if article.published:
        yield Quad(node, SCHEMA_DATE_PUBLISHED, date_literal(article.published), graph)


def relation_quads(relation: Relation, article: Article, graph: NamedNode, first_index: int = 0) -> Iterator[Quad]:
    """The direct triple(s), the reified fact and its evidence, all in the article's graph."""
    subject, obj = entity_node(relation.source), entity_node(relation.target)
    prop = RELATION_PROPERTY[relation.type]
    yield Quad(subject, prop, obj, graph)
    if relation.type.symmetric:
        yield Quad(obj, prop, subject, graph)
    fact = fact_node(relation.id)
    yield Quad(fact, RDF_TYPE, FACT, graph)
    yield Quad(fact, RDF_SUBJECT, subject, graph)
    yield Quad(fact, RDF_PREDICATE, prop, graph)
    yield Quad(fact, RDF_OBJECT, obj, graph)
    yield Quad(fact, CONFIDENCE, Literal(float(relation.confidence)), graph)
    for key, value in relation.attributes.items():
        if value:
            yield Quad(fact, attribute_property(key), Literal(str(value)), graph)
    for published in sorted({e.published or article.published for e in relation.evidence} - {None}):
        yield Quad(fact, ASSERTED_ON, date_literal(published), graph)  # lets `members` skip the evidence hop
    # Numbered in the one evidence order, so a node's IRI does not depend on the order it was given in.
    for index, evidence in enumerate(sorted(relation.evidence, key=Evidence.sort_key), start=first_index):
        node = data_node("evidence", relation.id, article.id, str(index))
        yield Quad(fact, PROV_DERIVED_FROM, node, graph)
        yield Quad(node, RDF_TYPE, EVIDENCE, graph)
        yield from _evidence_quads(node, evidence, article, graph)


def mention_quads(entity: Entity, article: Article, graph: NamedNode) -> Iterator[Quad]:
    node = entity_node(entity.id)
    yield Quad(article_node(article.id), SCHEMA_MENTIONS, node, graph)
    yield Quad(node, ASSERTED_TYPE, TYPE_CLASS[entity.type], graph)
    for index, evidence in enumerate(sorted(entity.mentions, key=Evidence.sort_key)):
        mention = data_node("mention", entity.id, article.id, str(index))
        yield Quad(mention, RDF_TYPE, MENTION, graph)
        yield Quad(mention, MENTION_OF, node, graph)
        yield from _evidence_quads(mention, evidence, article, graph)


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """Everything one article contributes to its own named graph."""
    article = extraction.article
    graph = article_graph(article.id)
    quads = list(article_quads(article, graph))
    for entity in extraction.entities:
        quads.extend(mention_quads(entity, article, graph))
    for relation in extraction.relations:
        quads.extend(relation_quads(relation, article, graph))
    return quads


def entity_quads(entity: Entity, *, with_type: bool = True, with_name: bool = True) -> Iterator[Quad]:
    """The merged description of an entity in the entities graph (no mentions)."""
    node = entity_node(entity.id)
    if with_type:
        yield Quad(node, RDF_TYPE, TYPE_CLASS[entity.type], ENTITIES_GRAPH)
    if with_name:
        yield Quad(node, SCHEMA_NAME, Literal(entity.name), ENTITIES_GRAPH)
    for alias in entity.aliases:
        yield Quad(node, SKOS_ALT_LABEL, Literal(alias), ENTITIES_GRAPH)
    for key, value in entity.attributes.items():
        if value:
            yield Quad(node, attribute_property(key), Literal(str(value)), ENTITIES_GRAPH)


def snapshot_quads(snapshot: GraphSnapshot) -> Iterator[Quad]:
    """A whole snapshot as quads in the same layout (exports of stores that do not speak RDF)."""
    articles = {a.id: a for a in snapshot.articles}
    per_article: dict[str, Extraction] = {}

    def extraction_for(article_id: str) -> Extraction:
        if article_id not in per_article:
            article = articles.get(article_id) or Article(id=article_id, text="")
            per_article[article_id] = Extraction(article=article)
        return per_article[article_id]

    for article in snapshot.articles:
        extraction_for(article.id)
    for entity in snapshot.entities:
        yield from entity_quads(entity)
        by_article: dict[str, list[Evidence]] = defaultdict(list)
        for mention in entity.mentions:
            by_article[mention.article_id].append(mention)
        for article_id, mentions in by_article.items():
            extraction_for(article_id).entities.append(entity.model_copy(update={"mentions": mentions}))
    for relation in snapshot.relations:
        by_article = defaultdict(list)
        for evidence in relation.evidence:
            by_article[evidence.article_id].append(evidence)
        for article_id, evidence in by_article.items():
            extraction_for(article_id).relations.append(relation.model_copy(update={"evidence": evidence}))
    for extraction in per_article.values():
        yield from extraction_quads(extraction)


def rdflib_graph(quads: Iterable[Quad]):
    """The union of the quads' graphs as an rdflib Graph (what pyshacl and rdflib tools read)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    return graph

